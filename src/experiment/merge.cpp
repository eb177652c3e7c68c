#include "experiment/merge.h"

#include <map>
#include <nlohmann/json.hpp>

#include "experiment/csv.h"
#include "experiment/plan_json.h"
#include "experiment/result_files.h"
#include "experiment/shard.h"
#include "report/file_text.h"
#include "report/schema_version.h"
#include "sim/random_stream.h"

namespace relaysim::experiment {
namespace {

namespace fs = std::filesystem;

struct ShardFolder {
  fs::path dir;
  std::string plan_text;
  std::uint64_t shards = 0;
  std::vector<RunOutcome> outcomes;
};

std::string read_text(const fs::path& file, bool required) {
  std::optional<std::string> text = report::read_file(file);
  if (!text && required) {
    throw MergeError(file.string() + ": cannot read it; is " + file.parent_path().string() +
                     " a folder written by relaysim experiment --shard K/N?");
  }
  return std::move(text).value_or("");
}

[[noreturn]] void fail(const fs::path& file, const std::string& what) { throw MergeError(file.string() + ": " + what); }

// runs.csv back into outcomes: each row's run number and metric values.
std::vector<RunOutcome> read_runs(const fs::path& file, const Plan& plan) {
  const std::string text = read_text(file, true);
  const auto lines = lines_of(text);
  if (lines.empty()) fail(file, "empty");
  const std::vector<std::string> header = split_csv_row(lines[0]);
  const std::vector<std::string> fixed = run_columns(plan);
  if (header.size() < fixed.size() || !std::equal(fixed.begin(), fixed.end(), header.begin())) {
    fail(file, "its columns are not those of the plan beside it");
  }
  std::vector<RunOutcome> outcomes;
  for (std::size_t l = 1; l < lines.size(); ++l) {
    const std::vector<std::string> row = split_csv_row(lines[l]);
    const auto run = parse_number(row[0]);
    if (row.size() != header.size() || !run || *run < 0 || *run >= static_cast<double>(plan.runs.size())) {
      fail(file, "line " + std::to_string(l + 1) + " is not a run of the plan");
    }
    RunOutcome o{static_cast<std::size_t>(*run), {}, ""};
    for (std::size_t c = fixed.size(); c < row.size(); ++c) {
      if (row[c].empty()) continue;
      const auto value = parse_number(row[c]);
      if (!value) fail(file, "line " + std::to_string(l + 1) + ": '" + row[c] + "' is not a number");
      o.metrics.emplace_back(header[c], *value);
    }
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

// Gives each outcome its metrics.csv rows, in the order and counts shard.json lists.
void read_metrics(const fs::path& dir, const std::vector<ShardRecord::Run>& runs, std::vector<RunOutcome>& outcomes) {
  const std::string text = read_text(dir / "metrics.csv", false);
  const auto lines = lines_of(text);
  std::size_t next = 1;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (runs[i].run != outcomes[i].run) fail(dir / "shard.json", "its runs are not those of runs.csv");
    const std::size_t rows = runs[i].metrics_rows;
    if (lines.empty()) continue;
    if (next + rows > lines.size()) fail(dir / "metrics.csv", "has fewer rows than shard.json counts");
    outcomes[i].metrics_csv = std::string(lines[0]) + "\n";
    for (std::size_t r = 0; r < rows; ++r) outcomes[i].metrics_csv += std::string(lines[next++]) + "\n";
  }
  if (!lines.empty() && next != lines.size()) fail(dir / "metrics.csv", "has more rows than shard.json counts");
}

ShardFolder read_shard(const fs::path& dir) {
  ShardFolder s{dir, read_text(dir / "plan.json", true), 0, {}};
  const Plan plan = parse_plan_json(s.plan_text, (dir / "plan.json").string());
  const fs::path shard_file = dir / "shard.json";
  try {
    const nlohmann::json j = nlohmann::json::parse(read_text(shard_file, true));
    if (const auto problem = report::schema_version_problem(j, report::kShardSchemaVersion)) fail(shard_file, *problem);
    const ShardRecord record = j.get<ShardRecord>();
    if (record.plan_fnv1a != hex64(sim::stable_hash(s.plan_text))) {
      fail(shard_file, "it belongs to another plan.json than the one beside it");
    }
    s.shards = record.shard.count;
    s.outcomes = read_runs(dir / "runs.csv", plan);
    if (record.runs.size() != s.outcomes.size()) fail(shard_file, "its runs are not those of runs.csv");
    read_metrics(dir, record.runs, s.outcomes);
  } catch (const nlohmann::json::exception& e) {
    fail(shard_file, std::string("not a shard.json written by relaysim (") + e.what() + ")");
  }
  return s;
}

// "3, 7, 11" (the first ten, then how many more).
std::string run_list(const std::vector<std::size_t>& runs) {
  std::string text;
  for (std::size_t i = 0; i < runs.size() && i < 10; ++i) text += (i ? ", " : "") + std::to_string(runs[i]);
  if (runs.size() > 10) text += " and " + std::to_string(runs.size() - 10) + " more";
  return text;
}

void check_missing(const std::vector<const RunOutcome*>& by_run, std::uint64_t shards) {
  std::vector<std::size_t> missing;
  std::map<std::size_t, bool> missing_shards;
  for (std::size_t r = 0; r < by_run.size(); ++r) {
    if (by_run[r] != nullptr) continue;
    missing.push_back(r);
    missing_shards[r % shards] = true;
  }
  if (missing.empty()) return;
  std::string which;
  for (const auto& [k, _] : missing_shards) which += (which.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(shards);
  throw MergeError("runs " + run_list(missing) + " of " + std::to_string(by_run.size()) +
                   " are missing: add the folder of shard " + which);
}

}  // namespace

MergedRuns merge_shards(const std::vector<fs::path>& dirs) {
  if (dirs.empty()) throw MergeError("no shard folders given");
  std::vector<ShardFolder> shards;
  for (const fs::path& dir : dirs) shards.push_back(read_shard(dir));
  for (const ShardFolder& s : shards) {
    if (s.plan_text != shards[0].plan_text) {
      throw MergeError((s.dir / "plan.json").string() + " differs from " + (shards[0].dir / "plan.json").string() +
                       ": the folders are shards of different experiments (scenario file, options or version)");
    }
  }
  MergedRuns merged{parse_plan_json(shards[0].plan_text, (shards[0].dir / "plan.json").string()), {}};
  std::vector<const RunOutcome*> by_run(merged.plan.runs.size(), nullptr);
  std::vector<const fs::path*> from(merged.plan.runs.size(), nullptr);
  for (const ShardFolder& s : shards) {
    for (const RunOutcome& o : s.outcomes) {
      if (by_run[o.run] != nullptr) {
        throw MergeError("run " + std::to_string(o.run) + " is in both " + from[o.run]->string() + " and " +
                         s.dir.string() + ": give each shard once");
      }
      by_run[o.run] = &o;
      from[o.run] = &s.dir;
    }
  }
  check_missing(by_run, shards[0].shards);
  for (const RunOutcome* o : by_run) merged.outcomes.push_back(*o);
  return merged;
}

}  // namespace relaysim::experiment

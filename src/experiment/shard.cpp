#include "experiment/shard.h"

#include <nlohmann/json.hpp>

#include "experiment/csv.h"
#include "experiment/plan_json.h"
#include "report/schema_version.h"
#include "scenario/units.h"
#include "sim/random_stream.h"

namespace relaysim::experiment {

std::optional<Shard> parse_shard(std::string_view text, std::string& error) {
  const std::size_t slash = text.find('/');
  const auto k = scenario::parse_count(text.substr(0, slash));
  const auto n = slash == std::string_view::npos ? k : scenario::parse_count(text.substr(slash + 1));
  if (slash == std::string_view::npos || !k || !n || n.value() == 0 || k.value() >= n.value()) {
    error = "expected K/N with K from 0 to N-1 (K counts from 0, like SLURM_ARRAY_TASK_ID), got '" +
            std::string(text) + "'";
    return std::nullopt;
  }
  return Shard{k.value(), n.value()};
}

std::vector<std::size_t> runs_of(const Shard& shard, std::size_t total) {
  std::vector<std::size_t> runs;
  for (std::size_t r = shard.index; r < total; r += shard.count) runs.push_back(r);
  return runs;
}

ShardRecord shard_record(const Shard& shard, const std::string& plan_text, const std::vector<RunOutcome>& outcomes) {
  ShardRecord record{shard, hex64(sim::stable_hash(plan_text)), {}};
  for (const RunOutcome& o : outcomes) {
    const std::size_t rows = lines_of(o.metrics_csv).size();
    record.runs.push_back({o.run, rows ? rows - 1 : 0});
  }
  return record;
}

std::string shard_json(const ShardRecord& record) {
  std::string out = "{\n  \"schema_version\": " + std::to_string(report::kShardSchemaVersion) +
                    ",\n  \"shard\": " + std::to_string(record.shard.index) + ",\n  \"shards\": " +
                    std::to_string(record.shard.count) + ",\n  \"plan_fnv1a\": \"" + record.plan_fnv1a +
                    "\",\n  \"runs\": [";
  for (std::size_t i = 0; i < record.runs.size(); ++i) {
    out += (i ? ",\n    " : "\n    ") + std::string("{\"run\": ") + std::to_string(record.runs[i].run) +
           ", \"metrics_rows\": " + std::to_string(record.runs[i].metrics_rows) + "}";
  }
  return out + (record.runs.empty() ? "]" : "\n  ]") + "\n}\n";
}

void from_json(const nlohmann::json& j, ShardRecord& record) {
  record.shard.index = j.at("shard").get<std::uint64_t>();
  record.shard.count = j.at("shards").get<std::uint64_t>();
  record.plan_fnv1a = j.at("plan_fnv1a").get<std::string>();
  record.runs.clear();
  for (const nlohmann::json& r : j.at("runs")) {
    record.runs.push_back({r.at("run").get<std::size_t>(), r.at("metrics_rows").get<std::size_t>()});
  }
}

}  // namespace relaysim::experiment

// The result files from a made-up plan: their columns, the statistics in summary.csv, and shards
// that merge back into byte-identical files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "experiment/merge.h"
#include "experiment/output_set.h"
#include "experiment/plan_json.h"
#include "experiment/result_files.h"
#include "experiment/shard.h"

using namespace relaysim::experiment;
namespace fs = std::filesystem;

namespace {

// Two variants x two rates x three replications, each run with two metrics and a metrics.csv.
Plan made_up_plan() {
  Plan plan;
  plan.kind = "experiment";
  plan.files = {{"x.yaml", 0x0123456789abcdefULL}};
  plan.replications = 3;
  plan.axes = {"agents.spammer.rate"};
  for (const char* variant : {"open", "closed"}) {
    for (const char* rate : {"60/h", "600/h"}) {
      plan.configurations.push_back({"t", variant, {rate}, {"variant '" + std::string(variant) + "' a=b"}});
    }
  }
  for (std::size_t c = 0; c < plan.configurations.size(); ++c) {
    for (std::uint64_t r = 0; r < plan.replications; ++r) plan.runs.push_back({c, r, 100 + r});
  }
  return plan;
}

std::vector<RunOutcome> made_up_outcomes(const Plan& plan) {
  std::vector<RunOutcome> outcomes;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const double x = static_cast<double>(i % 3) + 1.0 / 3;
    outcomes.push_back({i, {{"spam_delivered", static_cast<double>(i)}, {"ratio", x}},
                        "scenario,variant,seed,v\nt,x," + std::to_string(i) + ",1\nt,x," + std::to_string(i) + ",2\n"});
  }
  return outcomes;
}

std::string file_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("plan.json reads back into the same plan") {
  const Plan plan = made_up_plan();
  const std::string text = plan_json(plan);
  CHECK(plan_json(parse_plan_json(text, "plan.json")) == text);
  CHECK_THROWS_AS(parse_plan_json("{}", "plan.json"), PlanFileError);
}

TEST_CASE("a plan.json of another schema_version is refused with the file named") {
  std::string text = plan_json(made_up_plan());
  const std::string version = "\"schema_version\": 1,";
  REQUIRE(text.find(version) != std::string::npos);
  text.replace(text.find(version), version.size(), "\"schema_version\": 2,");
  CHECK_THROWS_WITH(parse_plan_json(text, "out/plan.json"), Catch::Contains("out/plan.json: schema_version 2"));
}

TEST_CASE("runs.csv has a row per run and summary.csv the mean and interval per configuration") {
  const Plan plan = made_up_plan();
  const auto outcomes = made_up_outcomes(plan);
  const std::string runs = runs_csv(plan, outcomes);
  CHECK(runs.rfind("run,scenario,variant,agents.spammer.rate,replication,seed,spam_delivered,ratio\n"
                   "0,t,open,60/h,0,100,0,0.3333333333333333\n",
                   0) == 0);
  const std::string summary = summary_csv(plan, summarize(plan, outcomes));
  // open at 60/h: spam_delivered 0, 1, 2 -> mean 1, s = 1, half-width t(0.975, 2) / sqrt(3) = 2.4841
  CHECK(summary.find("t,open,60/h,spam_delivered,3,1,-1.4841") != std::string::npos);
  CHECK(metrics_csv(outcomes).rfind("scenario,variant,seed,v\nt,x,0,1\nt,x,0,2\nt,x,1,1\n", 0) == 0);
}

TEST_CASE("shards written apart merge into the files of the whole, byte for byte") {
  const Plan plan = made_up_plan();
  const auto outcomes = made_up_outcomes(plan);
  const fs::path root = fs::temp_directory_path() / ("relaysim-merge-unit-" + std::to_string(::getpid()));
  fs::remove_all(root);
  std::vector<fs::path> dirs;
  for (std::uint64_t k = 0; k < 3; ++k) {
    const Shard shard{k, 3};
    std::vector<RunOutcome> part;
    for (std::size_t r : runs_of(shard, plan.runs.size())) part.push_back(outcomes[r]);
    dirs.push_back(root / ("shard-" + std::to_string(k)));
    write_output_files(dirs.back(), shard_results(plan, shard, part));
  }
  const MergedRuns merged = merge_shards(dirs);
  const OutputFiles whole = full_results(plan, outcomes);
  const OutputFiles again = full_results(merged.plan, merged.outcomes);
  CHECK(again == whole);

  SECTION("a missing shard is named") {
    CHECK_THROWS_WITH(merge_shards({dirs[0], dirs[2]}), Catch::Contains("add the folder of shard 1/3"));
  }
  SECTION("a shard given twice is refused") {
    CHECK_THROWS_WITH(merge_shards({dirs[0], dirs[1], dirs[2], dirs[1]}), Catch::Contains("is in both"));
  }
  SECTION("a shard of another plan is refused") {
    Plan other = plan;
    other.replications = 4;
    write_output_files(dirs[1], shard_results(other, Shard{1, 3}, {}));
    CHECK_THROWS_WITH(merge_shards(dirs), Catch::Contains("shards of different experiments"));
  }
  SECTION("a shard.json of another schema_version is refused with the file named") {
    const fs::path shard_file = dirs[1] / "shard.json";
    std::string text = file_text(shard_file);
    const std::string version = "\"schema_version\": 1,";
    REQUIRE(text.find(version) != std::string::npos);
    text.replace(text.find(version), version.size(), "\"schema_version\": 2,");
    std::ofstream(shard_file, std::ios::binary | std::ios::trunc) << text;
    CHECK_THROWS_WITH(merge_shards(dirs), Catch::Contains(shard_file.string() + ": schema_version 2"));
  }
  CHECK(file_text(dirs[0] / "plan.json") == whole[0].second);
  fs::remove_all(root);
}

TEST_CASE("a shard.json reads back as the record it was written from") {
  const Plan plan = made_up_plan();
  std::vector<RunOutcome> outcomes;
  outcomes.push_back({4, {}, "a,b\n1,2\n3,4\n"});
  outcomes.push_back({7, {}, ""});
  const ShardRecord written = shard_record(Shard{1, 3}, plan_json(plan), outcomes);
  const ShardRecord read = nlohmann::json::parse(shard_json(written)).get<ShardRecord>();
  CHECK(read.shard.index == 1);
  CHECK(read.shard.count == 3);
  CHECK(read.plan_fnv1a == written.plan_fnv1a);
  CHECK(read.runs == std::vector<ShardRecord::Run>{{4, 2}, {7, 0}});
}

// Reading a run's folder back: a file of a schema_version this relaysim does not know is refused.
#include "viz/run_record.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

using namespace relaysim;
namespace fs = std::filesystem;

namespace {

// A folder with a summary.json and a topology.json of the given texts.
fs::path run_folder(const std::string& summary, const std::string& topology) {
  const fs::path dir = fs::temp_directory_path() / ("relaysim-run-record-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "summary.json") << summary;
  std::ofstream(dir / "topology.json") << topology;
  return dir;
}

const std::string kSummary = report::summary_json(report::summary_record(report::RunTotals{}));
const std::string kTopology = report::topology_json(report::TopologyRecord{});

}  // namespace

TEST_CASE("a summary.json of schema_version 2 is refused with the file named") {
  const fs::path dir = run_folder(R"({"schema_version": 2, "messages": {}, "mtas": {}})", kTopology);
  CHECK_THROWS_WITH(viz::load_run(dir), Catch::StartsWith((dir / "summary.json").string() + ": schema_version 2"));
  fs::remove_all(dir);
}

TEST_CASE("a topology.json of schema_version 2 is refused with the file named") {
  const fs::path dir = run_folder(kSummary, R"({"schema_version": 2})");
  CHECK_THROWS_WITH(viz::load_run(dir), Catch::StartsWith((dir / "topology.json").string() + ": schema_version 2"));
  fs::remove_all(dir);
}

TEST_CASE("a summary.json and a topology.json without schema_version are read as version 1") {
  const fs::path dir = run_folder(R"({"messages": {}, "mtas": {}})",
                                  R"({"scenario": "old", "seed": 1, "duration_s": 60.0, "nodes": [], "domains": [], "links": []})");
  std::ofstream(dir / "trace.jsonl") << "";
  CHECK(viz::load_run(dir).topology.scenario == "old");
  fs::remove_all(dir);
}

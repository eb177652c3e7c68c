// What holds for every shipped scenario: nothing is lost, and runs are reproducible.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "scenario_fixture.h"

using namespace relaysim;
using namespace relaysim::testing;

namespace {

const char* const kShipped[] = {"00-roles.yaml", "01-direct-delivery.yaml", "02-open-relay.yaml", "03-authenticated.yaml",
                                "04-backup-mx.yaml"};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// All output files of a run, concatenated with their names, for byte comparisons.
std::string run_to_files(const scenario::ScenarioSpec& spec, const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  run::RunOptions options;
  options.out_dir = dir;
  options.transcripts.mode = report::TranscriptChoice::Mode::All;
  options.explain = true;
  run::run_scenario(spec, options);
  std::string all = "summary.json\n" + slurp(dir / "summary.json") + "trace.jsonl\n" + slurp(dir / "trace.jsonl") +
                    "mailboxes.csv\n" + slurp(dir / "mailboxes.csv");
  std::vector<std::filesystem::path> transcripts;
  for (const auto& e : std::filesystem::directory_iterator(dir / "transcripts")) transcripts.push_back(e.path());
  std::sort(transcripts.begin(), transcripts.end());
  for (const auto& t : transcripts) all += t.filename().string() + "\n" + slurp(t);
  std::filesystem::remove_all(dir);
  return all;
}

}  // namespace

TEST_CASE("in every shipped scenario, submitted copies equal delivered + rejected + bounced + queued") {
  for (const char* file : kShipped) {
    INFO(file);
    const auto r = run_in_memory(shipped_scenario(file));
    for (const auto& c : r.totals.classes) CHECK(c.submitted == c.settled());
    CHECK(ham(r).submitted + spam(r).submitted > 0);
  }
}

TEST_CASE("the same scenario and seed give byte-identical outputs") {
  const auto tmp = std::filesystem::temp_directory_path();
  for (const char* file : kShipped) {
    INFO(file);
    const auto spec = shipped_scenario(file);
    CHECK(run_to_files(spec, tmp / "relaysim-det-a") == run_to_files(spec, tmp / "relaysim-det-b"));
  }
}

TEST_CASE("another seed gives different outputs") {
  const auto tmp = std::filesystem::temp_directory_path();
  for (const char* file : kShipped) {
    INFO(file);
    auto spec = shipped_scenario(file);
    const std::string first = run_to_files(spec, tmp / "relaysim-seed-a");
    spec.seed += 1;
    CHECK(first != run_to_files(spec, tmp / "relaysim-seed-b"));
  }
}

TEST_CASE("mailboxes.csv has a header field for every field of its rows, in every shipped scenario") {
  for (const char* file : kShipped) {
    const auto dir = std::filesystem::temp_directory_path() / (std::string("relaysim-mailboxes-") + file);
    std::filesystem::remove_all(dir);
    run::RunOptions options;
    options.out_dir = dir;
    run::run_scenario(shipped_scenario(file), options);
    std::istringstream csv(slurp(dir / "mailboxes.csv"));
    std::string header, row;
    REQUIRE(std::getline(csv, header));
    CHECK(header == "mailbox,server,ham,spam,dsn,probe");
    const auto fields = [](const std::string& line) { return std::count(line.begin(), line.end(), ',') + 1; };
    std::size_t rows = 0;
    while (std::getline(csv, row)) {
      INFO(file << ": " << row);
      if (row.find('"') == std::string::npos) CHECK(fields(row) == fields(header));
      ++rows;
    }
    CHECK(rows > 0);
    std::filesystem::remove_all(dir);
  }
}

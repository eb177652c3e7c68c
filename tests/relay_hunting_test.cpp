// Lesson 05: spammers find open relays by probing, spam delivered rises, and falls again as
// the blocklist lists the relays and their operators close them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "scenario_fixture.h"

using namespace relaysim;
using namespace relaysim::testing;

namespace {

// metrics.csv as one map per interval, column name -> value (numeric columns only).
std::vector<std::map<std::string, double>> metric_rows(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  for (std::istringstream header(line); std::getline(header, line, ',');) names.push_back(line);
  std::vector<std::map<std::string, double>> rows;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::map<std::string, double> row;
    std::string cell;
    for (std::size_t i = 0; std::getline(cells, cell, ','); ++i) {
      if (i >= 3 && i < names.size()) row[names[i]] = std::stod(cell);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

double spam_delivered(const std::map<std::string, double>& row) { return row.at("spam_inbox") + row.at("spam_junk"); }

double total(const std::vector<std::map<std::string, double>>& rows, const std::string& column, std::size_t from,
             std::size_t to) {
  double sum = 0;
  for (std::size_t i = from; i < to && i < rows.size(); ++i) sum += rows[i].at(column);
  return sum;
}

}  // namespace

TEST_CASE("Relay hunters find every open relay in the range, and not the properly configured server",
          "[lesson][hunting]") {
  const auto result = run_in_memory(shipped_scenario("05-relay-hunting.yaml"));
  const auto rows = metric_rows(result.metrics_csv);
  CHECK(total(rows, "relays_found", 0, rows.size()) == 3);
  CHECK(total(rows, "probes", 0, rows.size()) > 1000);
  // The school's server refuses the probes: 554 5.7.1 Relay access denied.
  CHECK(server(result, "mx.school.example").rejected.by_text().at("5.7.1") > 0);
  CHECK(server(result, "mx.school.example").relayed == 0);
}

TEST_CASE("Spam delivered through found relays rises, then falls once the relays are listed and closed",
          "[lesson][hunting]") {
  const auto result = run_in_memory(shipped_scenario("05-relay-hunting.yaml"));
  const auto rows = metric_rows(result.metrics_csv);
  REQUIRE(rows.size() == 72);  // 3 days of 1-hour intervals
  // Nothing is delivered before a relay is found; then the spam flows.
  CHECK(spam_delivered(rows[0]) < total(rows, "spam_inbox", 1, 4));
  const double first_six_hours = total(rows, "spam_inbox", 0, 6) + total(rows, "spam_junk", 0, 6);
  const double last_day = total(rows, "spam_inbox", 48, 72) + total(rows, "spam_junk", 48, 72);
  CHECK(first_six_hours > 200);
  CHECK(last_day == 0);
  // All three relays got listed, and the operators closed them: the spammers know none by the end.
  CHECK(rows.back().at("listed_addresses") == 3);
  CHECK(rows.back().at("open_relays_known") == 0);
  CHECK(total(rows, "spam_submitted", 48, 72) == 0);  // with no relay left, hunters have nowhere to send
}

TEST_CASE("After its relay is listed, the victims refuse the campus users' own mail too", "[lesson][hunting]") {
  const auto result = run_in_memory(with_only_agent(shipped_scenario("05-relay-hunting.yaml"), "carol"));
  const auto alone = ham(result);
  const auto with_spammers = ham(run_in_memory(shipped_scenario("05-relay-hunting.yaml")));
  CHECK(fate(alone, world::Fate::Bounced) == 0);
  CHECK(fate(with_spammers, world::Fate::Bounced) > with_spammers.submitted / 2);
}

TEST_CASE("Every copy in the relay-hunting lesson ends in exactly one state, probes included",
          "[lesson][hunting][accounting]") {
  const auto result = run_in_memory(shipped_scenario("05-relay-hunting.yaml"));
  for (const auto& c : result.totals.classes) CHECK(c.settled() == c.submitted);
  const auto& probes = result.totals.classes[static_cast<int>(world::MessageClass::Probe)];
  CHECK(probes.submitted > 0);
}

TEST_CASE("A chaining hunter's spam passes two relays, and the victims see only the second", "[lesson][hunting]") {
  const auto dir = std::filesystem::temp_directory_path() / "relaysim-chain-test";
  std::filesystem::remove_all(dir);
  run::RunOptions options;
  options.out_dir = dir;
  run::run_scenario(with_only_agent(shipped_scenario("05-relay-hunting.yaml"), "hunter2"), options);
  std::ifstream trace(dir / "trace.jsonl");
  std::map<std::string, std::vector<std::string>> hops;  // message id -> "from>to" of each accepted session
  for (std::string line; std::getline(trace, line);) {
    if (line.find("\"event\": \"accepted\"") == std::string::npos) continue;
    const auto field = [&](const std::string& key) {
      const auto start = line.find("\"" + key + "\": ") + key.size() + 4;
      return line.substr(start, line.find_first_of(",}", start) - start);
    };
    hops[field("msg")].push_back(field("from") + ">" + field("to"));
  }
  std::size_t chained = 0;
  const auto from = [](const std::string& hop) { return hop.substr(0, hop.find('>')); };
  const auto to = [](const std::string& hop) { return hop.substr(hop.find('>') + 1); };
  for (const auto& [msg, path] : hops) {
    // hunter2 > relay A > relay B, then relay B > each victim's server.
    if (path.size() < 3 || !to(path[1]).starts_with("\"mx.campus")) continue;
    ++chained;
    CHECK(from(path[0]) == "\"hunter2\"");
    CHECK(to(path[0]) == from(path[1]));
    for (std::size_t i = 2; i < path.size(); ++i) {
      CHECK(from(path[i]) == to(path[1]));
      CHECK(to(path[i]).starts_with("\"mx.victim"));
    }
  }
  CHECK(chained > 10);
  std::filesystem::remove_all(dir);
}

// summary.json: what relaysim run writes is what viz/ reads back, field for field.
#include "report/summary_record.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/schema_version.h"

using namespace relaysim;
using report::SummaryRecord;

namespace {

report::RunTotals some_totals() {
  report::RunTotals t;
  t.scenario = "open \"relay\"";
  t.seed = 42;
  t.sim_time = 3723 * sim::kSecond + 456;
  t.events = 1234;
  t.classes[0].submitted = 5;
  t.classes[0].fates = {3, 1, 0, 1};
  t.classes[1].submitted = 300;
  t.classes[1].fates = {40, 260, 0, 0};
  t.mtas.push_back({"mx.victim.example", 9, 8, 0, 8, 2, {}});
  for (int i = 0; i < 260; ++i) t.mtas.back().rejected.count({5, 7, 1});
  t.mtas.back().rejected.count({5, 1, 1});
  t.mtas.push_back({"campus", 3, 3, 3, 0, 0, {}});  // listed after the victim, as in the scenario
  const report::CopyOutcome refused{world::MessageClass::Spam, world::Fate::Rejected, world::Folder::Inbox, 554,
                                    {5, 7, 1}, report::RejectReason::RelayDenied};
  const report::CopyOutcome delivered{world::MessageClass::Ham, world::Fate::Delivered, world::Folder::Junk, 250,
                                      {2, 0, 0}};
  t.key_messages = {{7, refused, false}, {2, delivered, true}};
  return t;
}

SummaryRecord read_back(const std::string& text) { return nlohmann::ordered_json::parse(text).get<SummaryRecord>(); }

}  // namespace

TEST_CASE("a summary read back from the summary.json written of it is the same summary") {
  const SummaryRecord written = report::summary_record(some_totals());
  const SummaryRecord read = read_back(report::summary_json(written));
  CHECK(read == written);
  CHECK(read.sim_time == 3723 * sim::kSecond + 456);
  REQUIRE(read.mtas.size() == 2);
  CHECK(read.mtas[1].name == "campus");
  CHECK(read.key_messages[0].outcome == "spam refused with 554 5.7.1 (relay denied)");
}

TEST_CASE("summary.json begins with its schema_version") {
  const std::string text = report::summary_json(report::summary_record(some_totals()));
  CHECK(text.rfind("{\n  \"schema_version\": 1,\n  \"scenario\": ", 0) == 0);
  CHECK(nlohmann::json::parse(text).at("schema_version") == report::kSummarySchemaVersion);
}

TEST_CASE("a summary with no key messages and no MTAs is written and read back") {
  const SummaryRecord written = report::summary_record(report::RunTotals{});
  CHECK(read_back(report::summary_json(written)) == written);
}

TEST_CASE("a schema_version other than the reader's is a problem the reader can name") {
  const auto j = [](const char* text) { return nlohmann::json::parse(text); };
  CHECK_FALSE(report::schema_version_problem(j(R"({"schema_version": 1})"), 1));
  CHECK_FALSE(report::schema_version_problem(j(R"({"scenario": "written before versions"})"), 1));
  CHECK(report::schema_version_problem(j(R"({"schema_version": 2})"), 1) ==
        "schema_version 2, but this relaysim reads schema_version 1 (a newer relaysim wrote it)");
  CHECK(report::schema_version_problem(j(R"({"schema_version": "1"})"), 1) ==
        "its schema_version is not a whole number");
}

TEST_CASE("refusals counted by status are listed by their text, as summary.json lists them") {
  relaysim::report::StatusCounts counts;
  for (const relaysim::smtp::EnhancedStatus s :
       {relaysim::smtp::EnhancedStatus{5, 7, 1}, {5, 1, 10}, {4, 7, 1}, {5, 7, 1}, {5, 1, 2}}) {
    counts.count(s);
  }
  const std::map<std::string, std::uint64_t> expected{{"4.7.1", 1}, {"5.1.10", 1}, {"5.1.2", 1}, {"5.7.1", 2}};
  CHECK(counts.by_text() == expected);
}

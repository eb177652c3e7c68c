// relaysim render and run --diagrams as a user meets them: files, formats, exit statuses.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/summary_record.h"
#include "scenario_fixture.h"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int status = -1;
  std::string out, err;
};

using relaysim::testing::read_file;

Outcome relaysim_cli(const std::string& args, const fs::path& work) {
  const std::string command = std::string(RELAYSIM_BINARY) + " " + args + " >" + (work / "out").string() + " 2>" +
                              (work / "err").string();
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(work / "out"), read_file(work / "err")};
}

// A fresh folder with one run of lesson 04 in work/run.
fs::path prepared(const std::string& tag) {
  const fs::path work = fs::temp_directory_path() / ("relaysim-render-" + tag + "-" + std::to_string(getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string scenario = (relaysim::testing::source_dir() / "scenarios/04-backup-mx.yaml").string();
  REQUIRE(relaysim_cli("run " + scenario + " --quiet --out " + (work / "run").string(), work).status == 0);
  return work;
}

}  // namespace

TEST_CASE("relaysim run writes topology.json beside the summary") {
  const fs::path work = prepared("topology");
  const std::string topology = read_file(work / "run/topology.json");
  CHECK(topology.find("\"scenario\": \"backup-mx\"") != std::string::npos);
  CHECK(topology.find("\"outages\": [[1800.000000, 5400.000000]]") != std::string::npos);
  CHECK(topology.find("{\"host\": \"mx2.example.org\", \"preference\": 20}") != std::string::npos);
  fs::remove_all(work);
}

TEST_CASE("relaysim render with no diagram named draws the default set and report.html") {
  const fs::path work = prepared("defaults");
  const Outcome o = relaysim_cli("render " + (work / "run").string(), work);
  CHECK(o.status == 0);
  for (const char* file : {"topology.svg", "flows.svg", "timelapse-01.svg", "timelapse-06.svg", "message-000001.svg"}) {
    CAPTURE(file);
    CHECK(fs::file_size(work / "run/diagrams" / file) > 1000);
  }
  CHECK(fs::exists(work / "run/report.html"));
  fs::remove_all(work);
}

TEST_CASE("relaysim render --out FILE takes the format from the extension") {
  const fs::path work = prepared("file");
  CHECK(relaysim_cli("render " + (work / "run").string() + " --flows --out " + (work / "flows.pdf").string(), work)
            .status == 0);
  CHECK(read_file(work / "flows.pdf").rfind("%PDF-", 0) == 0);
  CHECK(relaysim_cli("render " + (work / "run").string() + " --message 13 --format png --out " +
                         (work / "m13.png").string(),
                     work)
            .status == 0);
  CHECK(read_file(work / "m13.png").rfind("\x89PNG", 0) == 0);
  fs::remove_all(work);
}

TEST_CASE("relaysim render: bad usage and bad folders exit 2 with a clear message") {
  const fs::path work = prepared("bad");
  const std::string run = (work / "run").string();
  Outcome o = relaysim_cli("render " + (work / "nothing").string(), work);
  CHECK(o.status == 2);
  CHECK(o.err.find("no such output folder") != std::string::npos);

  fs::remove(work / "run/topology.json");
  o = relaysim_cli("render " + run + " --flows", work);
  CHECK(o.status == 2);
  CHECK(o.err.find("topology.json") != std::string::npos);
  CHECK_FALSE(fs::exists(work / "run/diagrams"));

  CHECK(relaysim_cli("render " + run + " --format jpeg", work).status == 2);
  CHECK(relaysim_cli("render", work).status == 2);
  CHECK(relaysim_cli("render " + run + " --timelapse 0", work).status == 2);
  fs::remove_all(work);
}

TEST_CASE("relaysim render: an unknown message id or several diagrams into one file exit 2") {
  const fs::path work = prepared("message");
  const std::string run = (work / "run").string();
  const Outcome o = relaysim_cli("render " + run + " --message 999999", work);
  CHECK(o.status == 2);
  CHECK(o.err.find("message 999999") != std::string::npos);
  CHECK(relaysim_cli("render " + run + " --topology --flows --out " + (work / "x.svg").string(), work).status == 2);
  CHECK_FALSE(fs::exists(work / "x.svg"));
  fs::remove_all(work);
}

TEST_CASE("relaysim render --help and run --help describe the diagrams") {
  const fs::path work = fs::temp_directory_path() / ("relaysim-render-help-" + std::to_string(getpid()));
  fs::create_directories(work);
  const Outcome render = relaysim_cli("render --help", work);
  CHECK(render.status == 0);
  CHECK(render.out.find("--timelapse") != std::string::npos);
  CHECK(render.out.find("--compare") != std::string::npos);
  CHECK(relaysim_cli("run --help", work).out.find("--diagrams") != std::string::npos);
  CHECK(relaysim_cli("--help", work).out.find("render OUTDIR") != std::string::npos);
  fs::remove_all(work);
}

TEST_CASE("lesson 00's message path names each hop's roles and port, and the MDA that files the mail") {
  const fs::path work = fs::temp_directory_path() / ("relaysim-render-roles-" + std::to_string(getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string scenario = (relaysim::testing::source_dir() / "scenarios/00-roles.yaml").string();
  REQUIRE(relaysim_cli("run " + scenario + " --quiet --out " + (work / "run").string(), work).status == 0);
  // The lesson's first key message, Alice's first, as the run's summary.json names it.
  const auto summary =
      nlohmann::ordered_json::parse(read_file(work / "run" / "summary.json")).get<relaysim::report::SummaryRecord>();
  REQUIRE(!summary.key_messages.empty());
  const std::uint64_t alice_first = summary.key_messages.front().msg;
  REQUIRE(relaysim_cli("render " + (work / "run").string() + " --message " + std::to_string(alice_first) + " --out " +
                           (work / "m.dot").string(),
                       work)
              .status == 0);
  const std::string dot = read_file(work / "m.dot");
  const auto submission = dot.find("MUA → MSA, port 587, AUTH");
  const auto relayhost = dot.find("MTA as client → relay, port 25");
  const auto mx = dot.find("MTA as client → MX, port 25");
  const auto mda = dot.find("MDA → mailbox, read with IMAP or POP3");
  CAPTURE(dot);
  REQUIRE(submission != std::string::npos);
  REQUIRE(relayhost != std::string::npos);
  REQUIRE(mx != std::string::npos);
  REQUIRE(mda != std::string::npos);
  CHECK(dot.find("msa.uni.example\" -> \"mta.uni.example") != std::string::npos);
  CHECK(dot.find("mta.uni.example\" -> \"mx.other.example") != std::string::npos);
  // In Spanish, the same roles: the acronyms are the same, the words are not.
  REQUIRE(relaysim_cli("render " + (work / "run").string() + " --lang es --message 3 --out " +
                           (work / "m-es.dot").string(),
                       work)
              .status == 0);
  const std::string es = read_file(work / "m-es.dot");
  CHECK(es.find("MTA como cliente → MX, puerto 25") != std::string::npos);
  CHECK(es.find("MDA → buzón, se lee con IMAP o POP3") != std::string::npos);
  fs::remove_all(work);
}

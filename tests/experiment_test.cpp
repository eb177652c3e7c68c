// relaysim experiment, merge, compare and run --set as a user meets them: the files they write,
// that they do not depend on --jobs or on sharding, and how bad overrides are refused.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "report/schema_version.h"
#include "scenario_fixture.h"

namespace fs = std::filesystem;
namespace report = relaysim::report;

namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A folder of its own for each test process (CTest runs test cases in parallel processes).
fs::path base_dir() { return fs::temp_directory_path() / ("relaysim-exp-" + std::to_string(getpid())); }

// Removes the test's folders when the test case ends, passed or not.
struct Scratch {
  Scratch() = default;
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() { fs::remove_all(base_dir()); }
};

fs::path work_dir(const std::string& name) {
  const fs::path dir = base_dir() / name;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir;
}

// Runs relaysim with `args` (shell words), capturing stdout and stderr.
Outcome relaysim_cli(const std::string& args) {
  const fs::path base = base_dir();
  fs::create_directories(base);
  const fs::path out = base / "stdout", err = base / "stderr";
  const std::string command = std::string(RELAYSIM_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
}

std::string scenario_path(const std::string& name) {
  return (relaysim::testing::source_dir() / "scenarios" / name).string();
}

// relaysim `args` --out `dir` must exit 2 with `message` on stderr, and write nothing; its stderr.
std::string check_refused(const fs::path& dir, const std::string& args, const std::string& message) {
  const Outcome o = relaysim_cli(args + " --out " + dir.string());
  INFO(args << "\n" << o.err);
  CHECK(o.status == 2);
  CHECK(o.err.find(message) != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
  return o.err;
}

// Lesson 02 for half an hour: a few hundred messages, a fraction of a second per run.
const std::string kOpenRelay = scenario_path("02-open-relay.yaml") + " --until 30m";
const std::string kVariants =
    " --variant open: --variant 'closed:mtas.mx.campus.example.policy=authenticated'"
    " --sweep agents.spammer.rate=60/h,600/h --replications 3";

// Every file of `dir` by name, with its content.
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) files[entry.path().filename().string()] = read_file(entry.path());
  return files;
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    rows.emplace_back();
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) rows.back().push_back(field);
    if (!line.empty() && line.back() == ',') rows.back().emplace_back();
  }
  return rows;
}

// The value of `column` in row `row` (1 = the first data row) of a CSV text.
std::string cell(const std::string& text, std::size_t row, const std::string& column) {
  const auto rows = csv_rows(text);
  const auto& header = rows.at(0);
  const auto it = std::find(header.begin(), header.end(), column);
  REQUIRE(it != header.end());
  return rows.at(row).at(static_cast<std::size_t>(it - header.begin()));
}

fs::path write_scenario(const fs::path& dir, const std::string& name, const std::string& extra) {
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file) << read_file(scenario_path("02-open-relay.yaml")) << extra;
  return file;
}

}  // namespace

TEST_CASE("an experiment writes the same files with --jobs 1 and --jobs 2") {
  const Scratch scratch;
  const fs::path one = work_dir("jobs-1"), two = work_dir("jobs-2");
  const Outcome a = relaysim_cli("experiment " + kOpenRelay + kVariants + " --jobs 1 --out " + one.string());
  const Outcome b = relaysim_cli("experiment " + kOpenRelay + kVariants + " --jobs 2 --out " + two.string());
  REQUIRE(a.status == 0);
  REQUIRE(b.status == 0);
  const auto files = files_of(one);
  CHECK(files == files_of(two));
  for (const char* name : {"plan.json", "runs.csv", "summary.csv", "metrics.csv"}) CHECK(files.count(name) == 1);
  CHECK(a.out.substr(0, a.out.find("Outputs in")) == b.out.substr(0, b.out.find("Outputs in")));
  CHECK(a.out.find("closed rate=600/h") != std::string::npos);
  CHECK(a.out.find("95 % confidence interval over 3 replications") != std::string::npos);
}

TEST_CASE("every JSON file a shipped scenario's run and an experiment's shard write carries its schema_version") {
  const Scratch scratch;
  const fs::path run = work_dir("run"), shard = work_dir("shard");
  REQUIRE(relaysim_cli("run " + kOpenRelay + " --out " + run.string() + " --transcripts all").status == 0);
  REQUIRE(relaysim_cli("experiment " + kOpenRelay + " --replications 2 --shard 0/2 --out " + shard.string()).status == 0);
  const std::map<std::string, int> versions = {{"summary.json", report::kSummarySchemaVersion},
                                               {"topology.json", report::kTopologySchemaVersion},
                                               {"plan.json", report::kPlanSchemaVersion},
                                               {"shard.json", report::kShardSchemaVersion}};
  std::map<std::string, int> seen;
  for (const fs::path& dir : {run, shard}) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      const std::string name = entry.path().filename().string();
      INFO(entry.path());
      REQUIRE(versions.count(name) == 1);
      CHECK(nlohmann::json::parse(read_file(entry.path())).at("schema_version") == versions.at(name));
      ++seen[name];
    }
  }
  CHECK(seen == std::map<std::string, int>{{"plan.json", 1}, {"shard.json", 1}, {"summary.json", 1}, {"topology.json", 1}});
}

TEST_CASE("the shards of an experiment merge into the files of the unsharded run, byte for byte") {
  const Scratch scratch;
  const fs::path whole = work_dir("whole");
  REQUIRE(relaysim_cli("experiment " + kOpenRelay + kVariants + " -q --out " + whole.string()).status == 0);
  std::string shards;
  std::vector<fs::path> shard_dirs;
  for (int k = 0; k < 3; ++k) {
    const fs::path shard = work_dir("shard-" + std::to_string(k));
    shard_dirs.push_back(shard);
    const Outcome o = relaysim_cli("experiment " + kOpenRelay + kVariants + " --shard " + std::to_string(k) +
                                   "/3 --out " + shard.string());
    REQUIRE(o.status == 0);
    CHECK(o.out.find("Shard " + std::to_string(k) + "/3: ran 4 of 12 runs") != std::string::npos);
    CHECK_FALSE(fs::exists(shard / "summary.csv"));
    shards += " " + shard.string();
  }
  const fs::path merged = work_dir("merged");
  const Outcome m = relaysim_cli("merge" + shards + " --out " + merged.string());
  REQUIRE(m.status == 0);
  CHECK(files_of(merged) == files_of(whole));

  SECTION("a missing, repeated or foreign shard is refused with exit 2 and nothing written") {
    const fs::path bad = work_dir("bad-merge");
    const std::string s0 = shard_dirs[0].string(), s1 = shard_dirs[1].string();
    Outcome o = relaysim_cli("merge " + s0 + " " + s1 + " --out " + bad.string());
    CHECK(o.status == 2);
    CHECK(o.err.find("runs 2, 5, 8, 11 of 12 are missing: add the folder of shard 2/3") != std::string::npos);
    o = relaysim_cli("merge " + s0 + " " + s0 + " --out " + bad.string());
    CHECK(o.status == 2);
    CHECK(o.err.find("is in both") != std::string::npos);
    o = relaysim_cli("merge " + s0 + " " + whole.string() + " --out " + bad.string());
    CHECK(o.status == 2);
    CHECK(o.err.find("shard.json") != std::string::npos);
    CHECK_FALSE(fs::exists(bad));
  }
}

TEST_CASE("variants, sweeps and --set change what runs, and replication 0 is the scenario's own run") {
  const Scratch scratch;
  const fs::path dir = work_dir("overrides");
  const Outcome o = relaysim_cli("experiment " + kOpenRelay + kVariants + " -q --set agents.trickster.rate=20/h --out " +
                                 dir.string());
  REQUIRE(o.status == 0);
  const std::string runs = read_file(dir / "runs.csv");
  REQUIRE(csv_rows(runs).size() == 13);  // header + 2 variants x 2 rates x 3 replications
  CHECK(cell(runs, 1, "variant") == "open");
  CHECK(cell(runs, 1, "agents.spammer.rate") == "60/h");
  CHECK(cell(runs, 1, "seed") == "1");
  CHECK(cell(runs, 2, "seed") != "1");
  CHECK(cell(runs, 7, "variant") == "closed");
  CHECK(cell(runs, 1, "spam_inbox") != "0");
  CHECK(cell(runs, 1, "rejected_relay_denied") == "0");
  CHECK(cell(runs, 7, "spam_inbox") == "0");
  CHECK(cell(runs, 7, "rejected_relay_denied") != "0");
  CHECK(std::stoi(cell(runs, 4, "spam_submitted")) > 5 * std::stoi(cell(runs, 1, "spam_submitted")));
  const std::string summary = read_file(dir / "summary.csv");
  CHECK(summary.rfind("scenario,variant,agents.spammer.rate,metric,n,mean,ci95_low,ci95_high\n", 0) == 0);

  // relaysim run with the same overrides is replication 0 of the open variant at 60/h.
  const fs::path single = work_dir("single");
  REQUIRE(relaysim_cli("run " + kOpenRelay + " -q --no-trace --set agents.trickster.rate=20/h"
                       " --set agents.spammer.rate=60/h --out " + single.string()).status == 0);
  auto alone = csv_rows(read_file(single / "metrics.csv")).at(1);
  auto first = csv_rows(read_file(dir / "metrics.csv")).at(1);
  CHECK(first.at(1) == "open agents.spammer.rate=60/h");
  alone.erase(alone.begin() + 1);  // the variant column: "" for relaysim run
  first.erase(first.begin() + 1);
  CHECK(alone == first);
}

TEST_CASE("the experiment section of a scenario gives its variants, sweep and replications") {
  const Scratch scratch;
  const fs::path dir = work_dir("section");
  const fs::path file = write_scenario(dir / "in", "with-experiment.yaml", R"(
experiment:
  replications: 2
  variants:
    open: {}
    closed: { mtas.mx.campus.example.policy: authenticated }
  sweep:
    agents.spammer.stop: [10m, 20m]
)");
  // relaysim run ignores the section and runs the scenario as written.
  CHECK(relaysim_cli("run " + file.string() + " --until 30m -q --no-trace --out " + (dir / "run").string()).status == 0);
  const Outcome o = relaysim_cli("experiment " + file.string() + " --until 30m --variant closed --out " +
                                 (dir / "out").string());
  REQUIRE(o.status == 0);
  const std::string runs = read_file(dir / "out" / "runs.csv");
  REQUIRE(csv_rows(runs).size() == 5);  // closed only: 2 stop times x 2 replications
  CHECK(cell(runs, 1, "variant") == "closed");
  CHECK(cell(runs, 3, "agents.spammer.stop") == "20m");
  // One replication: the mean is the value, and the interval is left empty.
  const Outcome single = relaysim_cli("experiment " + file.string() + " --until 30m -q --replications 1 --out " +
                                      (dir / "one").string());
  REQUIRE(single.status == 0);
  const std::string summary = read_file(dir / "one" / "summary.csv");
  CHECK(cell(summary, 1, "n") == "1");
  CHECK(cell(summary, 1, "ci95_low").empty());
  CHECK(cell(summary, 1, "ci95_high").empty());
  CHECK(summary.find("nan") == std::string::npos);
}

TEST_CASE("a bad override exits 2 naming it and what was expected, and writes nothing") {
  const Scratch scratch;
  const fs::path dir = work_dir("bad");
  const auto refused = [&](const std::string& args, const std::string& message) { check_refused(dir, args, message); };
  refused("run " + kOpenRelay + " --set mtas.mx.campus.example.policy=opn",
          "--set mtas.mx.campus.example.policy=opn: error: policy: unknown policy 'opn', did you mean 'open'?");
  refused("run " + kOpenRelay + " --set mtas.mx.campus.exmaple.policy=open",
          "'mtas' has no key 'mx.campus.exmaple', did you mean 'mx.campus.example'?");
  refused("experiment " + kOpenRelay + " --sweep agents.spamer.rate=1/h,2/h",
          "--sweep agents.spamer.rate: error: 'agents' has no element named 'spamer', did you mean 'spammer'?");
  refused("experiment " + kOpenRelay + " --sweep agents.spammer.rate=1/h,fast",
          "--sweep agents.spammer.rate=fast: error: rate: expected a rate like 20/h");
  refused("experiment " + kOpenRelay + " --variant 'closed:mtas.mx.campus.example.policy=shut'",
          "--variant closed mtas.mx.campus.example.policy=shut: error: policy: unknown policy 'shut'");
  refused("experiment " + kOpenRelay + " --set agents.spammer.rate", "--set agents.spammer.rate: expected PATH=VALUE");
  refused("compare " + kOpenRelay + " " + scenario_path("03-authenticated.yaml") + " --set agents.spammer.rate=[",
          "--set agents.spammer.rate=[: error: the value is not valid YAML");
  refused("experiment " + kOpenRelay + " --shard 2/2", "--shard: expected K/N with K from 0 to N-1");

  const fs::path file = write_scenario(dir.parent_path() / "bad-in", "bad-variant.yaml", R"(
experiment:
  variants:
    closed: { mtas.mx.campus.example.policy: clsoed }
)");
  refused("experiment " + file.string(),
          ": error: variant 'closed': mtas.mx.campus.example.policy=clsoed: policy: unknown policy 'clsoed', did you "
          "mean 'closed'?");
  CHECK(relaysim_cli("experiment " + file.string() + " --out " + dir.string()).err.rfind(file.string() + ":", 0) == 0);
  refused("experiment " + file.string() + " --variant open", "has no variant 'open' (variants: closed)");
}

TEST_CASE("with --lang es an experiment's bad variants, sweeps and size are refused in Spanish") {
  const Scratch scratch;
  const fs::path dir = work_dir("bad-es");
  const auto refused = [&](const std::string& args, const std::string& message) {
    CHECK_THAT(check_refused(dir, args + " --lang es", message),
               !Catch::Contains("given twice") && !Catch::Contains(" has no "));
  };
  refused("experiment " + kOpenRelay + " --variant nope",
          "--variant nope: error: " + scenario_path("02-open-relay.yaml") +
              " no tiene ninguna variante 'nope' (no tiene ninguna; define una con --variant NAME:PATH=VALUE,...)");
  refused("experiment " + kOpenRelay + " --variant x:seed=1 --variant x:seed=2",
          "--variant x: error: la variante 'x' aparece dos veces");
  refused("experiment " + kOpenRelay + " --variant 'no good:seed=1'",
          "--variant no good:seed=1: se esperaba un nombre de letras, dígitos");
  refused("experiment " + kOpenRelay + " --sweep agents.spammer.rate=1/h,1/h",
          "--sweep agents.spammer.rate=1/h,1/h: el valor 1/h aparece dos veces");
  refused("experiment " + kOpenRelay + " --sweep agents.spamer.rate=1/h,2/h",
          "--sweep agents.spamer.rate: error: 'agents' no tiene ningún elemento llamado 'spamer'");
  std::string rates;
  for (int i = 1; i <= 1001; ++i) rates += (i > 1 ? "," : "") + std::to_string(i) + "/h";
  refused("experiment " + kOpenRelay + " --replications 1000 --sweep agents.spammer.rate=" + rates,
          "error: 1001 configuraciones x 1000 réplicas son más de 1000000 ejecuciones: se esperaban menos variantes, "
          "valores de barrido o réplicas");
}

TEST_CASE("relaysim compare shows the scenarios side by side and writes the comparison and diagram") {
  const Scratch scratch;
  const fs::path dir = work_dir("compare");
  const Outcome o = relaysim_cli("compare " + kOpenRelay + " " + scenario_path("03-authenticated.yaml") + " --out " +
                                 dir.string());
  REQUIRE(o.status == 0);
  CHECK(o.out.find("authenticated - open-relay") != std::string::npos);
  const std::string comparison = read_file(dir / "comparison.csv");
  CHECK(comparison.rfind("scenario,variant,metric,n,mean,ci95_low,ci95_high,baseline,difference\n", 0) == 0);
  CHECK(comparison.find("authenticated,authenticated,spam_inbox,1,0,,,open-relay,-") != std::string::npos);
  CHECK(fs::exists(dir / "open-relay" / "summary.json"));
  CHECK(fs::exists(dir / "authenticated" / "trace.jsonl"));
  CHECK(fs::file_size(dir / "diagrams" / "compare-open-relay-vs-authenticated.svg") > 1000);
  CHECK(relaysim_cli("compare " + kOpenRelay).status == 2);
}

TEST_CASE("the new commands explain themselves in --help") {
  const Scratch scratch;
  CHECK(relaysim_cli("--help").out.find("experiment SCENARIO") != std::string::npos);
  CHECK(relaysim_cli("experiment --help").out.find("--shard") != std::string::npos);
  CHECK(relaysim_cli("merge --help").out.find("SHARD_DIR") != std::string::npos);
  CHECK(relaysim_cli("compare --help").out.find("--no-diagrams") != std::string::npos);
  CHECK(relaysim_cli("run --help").out.find("--set") != std::string::npos);
}

TEST_CASE("an experiment of more than a million runs is refused at the sweep in the file that makes it so") {
  const fs::path dir = fs::temp_directory_path() / ("relaysim-exp-size-" + std::to_string(getpid()));
  std::string rates, sizes;
  for (int i = 1; i <= 1001; ++i) rates += (i > 1 ? ", " : "") + std::to_string(i) + "/h";
  for (int i = 1; i <= 1000; ++i) sizes += (i > 1 ? ", " : "") + std::to_string(i) + "KB";
  // The file is lesson 02 (93 lines) with this section after it.
  const fs::path file = write_scenario(dir, "huge.yaml", "experiment:\n  sweep:\n    agents.spammer.size: [" + sizes +
                                                            "]\n    agents.spammer.rate: [" + rates + "]\n");
  int line = 0;
  for (std::istringstream in(read_file(file)); in;) {
    std::string text;
    std::getline(in, text);
    ++line;
    if (text.find("agents.spammer.rate") != std::string::npos) break;
  }
  const Outcome o = relaysim_cli("experiment " + file.string() + " --out " + (dir / "out").string());
  CHECK(o.status == 2);
  CHECK(o.err.find(file.string() + ":" + std::to_string(line) + ":27: error: sweep agents.spammer.rate: 1001000 "
                   "configurations x 1 replications is more than 1000000 runs") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

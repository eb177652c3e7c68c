// The relaysim command as a user meets it: exit statuses, messages, and where output goes.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario_fixture.h"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs relaysim with `args` (shell words), capturing stdout and stderr.
Outcome relaysim_cli(const std::string& args) {
  const fs::path tmp = fs::temp_directory_path();
  // CTest runs test cases in parallel processes: keep each process's captures apart.
  const std::string tag = std::to_string(getpid());
  const fs::path out = tmp / ("relaysim-cli-" + tag + ".out");
  const fs::path err = tmp / ("relaysim-cli-" + tag + ".err");
  const std::string command = std::string(RELAYSIM_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(command.c_str());
  Outcome o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream o_in(out), e_in(err);
  std::stringstream so, se;
  so << o_in.rdbuf();
  se << e_in.rdbuf();
  o.out = so.str();
  o.err = se.str();
  fs::remove(out);
  fs::remove(err);
  return o;
}

std::string scenario_path(const std::string& name) {
  return (relaysim::testing::source_dir() / "scenarios" / name).string();
}

}  // namespace

TEST_CASE("relaysim run writes the summary, trace and transcripts where --out says") {
  const fs::path dir = fs::temp_directory_path() / "relaysim-cli-run";
  fs::remove_all(dir);
  const Outcome o = relaysim_cli("run " + scenario_path("02-open-relay.yaml") + " --out " + dir.string());
  REQUIRE(o.status == 0);
  CHECK(o.out.find("spam") != std::string::npos);
  CHECK(o.out.find("mx.campus.example") != std::string::npos);
  CHECK(fs::exists(dir / "summary.json"));
  CHECK(fs::exists(dir / "trace.jsonl"));
  CHECK(!fs::is_empty(dir / "transcripts"));
  CHECK(!fs::exists(dir / "summary.json.tmp"));
  fs::remove_all(dir);
}

TEST_CASE("relaysim run --quiet prints nothing on success") {
  const fs::path dir = fs::temp_directory_path() / "relaysim-cli-quiet";
  const Outcome o = relaysim_cli("run " + scenario_path("01-direct-delivery.yaml") + " --quiet --out " + dir.string());
  CHECK(o.status == 0);
  CHECK(o.out.empty());
  CHECK(o.err.empty());
  fs::remove_all(dir);
}

TEST_CASE("a broken scenario exits 2 with file:line:col and writes no output") {
  const fs::path dir = fs::temp_directory_path() / "relaysim-cli-broken";
  fs::remove_all(dir);
  const fs::path bad = fs::temp_directory_path() / "relaysim-broken.yaml";
  std::ofstream(bad) << "name: broken\nduration: 2 hours\nmtas:\n  a.example: { ip: 192.0.2.1 }\n";
  const Outcome o = relaysim_cli("run " + bad.string() + " --out " + dir.string());
  CHECK(o.status == 2);
  CHECK(o.err.find(bad.string() + ":2:11: error:") != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("relaysim validate accepts every shipped scenario") {
  const Outcome o = relaysim_cli("validate " + scenario_path("01-direct-delivery.yaml") + " " +
                                 scenario_path("02-open-relay.yaml") + " " + scenario_path("03-authenticated.yaml") +
                                 " " + scenario_path("04-backup-mx.yaml"));
  CHECK(o.status == 0);
  CHECK(o.err.empty());
}

TEST_CASE("relaysim validate says a scenario is ok in the language of --lang, each count in its form") {
  const std::string file = scenario_path("02-open-relay.yaml");
  CHECK(relaysim_cli("validate " + file).out == file + ": ok (4 MTAs, 4 agents, 4 domains)\n");
  const Outcome es = relaysim_cli("validate " + file + " --lang es");
  CHECK(es.status == 0);
  CHECK(es.out == file + ": correcto (4 servidores de correo, 4 agentes, 4 dominios)\n");
  const fs::path one = fs::temp_directory_path() / ("relaysim-cli-one-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(one) << "name: one\nduration: 1h\ndomains:\n  a.example: { mx: [mx.a.example] }\nmtas:\n"
                        "  mx.a.example: { ip: 192.0.2.10 }\nagents:\n  - { kind: user, name: alice, address: "
                        "alice@a.example, via: mx.a.example, rate: 1/h, to: [bob@a.example] }\n";
  CHECK(relaysim_cli("validate --lang es " + one.string()).out ==
        one.string() + ": correcto (1 servidor de correo, 1 agente, 1 dominio)\n");
  CHECK(relaysim_cli("validate " + one.string()).out == one.string() + ": ok (1 MTA, 1 agent, 1 domain)\n");
  fs::remove(one);
}

TEST_CASE("bad usage exits 2 with a hint") {
  CHECK(relaysim_cli("").status == 2);
  CHECK(relaysim_cli("frobnicate").status == 2);
  const Outcome o = relaysim_cli("run --bogus x.yaml");
  CHECK(o.status == 2);
  CHECK(o.err.find("--help") != std::string::npos);
  CHECK(relaysim_cli("run " + scenario_path("01-direct-delivery.yaml") + " --transcripts maybe").status == 2);
  CHECK(relaysim_cli("run " + scenario_path("01-direct-delivery.yaml") + " --seed -1").status == 2);
  CHECK(relaysim_cli("run " + scenario_path("01-direct-delivery.yaml") + " --until soon").status == 2);
}

TEST_CASE("a missing scenario file exits 2 naming the file") {
  const Outcome o = relaysim_cli("run /nonexistent/scenario.yaml");
  CHECK(o.status == 2);
  CHECK(o.err.find("/nonexistent/scenario.yaml") != std::string::npos);
}

TEST_CASE("--help and --version answer on stdout with status 0") {
  CHECK(relaysim_cli("--help").out.find("run SCENARIO") != std::string::npos);
  CHECK(relaysim_cli("run --help").out.find("--transcripts") != std::string::npos);
  const Outcome v = relaysim_cli("--version");
  CHECK(v.status == 0);
  CHECK(v.out.rfind("relaysim ", 0) == 0);
}

TEST_CASE("a scenario named like a path writes nothing anywhere, from the file or from --set") {
  const fs::path work = fs::temp_directory_path() / ("relaysim-cli-escape-" + std::to_string(getpid()));
  fs::remove_all(work);
  const fs::path here = work / "deep" / "er";
  fs::create_directories(here);
  std::ofstream(here / "x.yaml") << "name: ../../escaped\nduration: 1h\nmtas:\n  mx.a.example: { ip: 192.0.2.1 }\n";
  // Run from inside work/deep/er, where out/../../escaped would be work/deep/escaped.
  const int raw = std::system(("cd " + here.string() + " && " + RELAYSIM_BINARY + " run x.yaml 2>err.txt").c_str());
  CHECK((WIFEXITED(raw) && WEXITSTATUS(raw) == 2));
  std::ifstream err_in(here / "err.txt");
  std::stringstream err;
  err << err_in.rdbuf();
  CHECK(err.str().find("x.yaml:1:7: error: name: '../../escaped' is a path, not a name") != std::string::npos);
  const std::string absolute = "/tmp/relaysim-escaped-" + std::to_string(getpid());
  const Outcome from_set = relaysim_cli("run " + scenario_path("01-direct-delivery.yaml") + " --set name=" + absolute);
  CHECK(from_set.status == 2);
  CHECK(from_set.err.find("--set name=" + absolute + ": error: name: '" + absolute + "' is a path") != std::string::npos);
  CHECK_FALSE(fs::exists(absolute));
  // Nothing but the scenario and the captured error exists under work/.
  std::vector<std::string> written;
  for (const auto& entry : fs::recursive_directory_iterator(work)) written.push_back(fs::relative(entry.path(), work).string());
  std::sort(written.begin(), written.end());
  CHECK(written == std::vector<std::string>{"deep", "deep/er", "deep/er/err.txt", "deep/er/x.yaml"});
  fs::remove_all(work);
}

TEST_CASE("a run over the work limit is refused before it starts, and --max-work lets it run") {
  const fs::path dir = fs::temp_directory_path() / ("relaysim-cli-work-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const std::string run = "run " + scenario_path("01-direct-delivery.yaml") + " --quiet --out " + dir.string();
  const Outcome refused = relaysim_cli(run + " --set metrics_interval=1ms --max-work 1000");
  CHECK(refused.status == 2);
  CHECK(refused.err.find("metrics_interval: this run would take on about") != std::string::npos);
  CHECK(refused.err.find("raise the limit with --max-work") != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
  CHECK(relaysim_cli(run + " --max-work 0").status == 2);
  CHECK(relaysim_cli(run + " --set metrics_interval=1m --max-work 100000").status == 0);
  CHECK(fs::exists(dir / "metrics.csv"));
  fs::remove_all(dir);
}

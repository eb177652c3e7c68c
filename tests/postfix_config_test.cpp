// Policies that travel both ways: `relaysim postfix-config` as a user meets it, and the round trip
// on every shipped scenario: each MTA exported, its main.cf read back through postfix: FILE, and
// the run's outputs byte for byte the same.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

#include "scenario/postfix_config.h"
#include "scenario_fixture.h"

namespace fs = std::filesystem;
using namespace relaysim;

namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A folder of this process's own (CTest runs cases in parallel processes), removed afterwards.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag)
      : path(fs::temp_directory_path() / ("relaysim-pfc-" + tag + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// Runs a command line (shell words), capturing stdout and stderr.
Outcome shell(const std::string& command, const fs::path& dir) {
  const int raw = std::system((command + " >" + (dir / "stdout").string() + " 2>" + (dir / "stderr").string()).c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "stdout"), slurp(dir / "stderr")};
}

Outcome relaysim_cli(const std::string& args, const fs::path& dir) { return shell(std::string(RELAYSIM_BINARY) + " " + args, dir); }

std::string scenario_path(const std::string& name) { return (testing::source_dir() / "scenarios" / name).string(); }

// The lines of one block of postfix-config's output ("# main.cf" or "# master.cf"), comments left out.
std::vector<std::string> block(const std::string& output, const std::string& header) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("# main.cf") || line.starts_with("# master.cf")) {
      inside = line == header;
    } else if (inside && !line.starts_with("#")) {
      lines.push_back(line);
    }
  }
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// The scenario at `source` with MTA `mta`'s policy keys replaced by postfix: `postconf_file`.
void write_copy_with_postfix(const fs::path& source, const std::string& mta, const fs::path& postconf_file,
                             const fs::path& copy) {
  YAML::Node root = YAML::LoadFile(source.string());
  YAML::Node node = root["mtas"][mta];
  for (const scenario::PostfixKey& k : scenario::postfix_scenario_keys()) node.remove(std::string(k.key));
  node["postfix"] = postconf_file.string();
  YAML::Emitter out;
  out << root;
  std::ofstream(copy) << out.c_str() << "\n";
}

// Every file a run writes, by its path under the output folder.
std::map<std::string, std::string> outputs(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = slurp(entry.path());
  }
  return files;
}

// The first two simulated hours at most: every MTA's policy decides RCPTs from the first minutes
// of every shipped scenario, and the 41 runs of the round trip stay quick under the sanitizers.
std::map<std::string, std::string> run_to_files(const scenario::ScenarioSpec& spec, const fs::path& dir) {
  run::RunOptions options;
  options.out_dir = dir;
  options.until = std::min(spec.duration, 2 * sim::kHour);
  run::run_scenario(spec, options);
  auto files = outputs(dir);
  fs::remove_all(dir);
  return files;
}

}  // namespace

TEST_CASE("relaysim postfix-config prints a main.cf block, then a master.cf block") {
  const TempDir dir("blocks");
  const Outcome o = relaysim_cli("postfix-config " + scenario_path("02-open-relay.yaml") + " mx.campus.example", dir.path);
  REQUIRE(o.status == 0);
  CHECK(o.err.empty());
  CHECK(o.out.starts_with("# main.cf\n"));
  CHECK(block(o.out, "# main.cf") ==
        std::vector<std::string>{"compatibility_level = 3.6", "myhostname = mx.campus.example",
                                 "mydestination = $myhostname, campus.example", "relay_domains =",
                                 "mynetworks = 0.0.0.0/0, 192.0.2.10/32", "proxy_interfaces = 192.0.2.10",
                                 "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, "
                                 "reject_unauth_destination",
                                 "smtpd_recipient_restrictions =", "smtpd_sasl_auth_enable = yes",
                                 "local_recipient_maps ="});
  CHECK(block(o.out, "# master.cf").at(1) == "submission inet  n  -  n  -  -  smtpd");
  const Outcome closed = relaysim_cli("postfix-config " + scenario_path("02-open-relay.yaml") +
                                          " MX.Campus.Example --set mtas.mx.campus.example.policy=closed",
                                      dir.path);
  REQUIRE(closed.status == 0);
  CHECK(block(closed.out, "# main.cf").at(6) == "smtpd_relay_restrictions = reject_unauth_destination");
}

TEST_CASE("relaysim postfix-config refuses an unknown MTA and a configuration Postfix would not run") {
  const TempDir dir("refusals");
  const Outcome unknown = relaysim_cli("postfix-config " + scenario_path("04-backup-mx.yaml") + " mx3.example.org", dir.path);
  CHECK(unknown.status == 2);
  CHECK(unknown.out.empty());
  CHECK_THAT(unknown.err, Catch::Contains("has no MTA 'mx3.example.org'; its MTAs: mx.campus.example mx1.example.org "
                                          "mx2.example.org"));
  const Outcome legacy = relaysim_cli("postfix-config " + scenario_path("04-backup-mx.yaml") +
                                          " mx1.example.org --set mtas.mx1.example.org.policy=legacy-open",
                                      dir.path);
  CHECK(legacy.status == 2);
  CHECK(legacy.out.empty());
  CHECK_THAT(legacy.err, Catch::Contains("Postfix refuses to start"));
  CHECK(relaysim_cli("postfix-config " + scenario_path("04-backup-mx.yaml"), dir.path).status == 2);
  CHECK(relaysim_cli("postfix-config --help", dir.path).out.find("PATH=VALUE") != std::string::npos);
}

TEST_CASE("relaysim postfix-config --lang es says its refusals in Spanish and prints the same configuration") {
  const TempDir dir("spanish");
  const std::string file = scenario_path("04-backup-mx.yaml");
  const Outcome unknown = relaysim_cli("postfix-config " + file + " mx3.example.org --lang es", dir.path);
  CHECK(unknown.status == 2);
  CHECK_THAT(unknown.err, Catch::Contains("no tiene ningún servidor de correo 'mx3.example.org'; sus servidores de "
                                          "correo: mx.campus.example mx1.example.org mx2.example.org"));
  const Outcome legacy = relaysim_cli(
      "postfix-config " + file + " mx1.example.org --lang es --set mtas.mx1.example.org.policy=legacy-open", dir.path);
  CHECK(legacy.status == 2);
  CHECK_THAT(legacy.err, Catch::Contains("no tiene equivalente en Postfix: Postfix no arranca si sus restricciones de "
                                         "retransmisión no incluyen reject_unauth_destination"));
  const Outcome bad_set =
      relaysim_cli("postfix-config " + file + " mx1.example.org --lang es --set mtas.nothere.policy=open", dir.path);
  CHECK(bad_set.status == 2);
  CHECK_THAT(bad_set.err, Catch::Contains("'mtas' no tiene ninguna clave 'nothere'"));
  for (const Outcome* o : {&unknown, &legacy, &bad_set}) {
    CHECK_THAT(o->err, !Catch::Contains("has no") && !Catch::Contains("refuses"));
  }
  const Outcome english = relaysim_cli("postfix-config " + file + " mx1.example.org", dir.path);
  const Outcome spanish = relaysim_cli("postfix-config " + file + " mx1.example.org --lang es", dir.path);
  CHECK(spanish.status == 0);
  CHECK(spanish.out == english.out);
}

TEST_CASE("a run with postfix: FILE warns once on stderr about the parameters it ignores") {
  const TempDir dir("warn");
  std::ofstream(dir.path / "main.cf.txt") << "compatibility_level = 3.6\nmyhostname = mx.campus.example\n"
                                             "smtpd_sasl_auth_enable = yes\nlocal_recipient_maps =\n"
                                             "biff = no\nsmtpd_tls_security_level = may\n";
  write_copy_with_postfix(scenario_path("02-open-relay.yaml"), "mx.campus.example", "main.cf.txt",
                          dir.path / "s.yaml");
  const Outcome o = relaysim_cli("run " + (dir.path / "s.yaml").string() + " --quiet --out " +
                                     (dir.path / "out").string(),
                                 dir.path);
  CHECK(o.status == 0);
  CHECK(o.err == (dir.path / "main.cf.txt").string() + ": warning: not modelled, ignored: biff, smtpd_tls_security_level\n");
}

// Through Postfix's own parser: the exported main.cf as postconf -n prints it. scripts/install-deps
// installs Debian's postfix, unconfigured and stopped (the differential test needs it too).
TEST_CASE("the exported lines pass Postfix's postconf, and its postconf -n reads back as the same MTA") {
  INFO("needs /usr/sbin/postconf (Debian's postfix, which scripts/install-deps installs)");
  REQUIRE(fs::exists("/usr/sbin/postconf"));
  const TempDir dir("postconf");
  const fs::path etc = dir.path / "etc";
  fs::create_directories(etc);
  const Outcome config = relaysim_cli("postfix-config " + scenario_path("02-open-relay.yaml") + " mx.campus.example", dir.path);
  REQUIRE(config.status == 0);
  std::ofstream(etc / "main.cf") << config.out.substr(0, config.out.find("# master.cf"));
  std::ofstream(etc / "master.cf") << joined(block(config.out, "# master.cf"));
  const Outcome n = shell("/usr/sbin/postconf -c " + etc.string() + " -n", dir.path);
  REQUIRE(n.status == 0);
  CHECK(n.err.empty());  // no unknown parameter, no syntax Postfix would warn about
  const Outcome services = shell("/usr/sbin/postconf -c " + etc.string() + " -P submission/inet/smtpd_relay_restrictions", dir.path);
  CHECK(services.out == "submission/inet/smtpd_relay_restrictions =\n");
  std::ofstream(dir.path / "postconf-n.txt") << n.out;
  write_copy_with_postfix(scenario_path("02-open-relay.yaml"), "mx.campus.example", dir.path / "postconf-n.txt",
                          dir.path / "s.yaml");
  const scenario::ScenarioSpec original = testing::shipped_scenario("02-open-relay.yaml");
  const scenario::ScenarioSpec copy = scenario::load_scenario_file((dir.path / "s.yaml").string());
  REQUIRE(copy.warnings.size() == 1);  // postconf -c adds config_directory
  CHECK(copy.warnings[0].message == "not modelled, ignored: config_directory");
  CHECK(run_to_files(copy, dir.path / "b") == run_to_files(original, dir.path / "a"));
}

TEST_CASE("round trip on every shipped scenario: each MTA exported, read back, and the outputs byte-identical") {
  const TempDir dir("roundtrip");
  int pairs = 0;
  for (const auto& entry : fs::directory_iterator(testing::source_dir() / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const scenario::ScenarioSpec original = scenario::load_scenario_file(entry.path().string());
    const auto expected = run_to_files(original, dir.path / "original");
    REQUIRE(expected.contains("trace.jsonl"));
    for (const scenario::MtaSpec& mta : original.mtas) {
      INFO(entry.path().filename().string() + ", MTA " + mta.name);
      REQUIRE(!scenario::postfix_refusal(mta));
      const fs::path cf = dir.path / (mta.name + ".cf");
      std::ofstream(cf) << joined(scenario::export_postfix(mta, original.blocklists).main_cf);
      const fs::path copy_file = dir.path / (entry.path().stem().string() + "-" + mta.name + ".yaml");
      write_copy_with_postfix(entry.path(), mta.name, cf, copy_file);
      const scenario::ScenarioSpec copy = scenario::load_scenario_file(copy_file.string());
      CHECK(copy.warnings.empty());
      const auto actual = run_to_files(copy, dir.path / "copy");
      CHECK(actual.size() == expected.size());
      for (const auto& [name, text] : expected) {
        INFO(name);
        CHECK((actual.contains(name) && actual.at(name) == text));
      }
      ++pairs;
    }
  }
  CHECK(pairs >= 45);  // the 12 shipped scenarios had 45 MTAs between them when this was written
}

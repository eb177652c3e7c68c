// A broken scenario loaded with the Spanish catalogue is reported in Spanish, at the same
// file:line:col and in the same compiler-like format; without it, in English as before. So are
// the overrides' errors and those of a Postfix configuration the scenario imports.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "scenario/postfix_config.h"
#include "scenario/scenario_loader.h"
#include "scenario/units.h"
#include "text/catalog.h"

using namespace relaysim::scenario;
namespace fs = std::filesystem;
namespace text = relaysim::text;

namespace {

// Four kinds of mistake: an unknown key close to a real one, a duration without its unit, a
// reference to an MTA the scenario lacks, and an unknown policy; and an agent for overrides to
// pick by name.
const std::string kBroken = R"(name: t
duration: 6h
domains:
  a.example: { mx: [mx.b.example] }
mtas:
  mx.a.example: { ip: 192.0.2.10, polcy: open }
  relay.example: { ip: 192.0.2.11, policy: opne, queue: { queue_run_delay: 30 } }
agents:
  - { kind: spammer, name: spammer, via: mx.a.example, rate: 60/h, to: [y@a.example] }
)";

std::vector<Override> overrides_of(const std::vector<std::string>& texts) {
  std::vector<Override> out;
  for (const std::string& t : texts) {
    std::string error;
    out.push_back(parse_override(t, "--set", error).value());
  }
  return out;
}

// The errors of loading `yaml` as `file` with the catalogue and the overrides `set`; "" when it loads.
std::string errors_in(const std::string& yaml, const text::Catalog& catalog, const std::vector<std::string>& set = {},
                      const std::string& file = "lesson.yaml") {
  LoadLimits limits;
  limits.catalog = catalog;
  try {
    parse_scenario(yaml, file, overrides_of(set), limits);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

text::Catalog spanish() { return text::Catalog(text::Language::Es, text::locale_dir()); }

}  // namespace

TEST_CASE("a broken scenario loaded with the Spanish catalogue is reported in Spanish") {
  const std::string errors = errors_in(kBroken, spanish());
  CHECK_THAT(errors, Catch::Contains("lesson.yaml:4:21: error: servidor MX 'mx.b.example' no es un servidor de "
                                     "correo de este escenario"));
  CHECK_THAT(errors, Catch::Contains("lesson.yaml:6:35: error: clave desconocida 'polcy' en el servidor de correo "
                                     "'mx.a.example'; ¿querías decir 'policy'?"));
  CHECK_THAT(errors, Catch::Contains("error: policy: 'opne' no es un nombre de política conocido; ¿querías decir "
                                     "'open'?"));
  CHECK_THAT(errors, Catch::Contains("error: queue_run_delay: '30' no tiene unidad: se esperaba una duración como "
                                     "250ms, 5m, 2h (unidades: us, ms, s, m, h, d, w)"));
}

TEST_CASE("a YAML syntax error is restated in Spanish at its place") {
  CHECK_THAT(errors_in("name: t\nduration: [6h\n", spanish()),
             Catch::StartsWith("lesson.yaml:") && Catch::Contains(": error: YAML no válido: "));
}

TEST_CASE("without a catalogue the same mistakes are reported in English") {
  const std::string errors = errors_in(kBroken, text::Catalog());
  CHECK_THAT(errors, Catch::Contains("lesson.yaml:6:35: error: unknown key 'polcy' in MTA 'mx.a.example', did you "
                                     "mean 'policy'?"));
  CHECK_THAT(errors, Catch::Contains("error: policy: unknown policy 'opne', did you mean 'open'?"));
  CHECK_THAT(errors, Catch::Contains("error: queue_run_delay: '30' has no unit: expected a duration like 250ms, 5m, "
                                     "2h (units: us, ms, s, m, h, d, w)"));
  CHECK_THAT(errors, Catch::Contains("MX host 'mx.b.example' is not an MTA of this scenario"));
}

TEST_CASE("a parse error is said in English or in the catalogue's language") {
  const auto parsed = parse_duration("5x");
  CHECK(parsed.error() == "'5x' has an unknown unit 'x': expected a duration like 250ms, 5m, 2h (units: us, ms, s, m, h, d, w)");
  CHECK(parsed.error(spanish()) == "'5x' tiene una unidad desconocida 'x': se esperaba una duración como 250ms, 5m, 2h "
                                   "(unidades: us, ms, s, m, h, d, w)");
}

TEST_CASE("a --set that does not resolve, or is no PATH=VALUE, is reported in Spanish") {
  // The overrides' errors come before the file is read: the file's own are not among them.
  const std::string errors = errors_in(kBroken, spanish(), {"mtas.nothere.policy=open", "agents.spamer.rate=1/h"});
  CHECK_THAT(errors, Catch::Contains("--set mtas.nothere.policy=open: error: 'mtas' no tiene ninguna clave 'nothere' "
                                     "(mx.a.example, relay.example); para añadirla, asígnala completa: "
                                     "mtas.nothere={...}"));
  CHECK_THAT(errors, Catch::Contains("--set agents.spamer.rate=1/h: error: 'agents' no tiene ningún elemento llamado "
                                     "'spamer'; ¿querías decir 'spammer'? (los elementos se eligen por su name: o por "
                                     "su índice, empezando en 0)"));
  CHECK_THAT(errors_in(kBroken, spanish(), {"experiment.replications=3"}),
             Catch::Contains("error: la sección experiment no se puede sobrescribir"));
  std::string error;
  CHECK_FALSE(parse_override("mtas.mx.a.example.policy", "--set", error, spanish()));
  CHECK(error == "se esperaba PATH=VALUE, como mtas.relay1.policy=open o agents.spammer.rate=120/h, no "
                 "'mtas.mx.a.example.policy'");
  for (const char* english : {"has no key", "has no element", "did you mean", "cannot be overridden", "expected PATH"}) {
    CHECK_THAT(errors + error, !Catch::Contains(english));
  }
}

TEST_CASE("an error in the file found with overrides applied names them in Spanish") {
  CHECK_THAT(errors_in(kBroken, spanish(), {"seed=7"}), Catch::Contains(" (con --set seed=7)"));
  CHECK_THAT(errors_in(kBroken, text::Catalog(), {"seed=7"}), Catch::Contains(" (with --set seed=7)"));
}

namespace {

// The issues of importing `postconf` for mx.a.example, one "line:col: message" each.
std::string postfix_issues(const std::string& postconf, const text::Catalog& catalog, bool sasl = false) {
  MtaSpec mta;
  mta.name = "mx.a.example";
  mta.ip = 0xC000020A;  // 192.0.2.10
  if (sasl) mta.sasl_users = {{"alice", "wonderland"}};
  const PostfixImport r = import_postfix(postconf, {{"a.example"}, {"mx.a.example"}, {}}, mta, catalog);
  std::string text;
  for (const auto* issues : {&r.errors, &r.warnings}) {
    for (const PostfixIssue& i : *issues) {
      text += std::to_string(i.line) + ":" + std::to_string(i.column) + ": " + i.message + "\n";
    }
  }
  return text;
}

}  // namespace

TEST_CASE("a Postfix configuration's errors and warnings are said in Spanish, its parameter names as Postfix writes them") {
  const std::string issues = postfix_issues("compatibility_level = 3.6\n"
                                            "relayhost = [mx.nowhere.example]\n"
                                            "hopcount_limit = many\n"
                                            "this is no parameter\n"
                                            "biff = no\n",
                                            spanish(), true);
  CHECK_THAT(issues, Catch::Contains("2:13: relayhost: 'mx.nowhere.example' no es un servidor de correo de este "
                                     "escenario\n"));
  CHECK_THAT(issues, Catch::Contains("3:18: hopcount_limit: se esperaba un número entero de al menos 1, no 'many'\n"));
  CHECK_THAT(issues, Catch::Contains("4:1: se esperaba 'nombre = valor', como escribe postconf -n los parámetros\n"));
  // A parameter the file leaves out is Postfix's default, and the message says so after its name.
  CHECK_THAT(issues, Catch::Contains("0:0: smtpd_sasl_auth_enable (no fijado: el valor por defecto de Postfix) = no: "
                                     "Postfix no ofrecería AUTH, pero el escenario da sasl_users al servidor de correo "
                                     "'mx.a.example'; pon smtpd_sasl_auth_enable = yes o quita sasl_users\n"));
  CHECK_THAT(issues, Catch::Contains("0:0: se ignora lo que relaysim no simula: biff\n"));
  for (const char* english : {"is not an MTA", "expected", "not set", "would offer", "not modelled"}) {
    CHECK_THAT(issues, !Catch::Contains(english));
  }
}

TEST_CASE("Postfix's refusals are said in Spanish") {
  MtaSpec mta;
  mta.name = "mx.a.example";
  mta.policy = PolicyPreset::LegacyOpen;
  mta.relay_restrictions = {Restriction::Permit};
  CHECK_THAT(postfix_refusal(mta, spanish()).value(),
             Catch::StartsWith("el servidor de correo 'mx.a.example' (política legacy-open) no tiene equivalente en "
                               "Postfix: Postfix no arranca si sus restricciones de retransmisión no incluyen "
                               "reject_unauth_destination"));
  CHECK_THAT(postfix_refusal(mta).value(), Catch::StartsWith("MTA 'mx.a.example' (policy legacy-open) has no Postfix "
                                                              "equivalent"));
}

TEST_CASE("the loader says the errors of a postfix: file in the language of its catalogue") {
  const fs::path dir = fs::temp_directory_path() / ("relaysim-es-postfix-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "main.cf.txt") << "compatibility_level = 3.6\nmyhostname = mx.a.example\nrelayhost = [nowhere]\n";
  const std::string yaml = R"(name: t
duration: 6h
domains:
  a.example: { mx: [mx.a.example] }
mtas:
  mx.a.example: { ip: 192.0.2.10, postfix: main.cf.txt }
)";
  const std::string errors = errors_in(yaml, spanish(), {}, (dir / "lesson.yaml").string());
  fs::remove_all(dir);
  CHECK_THAT(errors, Catch::Contains("main.cf.txt:3:13: error: relayhost: 'nowhere' no es un servidor de correo de este "
                                     "escenario"));
}

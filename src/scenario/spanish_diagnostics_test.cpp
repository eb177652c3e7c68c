// A broken scenario loaded with the Spanish catalogue is reported in Spanish, at the same
// file:line:col and in the same compiler-like format; without it, in English as before.
#include <catch2/catch.hpp>

#include "scenario/scenario_loader.h"
#include "scenario/units.h"
#include "text/catalog.h"

using namespace relaysim::scenario;
namespace text = relaysim::text;

namespace {

// Four kinds of mistake: an unknown key close to a real one, a duration without its unit, a
// reference to an MTA the scenario lacks, and an unknown policy.
const std::string kBroken = R"(name: t
duration: 6h
domains:
  a.example: { mx: [mx.b.example] }
mtas:
  mx.a.example: { ip: 192.0.2.10, polcy: open }
  relay.example: { ip: 192.0.2.11, policy: opne, queue: { queue_run_delay: 30 } }
)";

std::string errors_in(const std::string& yaml, const text::Catalog& catalog) {
  LoadLimits limits;
  limits.catalog = catalog;
  try {
    parse_scenario(yaml, "lesson.yaml", {}, limits);
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

// libFuzzer target: any bytes as a scenario file must give a spec or a ScenarioError, never a
// crash, a hang or another exception; a spec must keep the loader's promises, and errors be sorted.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "scenario/scenario_loader.h"

namespace {

using relaysim::scenario::ScenarioSpec;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "scenario_fuzz: %s\n", what.c_str());
  std::abort();
}

bool is_mta(const ScenarioSpec& spec, const std::string& name) {
  return std::any_of(spec.mtas.begin(), spec.mtas.end(), [&](const auto& m) { return m.name == name; });
}

bool is_node(const ScenarioSpec& spec, const std::string& name) {
  return is_mta(spec, name) ||
         std::any_of(spec.agents.begin(), spec.agents.end(), [&](const auto& a) { return a.name == name; });
}

// scenario_spec.h: "every reference resolves, every value is in range".
void check_spec(const ScenarioSpec& spec) {
  if (spec.duration <= 0) fail("a spec with a duration of " + std::to_string(spec.duration));
  if (spec.mtas.empty()) fail("a spec without MTAs");
  for (const auto& d : spec.domains) {
    for (const auto& mx : d.mx) {
      if (!is_mta(spec, mx.host)) fail("domain " + d.name + ": MX host " + mx.host + " is no MTA");
    }
  }
  for (const auto& m : spec.mtas) {
    if (m.relayhost && (!is_mta(spec, *m.relayhost) || *m.relayhost == m.name)) fail("MTA " + m.name + ": bad relayhost");
  }
  for (const auto& a : spec.agents) {
    for (const auto& via : a.via) {
      if (!is_mta(spec, via)) fail("agent " + a.name + ": via " + via + " is no MTA");
    }
  }
  for (const auto& l : spec.links) {
    if (!is_node(spec, l.a) || !is_node(spec, l.b) || l.a == l.b) fail("a link between " + l.a + " and " + l.b);
  }
  // relaysim run writes into out/<name>: that must be a folder of its own inside out/.
  const std::filesystem::path out = std::filesystem::path("out") / spec.name;
  const std::filesystem::path relative = out.lexically_normal().lexically_relative("out");
  if (relative.empty() || relative == "." || *relative.begin() == ".." || spec.name.find('\0') != std::string::npos) {
    fail("the name '" + spec.name + "' puts the output folder outside out/");
  }
}

// Sorted by position, each one line a terminal shows as it is (diagnostics.h).
void check_diagnostics(const relaysim::scenario::ScenarioError& error) {
  const auto& list = error.diagnostics();
  if (list.empty()) fail("a ScenarioError without diagnostics");
  const auto before = [](const auto& a, const auto& b) { return a.line != b.line ? a.line < b.line : a.column < b.column; };
  if (!std::is_sorted(list.begin(), list.end(), before)) fail("diagnostics out of order:\n" + std::string(error.what()));
  for (const auto& d : list) {
    if (d.message.empty()) fail("an empty diagnostic");
    const auto control = std::find_if(d.message.begin(), d.message.end(),
                                      [](char c) { return static_cast<unsigned char>(c) < 32 || c == 127; });
    if (control != d.message.end()) fail("a control character in the diagnostic: " + d.message);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_spec(relaysim::scenario::parse_scenario(text, "fuzz.yaml"));
  } catch (const relaysim::scenario::ScenarioError& e) {
    check_diagnostics(e);
  }
  return 0;
}

#include "live/live_setup.h"

#include <algorithm>
#include <stdexcept>

#include "scenario/diagnostics.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_overrides.h"

namespace relaysim::live {

scenario::ScenarioSpec read_scenario(const LiveSetup& setup, const scenario::LoadLimits& limits) {
  std::vector<scenario::Override> overrides;
  for (const std::string& text : setup.overrides) {
    std::string error;
    auto o = scenario::parse_override(text, "--set", error, limits.catalog);
    if (!o) throw std::runtime_error("--set " + text + ": " + error);
    overrides.push_back(std::move(*o));
  }
  return scenario::parse_scenario(setup.scenario_text, setup.scenario_file, overrides, limits);
}

LiveScenario with_live_client(scenario::ScenarioSpec spec, const LiveSetup& setup) {
  std::vector<Listener> listeners;
  for (const LiveSetup::Face& face : setup.listeners) {
    const auto mta = std::find_if(spec.mtas.begin(), spec.mtas.end(), [&](const auto& m) { return m.name == face.mta; });
    if (mta == spec.mtas.end()) throw std::runtime_error("the scenario has no MTA named " + face.mta);
    Listener l;
    l.mta = static_cast<std::uint32_t>(mta - spec.mtas.begin());
    l.submission = face.submission;
    listeners.push_back(l);
  }
  LiveScenario live;
  live.client_agent = add_live_client(spec, setup.client_ip, setup.message_class, listeners);
  live.live_node = static_cast<std::uint32_t>(spec.mtas.size() + live.client_agent);
  live.spec = std::move(spec);
  return live;
}

}  // namespace relaysim::live

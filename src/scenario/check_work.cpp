// The work a run would take on, estimated before it starts: recipient copies the agents submit,
// probes of relay hunters and rows of metrics.csv. A typo ("20/s" for "20/h", "1us" for "1h")
// would otherwise run for hours or fill memory; the error points at the value that costs most.
#include <cmath>

#include "scenario/loader_context.h"

namespace relaysim::scenario::detail {
namespace {

struct Cost {
  double units = 0;
  Pos where;
  std::string what;  // "agent 's1' (messages x recipients)"
  std::string key;   // the key to change
  std::string hint;  // what was probably meant, if a typo is likely
};

Pos value_position(const YAML::Node& map, std::string_view key, Pos otherwise) {
  if (!map.IsMap()) return otherwise;
  const YAML::Node value = map[std::string(key)];
  return value ? position(value) : otherwise;
}

double hours(SimTime from, SimTime to) { return to > from ? static_cast<double>(to - from) / sim::kHour : 0; }

// Messages an agent submits by `end`: its rate over its active time, or its fixed number. A relay
// hunter wakes at its rate all along, whether or not it knows a relay to send through yet.
double expected_messages(const AgentSpec& a, SimTime end) {
  const SimTime stop = std::min(a.stop.value_or(end), end);
  const double by_rate = a.rate_per_hour * hours(a.start, stop);
  if (!a.messages || a.hunt) return by_rate;
  return a.rate_per_hour > 0 ? std::min(static_cast<double>(*a.messages), by_rate) : static_cast<double>(*a.messages);
}

Cost agent_cost(const LoadContext& c, const YAML::Node& node, const AgentSpec& a, SimTime end) {
  const double messages = expected_messages(a, end);
  const bool by_count = a.messages && !a.hunt && static_cast<double>(*a.messages) <= messages;
  const std::string key = by_count ? "messages" : "rate";
  const bool fan_out = a.recipients_per_message > 1;
  return {messages * a.recipients_per_message, value_position(node, key, position(node)),
          c.tr(text::N_("agent '{1}' (messages x recipients_per_message)"), {a.name}),
          fan_out ? c.tr(text::N_("{1} or recipients_per_message"), {key}) : key,
          by_count || fan_out ? "" : c.tr(text::N_(" (did you mean a rate per hour, like 20/h?)"))};
}

Cost probe_cost(const LoadContext& c, const YAML::Node& node, const AgentSpec& a, SimTime end) {
  const YAML::Node hunt = node.IsMap() ? node["hunt"] : YAML::Node();
  return {a.hunt->probes_per_hour * hours(a.start, std::min(a.stop.value_or(end), end)),
          value_position(hunt, "rate", position(node)), c.tr(text::N_("the relay probes of agent '{1}'"), {a.name}),
          "hunt rate", c.tr(text::N_(" (did you mean a rate per hour, like 60/h?)"))};
}

std::string rounded(double units) { return std::to_string(static_cast<long long>(std::llround(units))); }

}  // namespace

void check_work(LoadContext& c, const Fields& top, const LoadLimits& limits) {
  const ScenarioSpec& spec = c.spec;
  const SimTime end = limits.until.value_or(spec.duration);
  std::vector<Cost> costs;
  const Entry* interval = top.find("metrics_interval");
  costs.push_back({std::ceil(static_cast<double>(end) / static_cast<double>(spec.metrics_interval)),
                   interval ? interval->where() : position(top.find("duration")->key), c.tr(text::N_("the rows of metrics.csv")),
                   interval ? "metrics_interval" : "duration", interval ? c.tr(text::N_(" (did you mean 1h?)")) : ""});
  for (std::size_t i = 0; i < spec.agents.size() && i < c.names.agents.size(); ++i) {
    costs.push_back(agent_cost(c, c.names.agents[i], spec.agents[i], end));
    if (spec.agents[i].hunt) costs.push_back(probe_cost(c, c.names.agents[i], spec.agents[i], end));
  }
  double total = 0;
  const Cost* largest = &costs.front();
  for (const Cost& cost : costs) {
    total += cost.units;
    if (cost.units > largest->units) largest = &cost;
  }
  if (total <= limits.max_work) return;
  c.in.error(largest->where,
             text::N_("{1}: this run would take on about {2} units of work (recipient copies, relay probes and metrics "
                      "rows), {3} of them from {4}, more than the limit of {5}: lower {6}{7}, or raise the limit with "
                      "--max-work"),
             {largest->key.substr(0, largest->key.find(' ')), rounded(total), rounded(largest->units), largest->what,
              rounded(limits.max_work), largest->key, largest->hint});
}

}  // namespace relaysim::scenario::detail

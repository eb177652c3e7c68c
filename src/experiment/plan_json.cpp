#include "experiment/plan_json.h"

#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "report/json.h"
#include "report/schema_version.h"
#include "scenario/units.h"

namespace relaysim::experiment {
namespace {

std::string json_string(std::string_view text) {
  std::string out;
  report::append_json_string(out, text);
  return out;
}

std::string string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + json_string(items[i]);
  return out + "]";
}

std::string configuration_json(const Configuration& c) {
  return "{\"scenario\": " + json_string(c.scenario) + ", \"variant\": " + json_string(c.variant) +
         ", \"point\": " + string_list(c.point) + ", \"overrides\": " + string_list(c.overrides) + "}";
}

std::string run_json(std::size_t index, const PlannedRun& r) {
  return "{\"run\": " + std::to_string(index) + ", \"configuration\": " + std::to_string(r.configuration) +
         ", \"replication\": " + std::to_string(r.replication) + ", \"seed\": " + std::to_string(r.seed) + "}";
}

template <class T, class F>
std::string json_lines(const std::vector<T>& items, F line) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ",\n    " : "\n    ") + line(i, items[i]);
  return out + (items.empty() ? "]" : "\n  ]");
}

std::uint64_t parse_hex64(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (text.size() != 16 || error != std::errc() || end != text.data() + text.size()) {
    throw PlanFileError("expected 16 hex digits, got '" + text + "'");
  }
  return value;
}

Plan plan_from(const nlohmann::json& j) {
  if (j.at("relaysim_plan").get<int>() != 1) throw PlanFileError("unknown plan version");
  if (const auto problem = report::schema_version_problem(j, report::kPlanSchemaVersion)) throw PlanFileError(*problem);
  Plan plan;
  plan.kind = j.at("kind").get<std::string>();
  for (const auto& f : j.at("files")) plan.files.push_back({f.at("name"), parse_hex64(f.at("fnv1a"))});
  if (!j.at("until").is_null()) {
    const auto until = scenario::parse_duration(j.at("until").get<std::string>());
    if (!until) throw PlanFileError("until: " + until.error());
    plan.until = until.value();
  }
  plan.replications = j.at("replications").get<std::uint64_t>();
  plan.axes = j.at("axes").get<std::vector<std::string>>();
  for (const auto& c : j.at("configurations")) {
    plan.configurations.push_back({c.at("scenario"), c.at("variant"), c.at("point"), c.at("overrides")});
  }
  for (const auto& r : j.at("runs")) {
    if (r.at("run").get<std::size_t>() != plan.runs.size()) throw PlanFileError("runs are not numbered in order");
    PlannedRun run{r.at("configuration"), r.at("replication"), r.at("seed")};
    if (run.configuration >= plan.configurations.size()) throw PlanFileError("a run names no configuration");
    plan.runs.push_back(run);
  }
  return plan;
}

}  // namespace

std::string hex64(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::string plan_json(const Plan& plan) {
  std::string out = "{\n  \"schema_version\": " + std::to_string(report::kPlanSchemaVersion) +
                    ",\n  \"relaysim_plan\": 1,\n  \"kind\": " + json_string(plan.kind) + ",\n  \"files\": ";
  out += json_lines(plan.files, [](std::size_t, const ScenarioFile& f) {
    return "{\"name\": " + json_string(f.name) + ", \"fnv1a\": \"" + hex64(f.fnv1a) + "\"}";
  });
  out += ",\n  \"until\": " + (plan.until ? json_string(scenario::format_duration(*plan.until)) : std::string("null"));
  out += ",\n  \"replications\": " + std::to_string(plan.replications);
  out += ",\n  \"axes\": " + string_list(plan.axes);
  out += ",\n  \"configurations\": " +
         json_lines(plan.configurations, [](std::size_t, const Configuration& c) { return configuration_json(c); });
  out += ",\n  \"runs\": " + json_lines(plan.runs, run_json);
  return out + "\n}\n";
}

Plan parse_plan_json(const std::string& text, const std::string& where) {
  try {
    return plan_from(nlohmann::json::parse(text));
  } catch (const nlohmann::json::exception& e) {
    throw PlanFileError(where + ": not a relaysim plan.json (" + e.what() + ")");
  } catch (const PlanFileError& e) {
    throw PlanFileError(where + ": " + e.what());
  }
}

}  // namespace relaysim::experiment

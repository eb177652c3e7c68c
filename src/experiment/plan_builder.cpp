#include "experiment/plan_builder.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "experiment/replication_seed.h"
#include "report/file_text.h"
#include "scenario/scenario_loader.h"
#include "scenario/suggest.h"
#include "sim/random_stream.h"

namespace relaysim::experiment {
namespace {

using scenario::Diagnostic;
using scenario::Override;
using scenario::ScenarioError;

// The text the loader has just read (and accepted), for the fingerprint and the experiment section.
std::string read_text(const std::string& path) { return report::read_file(path).value_or(""); }

ScenarioFile file_record(const std::string& path, const std::string& text) {
  return {std::filesystem::path(path).filename().string(), sim::stable_hash(text)};
}

std::string described(const Override& o) { return o.origin + " " + scenario::assignment(o); }

// Collects the errors of many loads, each distinct one once, in the order found.
class Errors {
 public:
  void add(const std::vector<Diagnostic>& diagnostics) {
    for (const Diagnostic& d : diagnostics) {
      if (seen_.insert(scenario::format_diagnostic(d)).second) all_.push_back(d);
    }
  }
  void add(Diagnostic d) { add(std::vector<Diagnostic>{std::move(d)}); }
  void throw_if_any() const {
    if (!all_.empty()) throw ScenarioError(all_);
  }

 private:
  std::vector<Diagnostic> all_;
  std::set<std::string> seen_;
};

// What follows "FILE has no variant 'NAME'": the closest name, else the file's variants, else how
// to define one.
std::string variant_hint(const std::string& name, const std::vector<std::string_view>& known,
                         const text::Catalog& catalog) {
  if (std::string close = scenario::did_you_mean(name, known, catalog); !close.empty()) return close;
  if (known.empty()) return catalog.tr(text::N_(" (it has none; define one with --variant NAME:PATH=VALUE,...)"));
  std::string names;
  for (std::size_t i = 0; i < known.size(); ++i) names += (i ? ", " : "") + std::string(known[i]);
  return catalog.tr(text::N_(" (variants: {1})"), {names});
}

// The variants to run; errors are said in `catalog`'s language.
std::vector<scenario::Variant> chosen_variants(const scenario::ExperimentSpec& spec,
                                               const std::vector<VariantChoice>& choices, const std::string& file,
                                               const text::Catalog& catalog) {
  if (choices.empty()) return spec.variants.empty() ? std::vector<scenario::Variant>{{"base", {}}} : spec.variants;
  std::vector<std::string_view> known;
  for (const auto& v : spec.variants) known.push_back(v.name);
  Errors errors;
  std::vector<scenario::Variant> out;
  for (const VariantChoice& c : choices) {
    const auto same = [&](const scenario::Variant& v) { return v.name == c.name; };
    if (std::any_of(out.begin(), out.end(), same)) {
      errors.add(
          Diagnostic{"--variant " + c.name, 0, 0, catalog.tr(text::N_("the variant '{1}' is given twice"), {c.name})});
    } else if (c.overrides) {
      out.push_back({c.name, *c.overrides});
    } else if (auto it = std::find_if(spec.variants.begin(), spec.variants.end(), same); it != spec.variants.end()) {
      out.push_back(*it);
    } else {
      const std::string hint = variant_hint(c.name, known, catalog);
      errors.add(Diagnostic{"--variant " + c.name, 0, 0,
                            catalog.tr(text::N_("{1} has no variant '{2}'{3}"), {file, c.name, hint})});
    }
  }
  errors.throw_if_any();
  return out;
}

std::vector<scenario::SweepAxis> merged_axes(std::vector<scenario::SweepAxis> axes,
                                             const std::vector<scenario::SweepAxis>& command_line) {
  for (const auto& axis : command_line) {
    auto it = std::find_if(axes.begin(), axes.end(), [&](const auto& a) { return a.path == axis.path; });
    if (it != axes.end()) {
      *it = axis;
    } else {
      axes.push_back(axis);
    }
  }
  return axes;
}

// Every combination of one value per axis, the last axis changing fastest.
std::vector<std::vector<std::size_t>> points_of(const std::vector<scenario::SweepAxis>& axes) {
  std::vector<std::vector<std::size_t>> points{{}};
  for (const auto& axis : axes) {
    std::vector<std::vector<std::size_t>> longer;
    for (const auto& p : points) {
      for (std::size_t v = 0; v < axis.values.size(); ++v) {
        longer.push_back(p);
        longer.back().push_back(v);
      }
    }
    points = std::move(longer);
  }
  return points;
}

// A --sweep path that does not resolve is reported once, not once per value.
void check_axis_paths(const std::string& text, const ExperimentRequest& request, Errors& errors) {
  const text::Catalog& catalog = request.limits.catalog;
  YAML::Node root = YAML::Load(text);  // the loader has accepted it, --set included
  scenario::detail::apply_overrides(root, request.set, text, catalog);
  for (const scenario::SweepAxis& axis : request.sweep) {
    YAML::Node scratch = YAML::Clone(root);
    const std::string error =
        scenario::apply_override(scratch, axis.path, YAML::Node(axis.values.front().value), catalog);
    if (!error.empty()) errors.add(Diagnostic{"--sweep " + axis.path, 0, 0, error});
  }
}

// Refuses a plan of more than kMaxRuns runs, before its configurations are listed. The error is
// at the sweep written in the file with the most values (the usual culprit), else it names the
// command line's options. It is said in `catalog`'s language.
void check_size(const std::vector<std::size_t>& factors, std::uint64_t replications, const text::Catalog& catalog,
                const std::vector<scenario::SweepAxis>& axes = {}) {
  // Saturating products: a plan beyond 2^64 runs is as refused as one of a million and one.
  std::uint64_t configurations = 1, runs = 0;
  for (std::size_t f : factors) {
    if (__builtin_mul_overflow(configurations, f, &configurations)) configurations = UINT64_MAX;
  }
  if (__builtin_mul_overflow(configurations, replications, &runs)) runs = UINT64_MAX;
  if (runs <= kMaxRuns) return;
  const std::string message =
      catalog.tr(text::N_("{1} configurations x {2} replications is more than {3} runs: expected fewer variants, sweep "
                          "values or replications"),
                 {std::to_string(configurations), std::to_string(replications), std::to_string(kMaxRuns)});
  const scenario::SweepAxis* widest = nullptr;
  for (const auto& axis : axes) {
    const bool in_file = !axis.values.empty() && axis.values.front().line > 0;
    if (in_file && (widest == nullptr || axis.values.size() > widest->values.size())) widest = &axis;
  }
  if (widest != nullptr) {
    const Override& first = widest->values.front();
    throw ScenarioError({Diagnostic{first.file, first.line, first.column, "sweep " + widest->path + ": " + message}});
  }
  throw ScenarioError({Diagnostic{"relaysim (--variant, --sweep, --replications)", 0, 0, message}});
}

void add_runs(LoadedPlan& loaded) {
  Plan& plan = loaded.plan;
  for (std::size_t c = 0; c < plan.configurations.size(); ++c) {
    for (std::uint64_t r = 0; r < plan.replications; ++r) {
      plan.runs.push_back({c, r, replication_seed(loaded.specs[c].seed, r)});
    }
  }
}

// One configuration: its overrides, loaded (errors go to `errors`).
void add_configuration(LoadedPlan& out, Errors& errors, const std::string& text, const std::string& file,
                       Configuration c, const std::vector<Override>& overrides, const scenario::LoadLimits& limits) {
  try {
    out.specs.push_back(scenario::parse_scenario(text, file, overrides, limits));
    c.scenario = out.specs.back().name;
    for (const Override& o : overrides) c.overrides.push_back(described(o));
    out.plan.configurations.push_back(std::move(c));
  } catch (const ScenarioError& e) {
    errors.add(e.diagnostics());
  }
}

// "name", else the file's stem, else "stem-N": unique, and safe as a folder name.
std::string comparison_label(const std::string& name, const std::string& file, const std::set<std::string>& taken) {
  auto safe = [](std::string text) {
    for (char& ch : text) {
      const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                      ch == '-' || ch == '_' || ch == '.';
      if (!ok) ch = '-';
    }
    return text.empty() || text[0] == '.' ? "s" + text : text;
  };
  const std::string first = safe(name), second = safe(std::filesystem::path(file).stem().string());
  if (!taken.contains(first)) return first;
  if (!taken.contains(second)) return second;
  for (int n = 2;; ++n) {
    if (!taken.contains(second + "-" + std::to_string(n))) return second + "-" + std::to_string(n);
  }
}

}  // namespace

LoadedPlan plan_experiment(const ExperimentRequest& request) {
  scenario::load_scenario_file(request.file, request.set, request.limits);  // the scenario's own errors first
  const std::string text = read_text(request.file);
  const auto spec = scenario::parse_experiment(text, request.file, request.set).value_or(scenario::ExperimentSpec{});
  LoadedPlan out;
  Plan& plan = out.plan;
  plan.kind = "experiment";
  plan.files = {file_record(request.file, text)};
  plan.until = request.limits.until;
  plan.replications = request.replications.value_or(spec.replications.value_or(1));
  const auto variants = chosen_variants(spec, request.variants, request.file, request.limits.catalog);
  Errors errors;
  check_axis_paths(text, request, errors);
  errors.throw_if_any();
  const auto axes = merged_axes(spec.sweep, request.sweep);
  for (const auto& axis : axes) plan.axes.push_back(axis.path);
  std::vector<std::size_t> factors = {variants.size()};
  for (const auto& axis : axes) factors.push_back(axis.values.size());
  check_size(factors, plan.replications, request.limits.catalog, axes);
  const auto points = points_of(axes);
  for (const auto& variant : variants) {
    for (const auto& point : points) {
      std::vector<Override> overrides = request.set;
      overrides.insert(overrides.end(), variant.overrides.begin(), variant.overrides.end());
      Configuration c{"", variant.name, {}, {}};
      for (std::size_t a = 0; a < axes.size(); ++a) {
        overrides.push_back(axes[a].values[point[a]]);
        c.point.push_back(axes[a].values[point[a]].value);
      }
      add_configuration(out, errors, text, request.file, std::move(c), overrides, request.limits);
    }
  }
  errors.throw_if_any();
  add_runs(out);
  return out;
}

LoadedPlan plan_comparison(const std::vector<std::string>& files, const std::vector<Override>& set,
                           std::uint64_t replications, const scenario::LoadLimits& limits) {
  LoadedPlan out;
  Plan& plan = out.plan;
  plan.kind = "comparison";
  plan.until = limits.until;
  plan.replications = replications;
  check_size({files.size()}, replications, limits.catalog);
  Errors errors;
  std::set<std::string> labels;
  for (const std::string& file : files) {
    try {
      scenario::ScenarioSpec spec = scenario::load_scenario_file(file, set, limits);
      const std::string text = read_text(file);
      plan.files.push_back(file_record(file, text));
      Configuration c{spec.name, comparison_label(spec.name, file, labels), {}, {}};
      for (const Override& o : set) c.overrides.push_back(described(o));
      labels.insert(c.variant);
      plan.configurations.push_back(std::move(c));
      out.specs.push_back(std::move(spec));
    } catch (const ScenarioError& e) {
      errors.add(e.diagnostics());
    }
  }
  errors.throw_if_any();
  add_runs(out);
  return out;
}

}  // namespace relaysim::experiment

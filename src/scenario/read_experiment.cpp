// experiment: variants (name -> path -> value), sweep (path -> list of values), replications.
#include <algorithm>

#include "scenario/experiment_spec.h"
#include "scenario/scenario_keys.h"

namespace relaysim::scenario {
namespace {

Override override_at(const std::string& path, const YAML::Node& value, std::string origin, const std::string& file) {
  const Pos pos = position(value);
  return Override{path, flow_text(value), std::move(origin), file, pos.line, pos.column};
}

// The overrides of one variant, each checked on `scratch` (the scenario with the earlier ones
// of the variant applied, as they will be).
std::vector<Override> read_variant(Input& in, const Entry& variant, YAML::Node scratch, const std::string& file) {
  // The label is also the override's origin, named in its errors whatever the language.
  const std::string label = "variant '" + variant.name + "'";
  std::vector<Override> overrides;
  for (const Entry& e : in.named_entries(variant.value, label, text::N_("path"), false)) {
    if (e.value.IsNull()) {
      in.error(e.where(), text::N_("{1}: {2}: expected a value"), {label, e.name});
      continue;
    }
    if (const std::string error = apply_override(scratch, e.name, e.value, in.catalog()); !error.empty()) {
      in.error(position(e.key), label + ": " + e.name + ": " + error);
      continue;
    }
    overrides.push_back(override_at(e.name, e.value, label, file));
  }
  return overrides;
}

std::vector<Variant> read_variants(Input& in, const Fields& f, const YAML::Node& root, const std::string& file) {
  std::vector<Variant> variants;
  const Entry* v = f.find("variants");
  if (v == nullptr) return variants;
  for (const Entry& e : in.named_entries(v->value, "variants", text::N_("variant"), false)) {
    if (const std::string error = check_variant_name(e.name, in.catalog()); !error.empty()) {
      in.error(position(e.key), "variants: '" + e.name + "': " + error);
      continue;
    }
    variants.push_back({e.name, read_variant(in, e, YAML::Clone(root), file)});
  }
  return variants;
}

std::optional<SweepAxis> read_axis(Input& in, const Entry& e, const YAML::Node& root, const std::string& file) {
  if (!e.value.IsSequence() || e.value.size() == 0) {
    in.type_error(e.value, e.where(), "sweep: " + e.name, text::N_("a list of values like [60/h, 600/h]"));
    return std::nullopt;
  }
  YAML::Node scratch = YAML::Clone(root);
  if (const std::string error = apply_override(scratch, e.name, e.value[0], in.catalog()); !error.empty()) {
    in.error(position(e.key), "sweep: " + e.name + ": " + error);
    return std::nullopt;
  }
  SweepAxis axis{e.name, {}};
  for (const YAML::Node& value : e.value) {
    Override o = override_at(e.name, value, "sweep", file);
    const auto same = [&](const Override& other) { return other.value == o.value; };
    if (std::any_of(axis.values.begin(), axis.values.end(), same)) {
      in.error(position(value), text::N_("sweep: {1}: the value {2} is given twice"), {e.name, o.value});
      continue;
    }
    axis.values.push_back(std::move(o));
  }
  return axis;
}

std::optional<std::uint64_t> read_replications(Input& in, const Fields& f) {
  auto n = in.field(f, "replications", kCountExpected, parse_count);
  if (n && (*n < 1 || *n > kMaxReplications)) {
    in.error(f.find("replications")->where(),
             text::N_("replications: expected 1 to {1}, got {2}"), {std::to_string(kMaxReplications), std::to_string(*n)});
    return std::nullopt;
  }
  return n;
}

}  // namespace

std::string check_variant_name(std::string_view name, const text::Catalog& catalog) {
  const bool ok = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
  return ok ? "" : catalog.tr(text::N_("expected a name of letters, digits, '_', '-' and '.' (at most 64), like "
                                       "closed-relay"));
}

namespace detail {

std::optional<ExperimentSpec> read_experiment(Input& in, const Fields& top, const YAML::Node& root,
                                              const std::string& file_name) {
  const Entry* e = top.find("experiment");
  if (e == nullptr) return std::nullopt;
  const Fields f = in.fields(e->value, e->where(), keys::kExperiment, "experiment");
  ExperimentSpec spec;
  spec.replications = read_replications(in, f);
  spec.variants = read_variants(in, f, root, file_name);
  if (const Entry* s = f.find("sweep")) {
    for (const Entry& entry : in.named_entries(s->value, "sweep", text::N_("path"), false)) {
      if (auto axis = read_axis(in, entry, root, file_name)) spec.sweep.push_back(std::move(*axis));
    }
  }
  return spec;
}

}  // namespace detail

std::optional<ExperimentSpec> parse_experiment(std::string_view yaml_text, const std::string& file_name,
                                               const std::vector<Override>& overrides) {
  DiagnosticList diagnostics(file_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    diagnostics.error(e.mark.line + 1, e.mark.column + 1, "invalid YAML: " + e.msg);
    diagnostics.throw_if_any();
  }
  const detail::OverrideLines lines = detail::apply_overrides(root, overrides, yaml_text);
  Input in(diagnostics);
  const Fields top = in.fields(root, position(root), keys::kScenario, in.tr(text::N_("the scenario")));
  auto spec = detail::read_experiment(in, top, root, file_name);
  detail::throw_if_any(diagnostics, lines);
  return spec;
}

}  // namespace relaysim::scenario

// The experiment: section of a scenario: named variants and swept values (each a set of
// overrides of the scenario) and the number of replications that `relaysim experiment` runs.
// `relaysim run` checks the section and otherwise ignores it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario_overrides.h"
#include "scenario/yaml_input.h"

namespace relaysim::scenario {

inline constexpr std::uint64_t kMaxReplications = 100000;

struct Variant {
  std::string name;
  std::vector<Override> overrides;  // applied in order; none: the scenario as written
};

// One swept path and its values, each an override of that path.
struct SweepAxis {
  std::string path;
  std::vector<Override> values;
};

struct ExperimentSpec {
  std::optional<std::uint64_t> replications;
  std::vector<Variant> variants;
  std::vector<SweepAxis> sweep;
};

// "" when `name` can name a variant (letters, digits, '_', '-', '.'), else what is expected (in
// `catalog`'s language).
std::string check_variant_name(std::string_view name, const text::Catalog& catalog = {});

// The experiment: section of a scenario that loads (load it first), with `overrides` applied to
// the file as the loader applies them; nullopt when there is none. Throws ScenarioError.
std::optional<ExperimentSpec> parse_experiment(std::string_view yaml_text, const std::string& file_name,
                                               const std::vector<Override>& overrides = {});

namespace detail {

// Reads and checks experiment: of `top` (every path must resolve in `root`); errors go to `in`.
std::optional<ExperimentSpec> read_experiment(Input& in, const Fields& top, const YAML::Node& root,
                                              const std::string& file_name);

}  // namespace detail
}  // namespace relaysim::scenario

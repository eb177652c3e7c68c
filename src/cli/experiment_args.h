// Command-line pieces shared by experiment, compare, run and serve: overrides (--set), sweeps (--sweep),
// variants (--variant), --jobs, --replications and --until, each checked with a message that
// names the option and what it expected.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "experiment/plan_builder.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_overrides.h"
#include "sim/sim_time.h"
#include "text/catalog.h"

namespace relaysim::cli {

// `text` split at commas outside brackets, braces and quotes: "60/h,[[1h, 2h]],x" -> 3 items.
std::vector<std::string> split_top_level(std::string_view text);

// Each --set PATH=VALUE; false with `error` set on a malformed one (in `catalog`'s language, as the
// scenario's errors are).
bool parse_set_options(const std::vector<std::string>& texts, std::vector<scenario::Override>& out, std::string& error,
                       const text::Catalog& catalog = {});
// --sweep PATH=V1,V2,...
bool parse_sweep_options(const std::vector<std::string>& texts, std::vector<scenario::SweepAxis>& out,
                         std::string& error, const text::Catalog& catalog = {});
// --variant NAME (one of the file's) or NAME:PATH=VALUE,... (defined here)
bool parse_variant_options(const std::vector<std::string>& texts, std::vector<experiment::VariantChoice>& out,
                           std::string& error, const text::Catalog& catalog = {});

// --max-work N: the limit on a run's estimated work (every command that runs a scenario has it).
void add_max_work_option(boost::program_options::options_description& options);
// Reads it into `limits`; false with `error` set when it is not a positive number.
bool read_max_work_option(const boost::program_options::variables_map& vm, scenario::LoadLimits& limits,
                          std::string& error);

// --until DURATION: a positive simulated time, into `until` (left as it is without the option);
// false with `error` set when it is not one.
bool read_until_option(const boost::program_options::variables_map& vm, std::optional<sim::SimTime>& until,
                       std::string& error);

// The options every many-run command has: --set, --jobs, --replications, --until, --max-work, --quiet, --lang.
void add_common_options(boost::program_options::options_description& options);

struct CommonOptions {
  std::vector<scenario::Override> set;
  unsigned jobs = 1;
  std::optional<std::uint64_t> replications;
  scenario::LoadLimits limits;  // --until and --max-work
  bool quiet = false;
  text::Catalog catalog;  // --lang
};

// Reads what add_common_options declared; false with `error` set when a value makes no sense.
bool read_common_options(const boost::program_options::variables_map& vm, CommonOptions& out, std::string& error);

}  // namespace relaysim::cli

#include "cli/experiment_args.h"

#include <algorithm>

#include "cli/command_line.h"
#include "experiment/run_pool.h"
#include "scenario/units.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;

std::string trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

}  // namespace

std::vector<std::string> split_top_level(std::string_view text) {
  std::vector<std::string> items(1);
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      items.back() = trimmed(items.back());
      items.emplace_back();
      continue;
    }
    items.back() += c;
  }
  items.back() = trimmed(items.back());
  return items;
}

bool parse_set_options(const std::vector<std::string>& texts, std::vector<scenario::Override>& out, std::string& error,
                       const text::Catalog& catalog) {
  for (const std::string& text : texts) {
    auto o = scenario::parse_override(text, "--set", error, catalog);
    if (!o) {
      error = "--set " + text + ": " + error;
      return false;
    }
    out.push_back(std::move(*o));
  }
  return true;
}

bool parse_sweep_options(const std::vector<std::string>& texts, std::vector<scenario::SweepAxis>& out,
                         std::string& error, const text::Catalog& catalog) {
  for (const std::string& text : texts) {
    auto o = scenario::parse_override(text, "--sweep", error, catalog);
    if (!o) {
      error = "--sweep " + text + ": " + error + catalog.tr(text::N_(" (several values separated by commas)"));
      return false;
    }
    scenario::SweepAxis axis{o->path, {}};
    for (const std::string& value : split_top_level(o->value)) {
      const auto same = [&](const scenario::Override& v) { return v.value == value; };
      if (value.empty() || std::any_of(axis.values.begin(), axis.values.end(), same)) {
        error = "--sweep " + text + ": " +
                (value.empty() ? catalog.tr(text::N_("a value is empty"))
                               : catalog.tr(text::N_("the value {1} is given twice"), {value}));
        return false;
      }
      axis.values.push_back({o->path, value, "--sweep", "", 0, 0});
    }
    out.push_back(std::move(axis));
  }
  return true;
}

bool parse_variant_options(const std::vector<std::string>& texts, std::vector<experiment::VariantChoice>& out,
                           std::string& error, const text::Catalog& catalog) {
  for (const std::string& text : texts) {
    const std::size_t colon = text.find(':');
    experiment::VariantChoice choice{trimmed(std::string_view(text).substr(0, colon)), std::nullopt};
    if (const std::string why = scenario::check_variant_name(choice.name, catalog); !why.empty()) {
      error = "--variant " + text + ": " + why + catalog.tr(text::N_(" (then optionally :PATH=VALUE,...)"));
      return false;
    }
    if (colon != std::string::npos) {
      choice.overrides.emplace();
      for (const std::string& item : split_top_level(std::string_view(text).substr(colon + 1))) {
        if (item.empty()) continue;  // "base:" defines the scenario as written
        auto o = scenario::parse_override(item, "--variant " + choice.name, error, catalog);
        if (!o) {
          error = "--variant " + text + ": " + error;
          return false;
        }
        choice.overrides->push_back(std::move(*o));
      }
    }
    out.push_back(std::move(choice));
  }
  return true;
}

void add_max_work_option(po::options_description& options) {
  options.add_options()("max-work", po::value<std::string>()->value_name("N"),
                        "refuse a run estimated to take on more than N units of work (recipient copies, relay "
                        "probes and metrics rows; default 10000000), before it starts");
}

bool read_max_work_option(const po::variables_map& vm, scenario::LoadLimits& limits, std::string& error) {
  if (!vm.count("max-work")) return true;
  const auto n = scenario::parse_count(vm["max-work"].as<std::string>());
  if (!n || n.value() < 1) {
    error = "--max-work: expected a whole number of at least 1, got '" + vm["max-work"].as<std::string>() + "'";
    return false;
  }
  limits.max_work = static_cast<double>(n.value());
  return true;
}

bool read_until_option(const po::variables_map& vm, std::optional<sim::SimTime>& until, std::string& error) {
  if (!vm.count("until")) return true;
  const auto parsed = scenario::parse_duration(vm["until"].as<std::string>());
  if (!parsed || parsed.value() <= 0) {
    error = "--until: " + (parsed ? std::string("expected a positive duration") : parsed.error());
    return false;
  }
  until = parsed.value();
  return true;
}

void add_common_options(po::options_description& options) {
  add_max_work_option(options);
  options.add_options()
      ("set", po::value<std::vector<std::string>>()->value_name("PATH=VALUE"),
       "override a scenario value by its path, for every run (repeatable), e.g. mtas.relay1.policy=open or "
       "agents.spammer.rate=120/h")
      ("replications,r", po::value<std::string>()->value_name("R"),
       "runs of each configuration, with independent seeds (replication 0 uses the scenario's seed)")
      ("jobs,j", po::value<std::string>()->value_name("N"),
       "runs at a time, on N threads (default: the number of cores); the results do not depend on it")
      ("until", po::value<std::string>()->value_name("DURATION"), "simulate this long instead of the scenario's duration")
      ("quiet,q", "print nothing on success (errors still go to stderr)");
  add_language_option(options);
}

bool read_common_options(const po::variables_map& vm, CommonOptions& out, std::string& error) {
  // The language first: the overrides' errors are said in it.
  auto catalog = read_language_option(vm, error);
  if (!catalog) return false;
  out.catalog = *catalog;
  out.limits.catalog = *catalog;  // the scenario's errors, in the same language
  if (vm.count("set") && !parse_set_options(vm["set"].as<std::vector<std::string>>(), out.set, error, out.catalog)) {
    return false;
  }
  out.jobs = experiment::default_jobs();
  if (vm.count("jobs")) {
    const auto jobs = scenario::parse_count(vm["jobs"].as<std::string>());
    if (!jobs || jobs.value() < 1 || jobs.value() > 1024) {
      error = "--jobs: expected a number of threads from 1 to 1024, got '" + vm["jobs"].as<std::string>() + "'";
      return false;
    }
    out.jobs = static_cast<unsigned>(jobs.value());
  }
  if (vm.count("replications")) {
    const auto r = scenario::parse_count(vm["replications"].as<std::string>());
    if (!r || r.value() < 1 || r.value() > scenario::kMaxReplications) {
      error = "--replications: expected 1 to " + std::to_string(scenario::kMaxReplications) + ", got '" +
              vm["replications"].as<std::string>() + "'";
      return false;
    }
    out.replications = r.value();
  }
  if (!read_until_option(vm, out.limits.until, error)) return false;
  out.quiet = vm.count("quiet") > 0;
  return read_max_work_option(vm, out.limits, error);
}

}  // namespace relaysim::cli

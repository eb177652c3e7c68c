// relaysim postfix-config: the main.cf and master.cf lines under which a real Postfix decides as a
// simulated MTA does (docs/postfix-fidelity.md).
#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <limits>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/experiment_args.h"
#include "cli/shipped_lessons.h"
#include "scenario/postfix_config.h"
#include "scenario/scenario_loader.h"
#include "smtp/ascii_case.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;

po::options_description postfix_config_options() {
  po::options_description options("relaysim postfix-config SCENARIO MTA [options]\n\nPrints the main.cf and master.cf "
                                  "lines that make a real Postfix behave as the scenario's MTA");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->value_name("PATH=VALUE"),
       "override a scenario value by its path first (repeatable), e.g. mtas.mx.campus.example.policy=closed")
      ("lang", po::value<std::string>()->value_name("es|en"),
       "the language of the errors and warnings (default: from LC_ALL, LC_MESSAGES or LANG); the configuration is "
       "printed as Postfix reads it");
  return options;
}

void print_config(std::ostream& out, const scenario::PostfixConfig& config) {
  out << "# main.cf\n";
  for (const std::string& line : config.main_cf) out << line << "\n";
  for (const std::string& note : config.notes) out << "# " << note << "\n";
  out << "# master.cf\n";
  for (const std::string& line : config.master_cf) out << line << "\n";
}

// The scenario's MTAs, separated by spaces.
std::string mta_names(const scenario::ScenarioSpec& spec) {
  std::string names;
  for (const auto& m : spec.mtas) names += (names.empty() ? "" : " ") + m.name;
  return names;
}

}  // namespace

int postfix_config_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description options = postfix_config_options();
  int status = kExitOk;
  const auto line = parse_command_line("postfix-config", options, args, out, err, status);
  if (!line) return status;
  if (line->inputs.size() != 2) return usage_error("postfix-config", "expected a scenario file and an MTA's name", err);
  const auto catalog = language_catalog("postfix-config", line->options, err);
  if (!catalog) return kExitBadInput;
  std::vector<scenario::Override> overrides;
  std::string error;
  if (line->options.count("set") &&
      !parse_set_options(line->options["set"].as<std::vector<std::string>>(), overrides, error, *catalog)) {
    err << "relaysim postfix-config: " << error << "\n";
    return kExitBadInput;
  }
  scenario::ScenarioSpec spec;
  try {
    // What the configuration says does not depend on how long a run would be.
    spec = scenario::load_scenario_file(scenario_file(line->inputs[0]), overrides,
                                        {std::nullopt, std::numeric_limits<double>::infinity(), *catalog});
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << "\n";
    return kExitBadInput;
  }
  err << scenario::format_warnings({&spec, 1}, *catalog);
  const std::string name = smtp::lowercase(line->inputs[1]);
  const auto mta = std::find_if(spec.mtas.begin(), spec.mtas.end(), [&](const auto& m) { return m.name == name; });
  if (mta == spec.mtas.end()) {
    err << "relaysim postfix-config: " << catalog->tr(text::N_("{1} has no MTA '{2}'; its MTAs: {3}"),
                                                      {line->inputs[0], line->inputs[1], mta_names(spec)})
        << "\n";
    return kExitBadInput;
  }
  if (const auto why = scenario::postfix_refusal(*mta, *catalog)) {
    err << "relaysim postfix-config: " << *why << "\n";
    return kExitBadInput;
  }
  print_config(out, scenario::export_postfix(*mta, spec.blocklists));
  return kExitOk;
}

}  // namespace relaysim::cli

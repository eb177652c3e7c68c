#include <iostream>

#include "cli/commands.h"
#include "cli/shipped_lessons.h"
#include "scenario/scenario_loader.h"

namespace relaysim::cli {

int validate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? err : out) << "relaysim validate SCENARIO...\n\nChecks scenario files without running "
                                  "them; prints every error as file:line:col: error: ...\n";
    return args.empty() ? kExitBadInput : kExitOk;
  }
  int status = kExitOk;
  for (const std::string& file : scenario_files(args)) {
    try {
      const scenario::ScenarioSpec spec = scenario::load_scenario_file(file);
      err << scenario::format_warnings({&spec, 1});
      out << file << ": ok (" << spec.mtas.size() << " MTAs, " << spec.agents.size() << " agents, "
          << spec.domains.size() << " domains)\n";
    } catch (const scenario::ScenarioError& e) {
      err << e.what() << "\n";
      status = kExitBadInput;
    }
  }
  return status;
}

}  // namespace relaysim::cli

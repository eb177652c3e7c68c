// relaysim: the command-line entry point; it only dispatches to the subcommands.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

constexpr const char* kUsage =
    "relaysim: a discrete-event simulator of SMTP relaying, for teaching and policy experiments\n\n"
    "usage: relaysim COMMAND [options]\n\n"
    "commands:\n"
    "  run SCENARIO       simulate a scenario; write summary, trace and transcripts\n"
    "  render OUTDIR      draw diagrams and report.html from a run's outputs (Graphviz)\n"
    "  validate FILE...   check scenario files and report every error\n"
    "  serve SCENARIO     let real SMTP clients (swaks, smtplib...) talk to the simulated MTAs on loopback\n"
    "  recover OUTDIR     write the outputs of a serve that was killed, from the journal it left\n"
    "  experiment SCENARIO --out DIR\n"
    "                     run its variants, sweeps and replications in parallel; means and 95 % intervals\n"
    "  merge SHARD_DIR... --out DIR\n"
    "                     combine the folders of experiment --shard K/N runs into the full results\n"
    "  compare SCENARIO SCENARIO...\n"
    "                     run several scenarios and show their metrics side by side\n"
    "  postfix-config SCENARIO MTA\n"
    "                     print the main.cf and master.cf lines that make a real Postfix behave as that MTA\n\n"
    "options:\n"
    "  -h, --help         show this help (relaysim COMMAND --help for a command's options)\n"
    "  --version          show the version\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace relaysim::cli;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitBadInput;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "relaysim " << RELAYSIM_VERSION << "\n";
    return kExitOk;
  }
  try {
    if (command == "run") return run_command(rest, std::cout, std::cerr);
    if (command == "render") return render_command(rest, std::cout, std::cerr);
    if (command == "validate") return validate_command(rest, std::cout, std::cerr);
    if (command == "serve") return serve_command(rest, std::cout, std::cerr);
    if (command == "recover") return recover_command(rest, std::cout, std::cerr);
    if (command == "experiment") return experiment_command(rest, std::cout, std::cerr);
    if (command == "merge") return merge_command(rest, std::cout, std::cerr);
    if (command == "compare") return compare_command(rest, std::cout, std::cerr);
    if (command == "postfix-config") return postfix_config_command(rest, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "relaysim: " << e.what() << "\n";
    return kExitFailure;
  }
  std::cerr << "relaysim: unknown command '" << command << "'\n\n" << kUsage;
  return kExitBadInput;
}

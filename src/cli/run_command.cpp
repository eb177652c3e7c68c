#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/experiment_args.h"
#include "cli/shipped_lessons.h"
#include "run/scenario_run.h"
#include "scenario/scenario_loader.h"
#include "scenario/units.h"
#include "sim/clock_text.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;

po::options_description run_options() {
  po::options_description options("relaysim run SCENARIO [options]\n\nSimulates a scenario and writes "
                                  "summary.json, trace.jsonl and transcripts/ into the output folder");
  options.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "output folder (default: out/<scenario name>)")
      ("seed", po::value<std::string>(), "random seed, a whole number (default: the scenario's seed)")
      ("set", po::value<std::vector<std::string>>()->value_name("PATH=VALUE"),
       "override a scenario value by its path (repeatable), e.g. mtas.relay1.policy=open or "
       "agents.spammer.rate=120/h; see docs/experiments.md")
      ("until", po::value<std::string>(), "simulate this long instead of the scenario's duration, e.g. 2h")
      ("transcripts", po::value<std::vector<std::string>>()->multitoken(),
       "which messages get SMTP transcripts: key | all | spam | ham | none | sample | message ids "
       "(default: key, the first message of each distinct outcome and the scenario's key_messages; "
       "sample: the first 3 ham and 3 spam messages)")
      ("explain", "under each server decision in the transcripts, say in plain words what it decided and why")
      ("no-trace", "do not write trace.jsonl (faster for large runs)")
      ("mailboxes", po::value<std::string>()->value_name("FORMAT"),
       "write every delivered copy, with the headers each server added, where mail programs read it: "
       "maildir (OUTDIR/maildir/<mailbox>/, junk in its .Junk folder) or mbox (OUTDIR/mbox/<mailbox>.mbox)")
      ("diagrams", "after the run, draw the default diagrams into the output folder's diagrams/ and write "
                   "report.html (as relaysim render OUTDIR)")
      ("quiet,q", "print nothing on success (errors still go to stderr)");
  add_max_work_option(options);
  add_language_option(options);
  return options;
}

void print_outputs(std::ostream& out, const std::filesystem::path& dir, const run::RunOptions& run,
                   std::size_t transcripts, const text::Catalog& tr) {
  out << "\n" << tr.tr("Outputs in {1}/", {dir.string()}) << "\n"
      << "  summary.json      " << tr.tr("totals per message class and per mail server") << "\n"
      << "  metrics.csv       " << tr.tr("the counts of each interval of simulated time (for plots over time)") << "\n"
      << "  mailboxes.csv     " << tr.tr("what each mailbox received, by class") << "\n"
      << "  topology.json     " << tr.tr("the hosts, policies, DNS and links simulated (for relaysim render)") << "\n";
  if (run.trace) out << "  trace.jsonl       " << tr.tr("one line per message event") << "\n";
  out << "  transcripts/      " << tr.tr_n("{1} SMTP dialogue", "{1} SMTP dialogues", transcripts) << "\n";
  if (run.mailboxes == mail::MailboxFormat::Maildir) {
    out << "  maildir/          " << tr.tr("every delivered copy with its headers, one Maildir per mailbox (mutt -f)") << "\n";
  } else if (run.mailboxes == mail::MailboxFormat::Mbox) {
    out << "  mbox/             " << tr.tr("every delivered copy with its headers, one mbox file per mailbox (mutt -f)") << "\n";
  }
}

// What run's options ask for, beyond the scenario: how to run it, the loader's limits, the
// overrides, the seed and where the outputs go. An error names the option that is wrong.
struct RunPlan {
  run::RunOptions run;
  scenario::LoadLimits limits;
  std::vector<scenario::Override> overrides;
  std::optional<std::uint64_t> seed;
  bool quiet = false;
  bool diagrams = false;
};

std::string plan_run(const po::variables_map& vm, RunPlan& plan) {
  run::RunOptions& run = plan.run;
  std::string error;
  const auto choice = report::TranscriptChoice::parse(
      vm.count("transcripts") ? vm["transcripts"].as<std::vector<std::string>>() : std::vector<std::string>{},
      error);
  if (!choice) return error;
  run.transcripts = *choice;
  if (!read_until_option(vm, run.until, error)) return error;
  plan.limits = {run.until, scenario::kDefaultMaxWork, run.catalog};
  if (!read_max_work_option(vm, plan.limits, error)) return error;
  run.explain = vm.count("explain") > 0;
  run.trace = vm.count("no-trace") == 0;
  plan.quiet = vm.count("quiet") > 0;
  plan.diagrams = vm.count("diagrams") > 0;
  if (plan.diagrams && !run.trace) return "--diagrams needs the trace; drop --no-trace";
  if (vm.count("mailboxes")) {
    run.mailboxes = mail::parse_mailbox_format(vm["mailboxes"].as<std::string>());
    if (!run.mailboxes) return "--mailboxes: expected maildir or mbox, got '" + vm["mailboxes"].as<std::string>() + "'";
  }
  if (vm.count("set") && !parse_set_options(vm["set"].as<std::vector<std::string>>(), plan.overrides, error, run.catalog)) {
    return error;
  }
  if (vm.count("seed")) {
    const auto seed = scenario::parse_count(vm["seed"].as<std::string>());
    if (!seed) return "--seed: " + seed.error();
    plan.seed = seed.value();
  }
  return {};
}

// A progress line on stderr while the run goes, when stderr is a terminal.
void show_progress(run::RunOptions& run, std::ostream& err) {
  if (!isatty(STDERR_FILENO)) return;
  run.progress = [&err](sim::SimTime now, sim::SimTime end) {
    err << "\rsimulating: " << sim::clock_time(now) << " of " << sim::clock_time(end) << std::flush;
    if (now == end) err << "\n";
  };
}

void print_run(std::ostream& out, const scenario::ScenarioSpec& spec, const RunPlan& plan,
               const run::RunResult& result) {
  const text::Catalog& catalog = plan.run.catalog;
  out << catalog.tr("Scenario {1} (seed {2}, {3} simulated, {4} events)",
                    {spec.name, std::to_string(spec.seed), sim::clock_time(result.totals.sim_time),
                     std::to_string(result.totals.events)})
      << "\n\n"
      << report::summary_table(result.totals, catalog);
  print_outputs(out, *plan.run.out_dir, plan.run, result.transcripts.size(), catalog);
}

// Draws the default diagrams and report.html from the run just written (--diagrams).
int draw_run(const RunPlan& plan, std::ostream& out, std::ostream& err) {
  if (!plan.quiet) out << "\n" << plan.run.catalog.tr("Diagrams:") << "\n";
  std::ostringstream quiet_out;
  const int drawn = render_default_set(*plan.run.out_dir, plan.run.catalog, plan.quiet ? quiet_out : out, err);
  return drawn == kExitBadInput ? kExitFailure : drawn;  // the run wrote the input: a failure, not bad usage
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options = run_options();
  int status = kExitOk;
  const auto line = parse_command_line("run", options, args, out, err, status);
  if (!line) return status;
  const po::variables_map& vm = line->options;
  if (line->inputs.size() != 1) return usage_error("run", "expected exactly one scenario file", err);
  const auto catalog = language_catalog("run", vm, err);
  if (!catalog) return kExitBadInput;

  RunPlan plan;
  plan.run.catalog = *catalog;
  if (const std::string problem = plan_run(vm, plan); !problem.empty()) {
    err << "relaysim run: " << problem << "\n";
    return kExitBadInput;
  }
  scenario::ScenarioSpec spec;
  try {
    spec = scenario::load_scenario_file(scenario_file(line->inputs[0]), plan.overrides, plan.limits);
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << "\n";
    return kExitBadInput;
  }
  err << scenario::format_warnings({&spec, 1}, *catalog);
  if (plan.seed) spec.seed = *plan.seed;
  plan.run.out_dir = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                     : std::filesystem::path("out") / spec.name;
  if (!plan.quiet) show_progress(plan.run, err);
  try {
    const run::RunResult result = run::run_scenario(spec, plan.run);
    if (!plan.quiet) print_run(out, spec, plan, result);
  } catch (const std::exception& e) {
    err << "relaysim run: " << e.what() << "\n";
    return kExitFailure;
  }
  return plan.diagrams ? draw_run(plan, out, err) : kExitOk;
}

}  // namespace relaysim::cli

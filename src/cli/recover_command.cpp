// relaysim recover: the outputs of a `relaysim serve` that was killed (or crashed), rebuilt
// from the journal it left in its output folder. The scenario's world is run again from its
// seed, and every message a real client was told is queued is taken again at the simulated
// time it was taken, so each appears in the outputs exactly once, under the queue id its
// client was told.
#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <limits>
#include <ostream>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "live/journal.h"
#include "live/live_observer.h"
#include "live/live_setup.h"
#include "run/live_run.h"
#include "scenario/diagnostics.h"
#include "sim/clock_text.h"
#include "world/world.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

po::options_description recover_options() {
  po::options_description options(
      "relaysim recover OUTDIR [options]\n\n"
      "Writes the outputs (summary.json, trace.jsonl, transcripts/, ...) of a relaysim serve that\n"
      "was killed before it could, from the journal it left in OUTDIR (journal.jsonl): the world\n"
      "is simulated again from the scenario, with every message real clients were told is queued\n"
      "taken again at the time it was. Their transcripts show the transaction only (the journal\n"
      "keeps no more of the session); attempts that were refused are not in the journal");
  options.add_options()
      ("help,h", "show this help")
      ("force", "rebuild the outputs even when serve stopped cleanly (or recover already ran)")
      ("quiet,q", "print nothing but warnings and errors")
      ("lang", po::value<std::string>()->value_name("es|en"),
       "the language of the outputs and of what is printed (default: the one serve used)");
  return options;
}

// Each journalled message with its MTA's index in the rebuilt world.
std::vector<world::LiveHandover> handovers(const live::Journal& journal, const scenario::ScenarioSpec& spec) {
  std::vector<world::LiveHandover> out;
  for (const live::JournalMessage& m : journal.messages) {
    const auto mta = std::find_if(spec.mtas.begin(), spec.mtas.end(), [&](const auto& c) { return c.name == m.mta; });
    if (mta == spec.mtas.end()) throw live::JournalError("a message names an MTA the scenario does not have: " + m.mta);
    out.push_back(m.handover);
    out.back().mta = static_cast<std::uint32_t>(mta - spec.mtas.begin());
  }
  return out;
}

// The world again, with the messages taken at their times; then on to where serve was.
run::RunResult replay(run::LiveRun& run, const live::LiveScenario& live,
                      const std::vector<world::LiveHandover>& messages, sim::SimTime reached) {
  world::World& world = run.world();
  for (const world::LiveHandover& h : messages) {
    world.advance_to(h.at);
    run.observer().expect_queue_id(h.queue_id);
    world.live().replay(h, live.client_agent);
  }
  world.advance_to(reached);
  return run.finish(reached);
}

}  // namespace

int recover_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description options = recover_options();
  int status = kExitOk;
  const auto line = parse_command_line("recover", options, args, out, err, status);
  if (!line) return status;
  if (line->inputs.size() != 1) return usage_error("recover", "expected exactly one output folder", err);
  const fs::path dir = line->inputs[0];
  const fs::path path = dir / live::kJournalFile;
  const bool quiet = line->options.count("quiet") > 0;
  const auto bad = [&err](const std::string& what) {
    err << "relaysim recover: " << what << "\n";
    return kExitBadInput;
  };
  if (!fs::exists(path)) return bad(path.string() + ": no such file: is " + dir.string() + " the output folder of relaysim serve?");

  live::Journal journal;
  live::LiveScenario live;
  std::vector<world::LiveHandover> messages;
  text::Catalog catalog;  // the language serve used, or --lang's: the scenario's errors are said in it
  try {
    journal = live::read_journal(path);
    for (const std::string& warning : journal.warnings) err << "relaysim recover: warning: " << warning << "\n";
    if (journal.ending != live::Journal::Ending::None && line->options.count("force") == 0) {
      if (!quiet) {
        out << dir.string() << ": serve "
            << (journal.ending == live::Journal::Ending::Stopped ? "stopped cleanly and wrote" : "was recovered: it has")
            << " its outputs; nothing to recover (--force rebuilds them from the journal)\n";
      }
      return kExitOk;
    }
    if (line->options.count("lang")) {
      std::string error;
      const auto chosen = read_language_option(line->options, error);
      if (!chosen) return bad(error);
      journal.setup.language = text::language_code(chosen->language());
    }
    catalog = text::catalog_for(journal.setup.language);
    journal.setup.scenario_text = live::scenario_text_of(journal, catalog);
    live = live::with_live_client(
        live::read_scenario(journal.setup, {std::nullopt, std::numeric_limits<double>::infinity(), catalog}),
        journal.setup);
    messages = handovers(journal, live.spec);
  } catch (const scenario::ScenarioError& e) {
    return bad(catalog.tr(text::N_("{1}: the scenario it names: {2}"), {path.string(), e.what()}));
  } catch (const std::exception& e) {
    return bad(e.what());
  }

  try {
    run::LiveRun run(live, journal.setup, dir);
    const run::RunResult result = replay(run, live, messages, journal.reached);
    live::mark_recovered(path, journal.complete_bytes, journal.reached);
    if (!quiet) {
      const text::Catalog& tr = run.catalog();
      out << tr.tr_n("Recovered {2} at simulated time {3}: {1} message real clients were told is queued, taken "
                     "again; {4}.",
                     "Recovered {2} at simulated time {3}: {1} messages real clients were told are queued, taken "
                     "again; {4}.",
                     messages.size(),
                     {dir.string(), sim::clock_time(journal.reached),
                      tr.tr_n("{1} recipient copy", "{1} recipient copies", run.observer().live_copies_accepted())})
          << "\n\n";
      run.print_outputs(out, result);
    }
  } catch (const std::exception& e) {
    err << "relaysim recover: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace relaysim::cli

#include "run/run_outputs.h"

#include "report/atomic_file.h"
#include "report/mailbox_table.h"
#include "report/message_file_name.h"
#include "report/summary_record.h"
#include "run/run_topology.h"
#include "world/world.h"

namespace relaysim::run {
namespace {

namespace fs = std::filesystem;

// Writes every transcript into a fresh folder beside the old one, then swaps them.
void write_transcripts(const fs::path& dir, const std::map<std::uint64_t, std::string>& transcripts) {
  const fs::path staging = dir.string() + ".tmp";
  fs::remove_all(staging);
  fs::create_directories(staging);
  for (const auto& [id, text] : transcripts) {
    report::write_file_atomically(staging / (report::message_file_stem(id) + ".txt"), text);
  }
  fs::remove_all(dir);
  fs::rename(staging, dir);
}

// The output folder is made here: the trace is opened in it.
report::RecorderOptions recorder_options(const scenario::ScenarioSpec& spec, const RunOptions& options) {
  report::RecorderOptions recorder_options;
  if (options.out_dir) {
    fs::create_directories(*options.out_dir);
    if (options.trace) recorder_options.trace_path = *options.out_dir / "trace.jsonl";
  }
  recorder_options.transcripts = options.transcripts;
  recorder_options.key_messages = spec.key_messages;
  recorder_options.explain = options.explain;
  recorder_options.catalog = options.catalog;
  recorder_options.metrics = {spec.name, options.variant, spec.seed, spec.metrics_interval};
  return recorder_options;
}

}  // namespace

RunOutputs::RunOutputs(const scenario::ScenarioSpec& spec, const RunOptions& options)
    : spec_(spec), options_(options), recorder_(recorder_options(spec, options)) {
  fanout_.add(recorder_);
  if (options.mailboxes && options.out_dir) {
    archive_ = std::make_unique<report::MailArchive>(spec, spec.start, *options.out_dir, *options.mailboxes);
    fanout_.add(*archive_);
  }
}

world::WorldObserver& RunOutputs::observer() {
  if (!archive_) return recorder_;  // one observer needs no fan-out in between
  return fanout_;
}

void RunOutputs::bind(const world::World& world) {
  recorder_.bind(world.topology(), world.mta_count());
  if (archive_) archive_->bind(world.topology());
}

RunResult RunOutputs::finish(const world::World& world, sim::SimTime end) {
  recorder_.finish(end);

  RunResult result;
  result.metrics = recorder_.metrics().run_totals();
  result.metrics_csv = recorder_.metrics().csv();
  result.totals = recorder_.totals(spec_.name, spec_.seed, end, world.events());
  result.transcripts = recorder_.transcripts();
  if (options_.out_dir) {
    recorder_.commit_trace();
    report::write_file_atomically(*options_.out_dir / "summary.json", report::summary_json(report::summary_record(result.totals)));
    report::write_file_atomically(*options_.out_dir / "metrics.csv", result.metrics_csv);
    report::write_file_atomically(*options_.out_dir / "mailboxes.csv",
                                  report::mailboxes_csv(world.mailboxes(), world.topology()));
    report::write_file_atomically(*options_.out_dir / "topology.json",
                                  report::topology_json(topology_record(spec_, world.topology(), end)));
    write_transcripts(*options_.out_dir / "transcripts", result.transcripts);
    // Nothing in the folder may describe another run: a trace, diagrams or a report left by an
    // earlier run (they are drawn again with --diagrams or relaysim render).
    if (!options_.trace) fs::remove(*options_.out_dir / "trace.jsonl");
    fs::remove_all(*options_.out_dir / "diagrams");
    fs::remove(*options_.out_dir / "report.html");
    for (const mail::MailboxFormat format : {mail::MailboxFormat::Maildir, mail::MailboxFormat::Mbox}) {
      if (!options_.mailboxes || *options_.mailboxes != format) {
        fs::remove_all(*options_.out_dir / std::string(mail::mailbox_format_name(format)));
      }
    }
    if (archive_) archive_->commit();
  }
  return result;
}

}  // namespace relaysim::run

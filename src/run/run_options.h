// What a run of a scenario is asked for: how long, which outputs and where, in what language.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "mail/mailbox_writer.h"
#include "report/transcript_choice.h"
#include "sim/sim_time.h"
#include "text/catalog.h"

namespace relaysim::run {

struct RunOptions {
  std::optional<std::filesystem::path> out_dir;  // nullopt: write no files
  std::optional<sim::SimTime> until;             // default: the scenario's duration
  bool trace = true;
  report::TranscriptChoice transcripts;
  bool explain = false;
  std::optional<mail::MailboxFormat> mailboxes;  // write the delivered mail in OUT/maildir or OUT/mbox
  text::Catalog catalog;  // the language of the --explain notes
  std::string variant;  // the experiment variant this run belongs to (metrics.csv's variant column)
  // Called now and then with the simulated time reached (for a progress line).
  std::function<void(sim::SimTime now, sim::SimTime end)> progress;
};

}  // namespace relaysim::run

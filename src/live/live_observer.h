// The observer a served world reports to: it passes everything on to the outputs' observers
// (the Recorder, and the mail archive with --mailboxes, through ObserverFanout), with three
// differences: the messages of real clients
// get transcripts (up to a limit) whatever --transcripts chose for simulated mail, their
// acceptance in the trace names the queue id the client was told, and it counts what real
// clients did.
#pragma once

#include <cstdint>
#include <optional>

#include "report/recorder.h"
#include "world/observer_fanout.h"

namespace relaysim::live {

class LiveObserver final : public world::ObserverFanout {
 public:
  // `live_node`: the host that stands for real clients; `max_transcripts`: how many of their
  // messages get transcripts (the first ones); `archive`: the mail archive, or null.
  LiveObserver(report::Recorder& inner, world::WorldObserver* archive, std::uint32_t live_node,
               std::uint64_t max_transcripts)
      : ObserverFanout({&inner}), inner_(inner), archive_(archive), live_node_(live_node),
        max_transcripts_(max_transcripts) {
    if (archive_ != nullptr) add(*archive_);
  }

  // Recipient copies real clients handed over (taken by a simulated MTA at the end of DATA),
  // and messages that had at least one such copy.
  std::uint64_t live_copies_accepted() const { return copies_accepted_; }
  std::uint64_t live_messages_accepted() const { return messages_accepted_; }

  // Replaying a journal, the message about to be taken gets another id than it had when its
  // client was told `queue_id`: the next real client's acceptance is traced with this one.
  void expect_queue_id(std::uint64_t queue_id) { expected_queue_id_ = queue_id; }

  // The two reports that differ for real clients; everything else reaches the Recorder as it is.
  bool wants_transcript(const world::Message& m) override;
  void message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                        std::uint32_t accepted, std::uint32_t relayed) override;

 private:
  report::Recorder& inner_;
  world::WorldObserver* archive_;
  std::uint32_t live_node_;
  std::uint64_t max_transcripts_;
  std::uint64_t transcribed_ = 0;
  std::uint64_t copies_accepted_ = 0;
  std::uint64_t messages_accepted_ = 0;
  std::optional<std::uint64_t> expected_queue_id_;
};

}  // namespace relaysim::live

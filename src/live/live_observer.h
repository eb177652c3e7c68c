// The observer a served world reports to: it passes everything on to the outputs' observer
// (the Recorder), with three differences: the messages of real clients get transcripts (up to a
// limit) whatever --transcripts chose for simulated mail, their acceptance in the trace names
// the queue id the client was told, and it counts what real clients did.
#pragma once

#include <cstdint>
#include <optional>

#include "report/recorder.h"
#include "world/world_observer.h"

namespace relaysim::live {

class LiveObserver final : public world::WorldObserver {
 public:
  // `live_node`: the host that stands for real clients; `max_transcripts`: how many of their
  // messages get transcripts (the first ones).
  LiveObserver(report::Recorder& inner, std::uint32_t live_node, std::uint64_t max_transcripts)
      : inner_(inner), live_node_(live_node), max_transcripts_(max_transcripts) {}

  // Recipient copies real clients handed over (taken by a simulated MTA at the end of DATA),
  // and messages that had at least one such copy.
  std::uint64_t live_copies_accepted() const { return copies_accepted_; }
  std::uint64_t live_messages_accepted() const { return messages_accepted_; }

  // Replaying a journal, the message about to be taken gets another id than it had when its
  // client was told `queue_id`: the next real client's acceptance is traced with this one.
  void expect_queue_id(std::uint64_t queue_id) { expected_queue_id_ = queue_id; }

  // Every WorldObserver function is passed on: keep this list complete when the interface grows.
  void message_submitted(sim::SimTime t, const world::Message& m) override { inner_.message_submitted(t, m); }
  bool wants_transcript(const world::Message& m) override;
  void session_opened(sim::SimTime t, const world::SessionInfo& s) override { inner_.session_opened(t, s); }
  void recipient_answered(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                          std::uint32_t recipient, std::string_view sent_as, const smtp::Reply& reply,
                          std::optional<mta::RelayVerdict> verdict) override {
    inner_.recipient_answered(t, s, m, recipient, sent_as, reply, verdict);
  }
  void sender_refused(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                      const smtp::Reply& reply) override {
    inner_.sender_refused(t, s, m, reply);
  }
  void message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                        std::uint32_t accepted, std::uint32_t relayed) override;
  void deferred(sim::SimTime t, std::uint32_t mta, const world::Message& m, std::uint32_t recipient,
                const smtp::Reply& reason, sim::SimTime retry_at) override {
    inner_.deferred(t, mta, m, recipient, reason, retry_at);
  }
  void recipient_settled(sim::SimTime t, const world::Message& m, std::uint32_t recipient, world::Fate fate,
                         std::uint32_t node, const smtp::Reply& reason, world::Folder folder) override {
    inner_.recipient_settled(t, m, recipient, fate, node, reason, folder);
  }
  void smtp_exchange(sim::SimTime sent, sim::SimTime answered, const world::SessionInfo& s, const world::Message& m,
                     std::span<const smtp::Command> commands, std::span<const smtp::Reply> replies,
                     std::span<const world::ReplyReason> reasons) override {
    inner_.smtp_exchange(sent, answered, s, m, commands, replies, reasons);
  }
  void session_refused(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                       const smtp::Reply& reason) override {
    inner_.session_refused(t, s, m, reason);
  }
  void connect_timed_out(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                         std::optional<std::uint32_t> next_mx) override {
    inner_.connect_timed_out(t, s, m, next_mx);
  }
  void probe_sent(sim::SimTime t, std::uint32_t hunter, std::uint32_t ip, std::optional<std::uint32_t> server) override {
    inner_.probe_sent(t, hunter, ip, server);
  }
  void relay_news(sim::SimTime t, std::uint32_t spammer, std::uint32_t mta, RelayNews news,
                  std::uint32_t known) override {
    inner_.relay_news(t, spammer, mta, news, known);
  }
  void listing_changed(sim::SimTime t, std::string_view zone, std::uint32_t ip, bool listed,
                       std::uint32_t listings) override {
    inner_.listing_changed(t, zone, ip, listed, listings);
  }
  void relay_closed(sim::SimTime t, std::uint32_t mta) override { inner_.relay_closed(t, mta); }
  void recipient_reacted(sim::SimTime t, const world::Message& m, std::uint32_t recipient, bool opened,
                         bool clicked, bool complained) override {
    inner_.recipient_reacted(t, m, recipient, opened, clicked, complained);
  }

 private:
  report::Recorder& inner_;
  std::uint32_t live_node_;
  std::uint64_t max_transcripts_;
  std::uint64_t transcribed_ = 0;
  std::uint64_t copies_accepted_ = 0;
  std::uint64_t messages_accepted_ = 0;
  std::optional<std::uint64_t> expected_queue_id_;
};

}  // namespace relaysim::live

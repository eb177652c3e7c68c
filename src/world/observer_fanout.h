// One WorldObserver that passes everything it hears on to several others, in the order they
// were added: the one place that lists every WorldObserver function. An observer that changes
// one report (live::LiveObserver) derives from it and overrides just that function.
#pragma once

#include <utility>
#include <vector>

#include "world/world_observer.h"

namespace relaysim::world {

class ObserverFanout : public WorldObserver {
 public:
  ObserverFanout() = default;
  explicit ObserverFanout(std::vector<WorldObserver*> targets) : targets_(std::move(targets)) {}
  void add(WorldObserver& target) { targets_.push_back(&target); }

  // Every function is passed on: keep this list complete when the interface grows (a test
  // counts them).
  void message_submitted(sim::SimTime t, const Message& m) override {
    for (WorldObserver* o : targets_) o->message_submitted(t, m);
  }
  // Each target is asked (some count what they are asked); yes if any wants it.
  bool wants_transcript(const Message& m) override {
    bool wanted = false;
    for (WorldObserver* o : targets_) wanted = o->wants_transcript(m) || wanted;
    return wanted;
  }
  void session_opened(sim::SimTime t, const SessionInfo& s) override {
    for (WorldObserver* o : targets_) o->session_opened(t, s);
  }
  void recipient_answered(sim::SimTime t, const SessionInfo& s, const Message& m, std::uint32_t recipient,
                          std::string_view sent_as, const smtp::Reply& reply,
                          std::optional<mta::RelayVerdict> verdict) override {
    for (WorldObserver* o : targets_) o->recipient_answered(t, s, m, recipient, sent_as, reply, verdict);
  }
  void sender_refused(sim::SimTime t, const SessionInfo& s, const Message& m, const smtp::Reply& reply) override {
    for (WorldObserver* o : targets_) o->sender_refused(t, s, m, reply);
  }
  void message_content(const Message& m, std::string_view content) override {
    for (WorldObserver* o : targets_) o->message_content(m, content);
  }
  void message_refused(sim::SimTime t, const SessionInfo& s, const Message& m, const smtp::Reply& reply) override {
    for (WorldObserver* o : targets_) o->message_refused(t, s, m, reply);
  }
  void message_accepted(sim::SimTime t, const SessionInfo& s, const Message& m, std::uint32_t accepted,
                        std::uint32_t relayed) override {
    for (WorldObserver* o : targets_) o->message_accepted(t, s, m, accepted, relayed);
  }
  void deferred(sim::SimTime t, std::uint32_t mta, const Message& m, std::uint32_t recipient,
                const smtp::Reply& reason, sim::SimTime retry_at) override {
    for (WorldObserver* o : targets_) o->deferred(t, mta, m, recipient, reason, retry_at);
  }
  void recipient_settled(sim::SimTime t, const Message& m, std::uint32_t recipient, Fate fate, std::uint32_t node,
                         const smtp::Reply& reason, Folder folder) override {
    for (WorldObserver* o : targets_) o->recipient_settled(t, m, recipient, fate, node, reason, folder);
  }
  void smtp_exchange(sim::SimTime sent, sim::SimTime answered, const SessionInfo& s, const Message& m,
                     std::span<const smtp::Command> commands, std::span<const smtp::Reply> replies,
                     std::span<const ReplyReason> reasons) override {
    for (WorldObserver* o : targets_) o->smtp_exchange(sent, answered, s, m, commands, replies, reasons);
  }
  void session_refused(sim::SimTime t, const SessionInfo& s, const Message& m, const smtp::Reply& reason) override {
    for (WorldObserver* o : targets_) o->session_refused(t, s, m, reason);
  }
  void connect_timed_out(sim::SimTime t, const SessionInfo& s, const Message& m,
                         std::optional<std::uint32_t> next_mx) override {
    for (WorldObserver* o : targets_) o->connect_timed_out(t, s, m, next_mx);
  }
  void copy_delivered(sim::SimTime t, const Message& m, std::uint32_t recipient, std::uint32_t mta,
                      std::string_view mailbox, Folder folder, const Authentication& authentication) override {
    for (WorldObserver* o : targets_) o->copy_delivered(t, m, recipient, mta, mailbox, folder, authentication);
  }
  void probe_sent(sim::SimTime t, std::uint32_t hunter, std::uint32_t ip, std::optional<std::uint32_t> server) override {
    for (WorldObserver* o : targets_) o->probe_sent(t, hunter, ip, server);
  }
  void relay_news(sim::SimTime t, std::uint32_t spammer, std::uint32_t mta, RelayNews news,
                  std::uint32_t known) override {
    for (WorldObserver* o : targets_) o->relay_news(t, spammer, mta, news, known);
  }
  void listing_changed(sim::SimTime t, std::string_view zone, std::uint32_t ip, bool listed,
                       std::uint32_t listings) override {
    for (WorldObserver* o : targets_) o->listing_changed(t, zone, ip, listed, listings);
  }
  void relay_closed(sim::SimTime t, std::uint32_t mta) override {
    for (WorldObserver* o : targets_) o->relay_closed(t, mta);
  }
  void recipient_reacted(sim::SimTime t, const Message& m, std::uint32_t recipient, bool opened, bool clicked,
                         bool complained) override {
    for (WorldObserver* o : targets_) o->recipient_reacted(t, m, recipient, opened, clicked, complained);
  }

 private:
  std::vector<WorldObserver*> targets_;
};

}  // namespace relaysim::world

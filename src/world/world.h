// The simulated world: MTAs, hosts and agents on a topology, exchanging SMTP over links
// with latency, driven by the kernel. It reports what happens through a WorldObserver.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "mta/mta.h"
#include "sim/simulator.h"
#include "world/agent.h"
#include "world/dns.h"
#include "world/mailboxes.h"
#include "world/smtp_connection.h"
#include "world/topology.h"
#include "world/world_config.h"
#include "world/world_observer.h"

namespace relaysim::world {

class World final : public sim::EventHandler, public mta::AcceptedMailSink {
 public:
  // Postfix smtp_connect_timeout: how long a client waits for a host that does not answer.
  static constexpr sim::SimTime kConnectTimeout = 30 * sim::kSecond;

  // `config` must outlive the world. The observer hears everything that happens.
  World(const WorldConfig& config, WorldObserver& observer);

  // Runs the simulation up to `until`, then reports every copy still queued (Fate::Queued)
  // and checks that no copy was lost (throws std::logic_error if one was).
  void run(sim::SimTime until) {
    start(until);
    advance_to(until);
    finish();
  }
  // The same in steps, for progress reports: start, advance in steps up to the end, finish.
  void start(sim::SimTime until);
  void advance_to(sim::SimTime t) { simulator_.run_until(t); }
  void finish() { report_still_queued(); }

  const Topology& topology() const { return topology_; }
  std::size_t mta_count() const { return mtas_.size(); }
  const mta::Mta& mta(std::uint32_t i) const { return *mtas_[i]; }
  std::uint64_t events() const { return simulator_.events_executed(); }
  std::uint64_t messages_created() const { return messages_.created(); }
  sim::SimTime now() const { return simulator_.now(); }
  const Mailboxes& mailboxes() const { return mailboxes_; }

  void on_event(std::uint32_t target, std::uint32_t kind) override;
  smtp::Reply accept(mta::Mta& mta, const smtp::SessionFacts& facts,
                     const smtp::ServerPolicy::Envelope& envelope) override;

 private:
  enum EventKind : std::uint32_t { kAgentSends, kServerReceives, kClientReceives, kConnectFails, kQueueScan };

  void build(const WorldConfig& config);
  void agent_sends(std::uint32_t agent);
  void submit_from_agent(std::uint32_t agent, std::uint32_t slot, std::uint32_t source_ip);
  void submit_direct(std::uint32_t agent, std::uint32_t slot, std::uint32_t source_ip);

  void attempt(const EntryRef& ref);
  void connect(const EntryRef& ref);
  void server_receives(std::uint32_t conn);
  void greet(SmtpConnection& c);
  void answer(std::uint32_t conn, const smtp::Command& command);
  void client_receives(std::uint32_t conn);
  void finish(std::uint32_t conn);
  void settle_attempt(const EntryRef& ref, const SmtpConnection& c);

  // The entry in `mta`'s queue for `slot` and `destination` among `fresh` (created on demand).
  std::uint32_t queue_entry_for(mta::Mta& mta, std::uint32_t slot, std::string_view destination,
                                std::vector<std::uint32_t>& fresh);
  void defer(mta::Mta& mta, std::uint32_t entry, const smtp::Reply& reason);
  struct Bounced {
    std::uint32_t index;  // the recipient's position in the message
    smtp::Reply reason;   // why it could not be delivered (arg not kept)
  };
  void bounce(mta::Mta& mta, std::uint32_t slot, const std::vector<Bounced>& copies);
  void bounce_entry(mta::Mta& mta, std::uint32_t entry, const smtp::Reply& reason);
  void send_dsn(mta::Mta& mta, const std::string& to, std::uint64_t original_size, std::uint64_t about,
                const smtp::Reply& reason);
  void schedule_scan(std::uint32_t mta, sim::SimTime eligible);
  void queue_scan(std::uint32_t mta);
  void settle(std::uint32_t slot, std::uint32_t recipient, Fate fate, std::uint32_t node,
              const smtp::Reply& reason);
  void report_still_queued();

  mta::QueueEntry& entry(const EntryRef& ref);
  std::uint32_t node_of(const EntryRef& ref) const;
  std::uint32_t allocate_connection();

  WorldObserver& observer_;
  sim::Simulator simulator_;
  Topology topology_;
  std::vector<std::unique_ptr<mta::Mta>> mtas_;
  std::unique_ptr<Dns> dns_;
  std::vector<Agent> agents_;  // contiguous: each message starts by touching its agent
  MessagePool messages_;
  Mailboxes mailboxes_;
  std::deque<SmtpConnection> connections_;  // deque: references stay valid as it grows
  std::vector<std::uint32_t> free_connections_;
  std::vector<std::uint32_t> active_sessions_;  // per MTA
  std::vector<sim::SimTime> scan_at_;           // per MTA: the pending queue scan, or -1
  std::vector<sim::EventId> scan_event_;
  std::vector<std::optional<std::uint32_t>> relayhost_;  // per MTA: its relayhost's index
  std::vector<std::vector<std::uint32_t>> agent_relays_;  // per agent: MTA indices of its `via`
  std::uint64_t next_session_id_ = 1;
  std::uint32_t current_connection_ = UINT32_MAX;  // the session whose server is answering
  std::vector<std::string> recipients_scratch_;
  std::vector<std::uint32_t> fresh_entries_;  // scratch: queue entries made by one acceptance
};

}  // namespace relaysim::world

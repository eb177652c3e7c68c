// The simulated world: MTAs, hosts and agents on a topology, exchanging SMTP over links
// with latency, driven by the kernel. It reports what happens through a WorldObserver.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mta/mta.h"
#include "sim/simulator.h"
#include "world/agent.h"
#include "world/blocklist_listings.h"
#include "world/defences.h"
#include "world/dns.h"
#include "world/event_kind.h"
#include "world/mailboxes.h"
#include "world/relay_hunting.h"
#include "world/smtp_connection.h"
#include "world/topology.h"
#include "world/world_config.h"
#include "world/world_observer.h"

namespace relaysim::world {

class World final : public sim::EventHandler, private MessageTaker {
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

  // ---- live sessions (world_live.cpp): real SMTP clients talk to the simulated MTAs ----
  // `relaysim serve` gives each real connection a server session of its own, bound to MTA `mta`
  // and counted against its max_sessions. Mail it accepts enters the world as mail from agent
  // `client_agent` (a stand-in host the caller put in the scenario) and, from the final 250 on,
  // is handled exactly as mail a simulated client handed over (World::take_message). A transaction's
  // recipients that the server refused become rejected copies; one the client abandons leaves nothing.
  // Returns the session's id, or nullopt when the MTA has max_sessions open (answer 421 4.7.0).
  std::optional<std::uint64_t> open_live_session(std::uint32_t mta, bool submission_port, std::uint32_t client_agent);
  // The session's state machine, for a text layer (smtp::TextServer) to feed.
  smtp::ServerSession& live_server(std::uint64_t id);
  // Bytes arrived: the commands until the next call were sent together (PIPELINING).
  void live_input(std::uint64_t id);
  // Each reply the session sent, in order, with the command it answered (null for the greeting
  // or a 421 the listener sent by itself): for transcripts and the transaction in progress.
  // AUTH secrets are not kept.
  void live_exchange(std::uint64_t id, const smtp::Command* command, const smtp::Reply& reply);
  // The connection ended (QUIT, 421, the client vanished): a transaction in progress is dropped.
  void close_live_session(std::uint64_t id);
  std::size_t live_sessions_open() const;

  // A message a live session handed over at the end of DATA, as a journal keeps it: enough to
  // take it again in a world rebuilt from the scenario (relaysim recover).
  struct LiveHandover {
    struct Recipient {
      std::string path;       // the forward path as the client wrote it
      bool accepted = false;  // RCPT got 2xx: the MTA took this copy
      smtp::Reply reply;      // the RCPT reply, its arg left empty (a view would not survive a copy)
      std::string reply_arg;  // ...and the arg it had
      smtp::Reply full_reply() const {
        smtp::Reply r = reply;
        r.arg = reply_arg;
        return r;
      }
    };
    sim::SimTime at = 0;
    std::uint64_t session_id = 0;
    std::uint32_t mta = 0;
    bool submission_port = false;
    std::uint64_t queue_id = 0;  // what the client was told: "queued as <hex>"
    std::string helo;
    std::string authenticated_user;
    std::string sender;
    std::uint64_t size = 0;
    std::vector<Recipient> recipients;
  };
  // The message the session's last final 250 accepted; null before there is one.
  const LiveHandover* live_handover(std::uint64_t id) const;
  // Takes a journalled message again, now, as it was taken: the end-of-DATA checks are not
  // allowed to refuse it (its client was told 250), and each distinct session_id counts as one
  // session at its MTA. Its transcript shows the transaction rebuilt from the handover.
  void replay_live_handover(const LiveHandover& handover, std::uint32_t client_agent);

 private:
  void build(const WorldConfig& config);
  void agent_sends(std::uint32_t agent);
  void submit_from_agent(std::uint32_t agent, std::uint32_t slot, std::uint32_t source_ip,
                         std::optional<std::uint32_t> first_hop = std::nullopt);
  void submit_direct(std::uint32_t agent, std::uint32_t slot, std::uint32_t source_ip);
  std::uint32_t new_message(const Agent& agent, MessageClass message_class);
  std::uint32_t submit_message(std::uint32_t slot);

  // Relay hunting's probes (world_probes.cpp); what hunters learn is RelayHunting's.
  void hunt_probe(std::uint32_t agent);
  void send_probe(std::uint32_t agent, std::uint32_t server);

  void attempt(const EntryRef& ref);
  void connect(const EntryRef& ref);
  void server_receives(std::uint32_t conn);
  void greet(std::uint32_t conn);
  void answer(std::uint32_t conn, const smtp::Command& command);
  void client_reads_replies(std::uint32_t conn);
  void client_hangs_up(std::uint32_t conn);
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
              const smtp::Reply& reason, Folder folder = Folder::Inbox);
  smtp::Reply take_message(std::uint32_t conn, mta::Mta& mta, const smtp::SessionFacts& facts) override;
  void take_responsibility(std::uint32_t conn);
  void deliver_locally(mta::Mta& mta, const SmtpConnection& c, const smtp::ResolvedAddress& address,
                       std::uint32_t recipient, const smtp::Reply& queued, Folder folder);
  void report_still_queued();

  mta::QueueEntry& entry(const EntryRef& ref);
  std::uint32_t node_of(const EntryRef& ref) const;
  std::uint32_t allocate_connection();

  const WorldConfig& config_;
  WorldObserver& observer_;
  sim::Simulator simulator_;
  Topology topology_;
  std::vector<std::unique_ptr<mta::Mta>> mtas_;
  std::unique_ptr<Dns> dns_;
  std::unique_ptr<Defences> defences_;
  std::vector<Agent> agents_;  // contiguous: each message starts by touching its agent
  MessagePool messages_;
  Mailboxes mailboxes_;
  std::deque<SmtpConnection> connections_;  // deque: references stay valid as it grows
  std::vector<std::uint32_t> free_connections_;
  std::vector<std::uint32_t> active_sessions_;  // per MTA
  std::vector<sim::SimTime> scan_at_;           // per MTA: the pending queue scan, or -1
  std::vector<sim::EventId> scan_event_;
  std::vector<std::optional<std::uint32_t>> relayhost_;  // per MTA: its relayhost's index
  std::unique_ptr<RelayHunting> hunting_;
  std::unique_ptr<BlocklistListings> listings_;
  std::uint64_t next_session_id_ = 1;
  std::vector<std::string> recipients_scratch_;
  std::vector<std::uint32_t> fresh_entries_;  // scratch: queue entries made by one acceptance

  // ---- live sessions: defined in world_live.cpp, and so is the deleter, so that this header
  // needs no definition of them ----
  struct LiveSession;
  struct LiveSessions;
  struct LiveSessionsDeleter {
    void operator()(LiveSessions* live) const;
  };
  std::unique_ptr<LiveSessions, LiveSessionsDeleter> live_;
  // take_message() for a replayed handover: the client was told `queue_id`, so it is taken
  // whatever the end-of-DATA checks think now (world_live.cpp).
  smtp::Reply take_replayed(std::uint32_t conn, mta::Mta& mta, const smtp::SessionFacts& facts, std::uint64_t queue_id);
};

}  // namespace relaysim::world

// The SMTP sessions between simulated hosts: each connection's client and server sessions, the
// network delays between them, and the MTAs' session slots. At the end of DATA a server asks the
// queue manager for its answer; the message it took is handed over once the reply is made.
#pragma once

#include <cstdint>
#include <vector>

#include "mta/mta.h"
#include "sim/slot_pool.h"
#include "smtp/server_session.h"
#include "world/connection_policy.h"
#include "world/entry_ref.h"
#include "world/handover.h"
#include "world/relay_hunting.h"
#include "world/smtp_connection.h"
#include "world/world_state.h"

namespace relaysim::world {

class QueueManager;

class SessionRunner final : private MessageTaker {
 public:
  // Postfix smtp_connect_timeout: how long a client waits for a host that does not answer.
  static constexpr sim::SimTime kConnectTimeout = 30 * sim::kSecond;

  // What a session learns goes to `queues` (taken mail, attempts that ended) and, for a hunter's
  // session, to `hunting`.
  SessionRunner(WorldState& world, QueueManager& queues, RelayHunting& hunting);

  // A session from `ref`'s entry to its current hop, e.hops[e.next_hop].
  void connect(const EntryRef& ref);
  // kServerReceives, kClientHangsUp and kConnectFails, for the connection `target`.
  void on_event(std::uint32_t target, std::uint32_t kind);

  // An MTA's session slots (max_sessions), which live sessions take too: false when none is free.
  bool take_slot(std::uint32_t mta);
  void free_slot(std::uint32_t mta) { --active_sessions_[mta]; }
  std::uint64_t next_session_id() { return next_session_id_++; }

 private:
  void server_receives(std::uint32_t conn);
  void greet(std::uint32_t conn);
  void warm_routes(SmtpConnection& c);
  void answer(std::uint32_t conn, const smtp::Command& command);
  void client_reads_replies(std::uint32_t conn);
  void client_hangs_up(std::uint32_t conn);
  void finish(std::uint32_t conn);
  smtp::Reply take_message(std::uint32_t conn, mta::Mta& mta, const smtp::SessionFacts& facts) override;
  void hand_over(std::uint32_t conn);

  WorldState& world_;
  QueueManager& queues_;
  RelayHunting& hunting_;
  // stable: a connection in use stays where it is while the mail it hands over opens others
  sim::SlotPool<SmtpConnection> connections_;
  std::vector<std::uint32_t> active_sessions_;  // per MTA
  std::uint64_t next_session_id_ = 1;
  std::vector<TakenCopy> taken_copies_;  // scratch: the copies of one handover
};

}  // namespace relaysim::world

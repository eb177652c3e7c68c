// The receiving MTA's side of mail: cleanup's end-of-DATA checks, then Postfix's queue manager
// (each accepted copy delivered here or queued per destination domain, sent at once, retried on
// the MTA's schedule, bounced with a notification when it cannot be delivered), and the sending
// queue's bookkeeping when an attempt ends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mta/mta.h"
#include "mta/relay_policy.h"
#include "mta/routing.h"
#include "sim/prefetch.h"
#include "smtp/client_session.h"
#include "smtp/reply.h"
#include "smtp/server_session.h"
#include "world/blocklist_listings.h"
#include "world/entry_ref.h"
#include "world/handover.h"
#include "world/world_state.h"

namespace relaysim::world {

class SessionRunner;

// Replies no server sent: the sending side's own words (Postfix's) for why it gave up. A timed-out
// connect has no code (the server never answered).
smtp::Reply connect_timeout_reply();
// For a destination that routes nowhere: a null MX, no such domain, or back to the sender itself.
smtp::Reply unroutable_reply(mta::RouteStatus status);

class QueueManager {
 public:
  // Attempts go out through `sessions`; new blocklist evidence is scheduled with `listings`.
  QueueManager(WorldState& world, SessionRunner& sessions, BlocklistListings& listings);

  // Cleanup at the end of DATA for a message that has crossed `received` servers before this one.
  EndOfData check_end_of_data(mta::Mta& mta, const smtp::SessionFacts& facts, std::uint32_t message,
                              std::uint32_t received) const;
  // The same for a journalled message whose client was told `queue_id`: it cannot be refused
  // now, and a message the content filter would now refuse is filed as junk.
  EndOfData check_replayed(mta::Mta& mta, const smtp::SessionFacts& facts, std::uint32_t message,
                           std::uint64_t queue_id) const;
  // After the final 250: each copy is delivered here or queued for its next hop, and new mail is
  // picked up at once, as Postfix's queue manager does.
  void take(const Handover& handover);
  // Cache warming ahead of take() at `mta` (sim/prefetch.h).
  void warm(std::uint32_t mta) const { sim::prefetch(&hot_[mta]); }

  // An attempt from `ref`'s entry ended: refused copies bounce, the rest wait for a retry (MTAs)
  // or are rejected (agents do not retry); copies the server took are no longer this entry's.
  void settle_attempt(const EntryRef& ref, const smtp::ClientSession& client, bool connect_failed);

  // The MTA's retry scan is due (kQueueScan).
  void queue_scan(std::uint32_t mta);
  // At the end of a run: every copy still in a queue or outbox is settled as Queued.
  void report_still_queued();

 private:
  void attempt(const EntryRef& ref);
  std::uint32_t queue_entry_for(mta::Mta& mta, std::uint32_t slot, std::string_view destination);
  std::optional<mta::Destination> forwarding(const mta::Mta& mta, const mta::Destination& destination) const;
  void deliver_locally(mta::Mta& mta, const Handover& handover, const smtp::ResolvedAddress& address,
                       std::uint32_t recipient);
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

  WorldState& world_;
  SessionRunner& sessions_;
  BlocklistListings& listings_;
  // Per MTA, what every message it takes on reads, side by side: the scenario's MTA settings
  // are large and rarely in cache.
  struct HotSettings {
    std::optional<std::uint32_t> relayhost;  // its index
    bool alters_messages = false;
  };
  std::vector<HotSettings> hot_;
  std::vector<sim::SimTime> scan_at_;                     // per MTA: the pending queue scan, or -1
  std::vector<sim::EventId> scan_event_;
  std::vector<std::uint32_t> fresh_entries_;  // scratch: queue entries made by one acceptance
  std::string address_;  // scratch: an address being written (a local copy's mailbox, a queued copy's)
};

}  // namespace relaysim::world

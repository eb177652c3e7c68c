// The queue entries of every queue in a world, in one store: the entry a queue frees is the
// next one any queue takes, so a new message's entry is memory still in cache.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sim_time.h"
#include "sim/slot_pool.h"

namespace relaysim::mta {

struct QueuedRecipient {
  std::uint32_t index = 0;  // the recipient's position in the message's original list
  std::string address;      // the address forwarded in RCPT TO (canonical at an MTA, raw from an agent)
  bool handed_off = false;  // the next hop accepted it (end of DATA) during the current attempt
};

struct QueueEntry {
  std::uint32_t message = 0;        // the world's message slot
  std::string destination;          // the domain routed on (or the relayhost's name)
  std::vector<QueuedRecipient> recipients;
  sim::SimTime arrival = 0;
  sim::SimTime eligible = 0;        // deferred: not before this time
  std::uint32_t attempts = 0;
  bool deferred = false;
  bool in_flight = false;           // a delivery attempt is under way
  std::vector<std::uint32_t> hops;  // MTAs to try in this attempt, in order
  std::uint32_t next_hop = 0;
  std::uint32_t source_ip = 0;      // an agent's outbox: the address it connects from
  // Received headers the message carries here: one per server that took it on (Postfix counts
  // them against hopcount_limit, which is what ends a relay loop).
  std::uint32_t received = 0;
};

class QueueEntryPool {
 public:
  // A slot holding an entry reset for `message`; its strings and vectors keep the capacity of
  // the entry that last used the slot, so a world in steady state allocates nothing here.
  std::uint32_t take(std::uint32_t message, sim::SimTime arrival);
  // The slot is free again; its recipients' address buffers wait for add_recipient.
  void give_back(std::uint32_t slot);
  QueueEntry& at(std::uint32_t slot) { return entries_[slot]; }
  void add_recipient(std::uint32_t slot, std::uint32_t index, std::string_view address);

 private:
  sim::SlotPool<QueueEntry> entries_;  // stable: connections hold references into entries while others are added
  std::vector<std::string> spare_addresses_;
};

}  // namespace relaysim::mta

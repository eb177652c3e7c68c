// An MTA's queue: copies of messages it has accepted and must pass on, one entry per
// message and destination, with Postfix's deferred-queue bookkeeping.
#pragma once

#include <cstdint>
#include <string>
#include <deque>
#include <vector>

#include "sim/sim_time.h"

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

class MailQueue {
 public:
  // A fresh entry for `message`; its vectors keep the capacity of the entry that last used
  // the id, so a queue in steady state allocates nothing.
  std::uint32_t acquire(std::uint32_t message, sim::SimTime arrival);
  QueueEntry& at(std::uint32_t id) { return entries_[id]; }
  void remove(std::uint32_t id);
  std::size_t size() const { return entries_.size() - free_.size(); }

  // Entry ids in use, in id order (deterministic).
  template <class F>
  void for_each(F&& f) {
    for (std::uint32_t id = 0; id < entries_.size(); ++id) {
      if (used_[id]) f(id, entries_[id]);
    }
  }

 private:
  std::deque<QueueEntry> entries_;  // deque: connections hold views into entries while others are added
  std::vector<bool> used_;
  std::vector<std::uint32_t> free_;
};

}  // namespace relaysim::mta

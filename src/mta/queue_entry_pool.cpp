#include "mta/queue_entry_pool.h"

#include <utility>

namespace relaysim::mta {

std::uint32_t QueueEntryPool::take(std::uint32_t message, sim::SimTime arrival) {
  const std::uint32_t slot = entries_.take();
  QueueEntry& e = entries_[slot];
  e.message = message;
  e.destination.clear();
  e.recipients.clear();
  e.arrival = arrival;
  e.eligible = 0;
  e.attempts = 0;
  e.deferred = false;
  e.in_flight = false;
  e.hops.clear();
  e.next_hop = 0;
  e.source_ip = 0;
  e.received = 0;
  return slot;
}

void QueueEntryPool::give_back(std::uint32_t slot) {
  QueueEntry& e = entries_[slot];
  for (QueuedRecipient& r : e.recipients) spare_addresses_.push_back(std::move(r.address));
  e.recipients.clear();
  entries_.give_back(slot);
}

void QueueEntryPool::add_recipient(std::uint32_t slot, std::uint32_t index, std::string_view address) {
  std::string text;
  if (!spare_addresses_.empty()) {
    text = std::move(spare_addresses_.back());
    spare_addresses_.pop_back();
  }
  text.assign(address);
  entries_[slot].recipients.push_back({index, std::move(text), false});
}

}  // namespace relaysim::mta

#include "mta/mail_queue.h"


namespace relaysim::mta {

std::uint32_t MailQueue::acquire(std::uint32_t message, sim::SimTime arrival) {
  std::uint32_t id;
  if (free_.empty()) {
    id = static_cast<std::uint32_t>(entries_.size());
    entries_.emplace_back();
    used_.push_back(true);
  } else {
    id = free_.back();
    free_.pop_back();
    used_[id] = true;
  }
  QueueEntry& e = entries_[id];
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
  return id;
}

void MailQueue::remove(std::uint32_t id) {
  used_[id] = false;
  entries_[id].recipients.clear();
  free_.push_back(id);
}

}  // namespace relaysim::mta

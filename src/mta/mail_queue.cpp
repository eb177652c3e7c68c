#include "mta/mail_queue.h"

namespace relaysim::mta {

std::uint32_t MailQueue::acquire(std::uint32_t message, sim::SimTime arrival) {
  std::uint32_t id;
  if (free_.empty()) {
    id = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(kFree);
  } else {
    id = free_.back();
    free_.pop_back();
  }
  slots_[id] = pool_->take(message, arrival);
  return id;
}

void MailQueue::remove(std::uint32_t id) {
  pool_->give_back(slots_[id]);
  slots_[id] = kFree;
  free_.push_back(id);
}

}  // namespace relaysim::mta

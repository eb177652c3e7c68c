#include "mta/mail_queue.h"

#include <utility>

namespace relaysim::mta {

std::uint32_t MailQueue::add(QueueEntry entry) {
  if (free_.empty()) {
    entries_.push_back(std::move(entry));
    used_.push_back(true);
    return static_cast<std::uint32_t>(entries_.size() - 1);
  }
  const std::uint32_t id = free_.back();
  free_.pop_back();
  entries_[id] = std::move(entry);
  used_[id] = true;
  return id;
}

void MailQueue::remove(std::uint32_t id) {
  used_[id] = false;
  entries_[id].recipients.clear();
  free_.push_back(id);
}

}  // namespace relaysim::mta

// An MTA's queue: copies of messages it has accepted and must pass on, one entry per
// message and destination, with Postfix's deferred-queue bookkeeping.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "mta/queue_entry_pool.h"
#include "sim/prefetch.h"
#include "sim/sim_time.h"

namespace relaysim::mta {

// Ids are the queue's own, the last freed reused first, whichever slot of the world's pool
// holds the entry: for_each walks them in id order, and outputs follow that order.
class MailQueue {
 public:
  explicit MailQueue(QueueEntryPool& pool) : pool_(&pool) {}

  // A fresh entry for `message`.
  std::uint32_t acquire(std::uint32_t message, sim::SimTime arrival);
  QueueEntry& at(std::uint32_t id) { return pool_->at(slots_[id]); }
  // Appends a recipient to entry `id`, its address copied into a buffer a removed entry gave
  // back, so that queueing a copy allocates nothing once the world has warmed up.
  void add_recipient(std::uint32_t id, std::uint32_t index, std::string_view address) {
    pool_->add_recipient(slots_[id], index, address);
  }
  void remove(std::uint32_t id);
  std::size_t size() const { return slots_.size() - free_.size(); }

  // Entry ids in use, in id order (deterministic).
  template <class F>
  void for_each(F&& f) {
    for (std::uint32_t id = 0; id < slots_.size(); ++id) {
      if (slots_[id] != kFree) f(id, pool_->at(slots_[id]));
    }
  }

  // Cache warming ahead of acquire() (sim/prefetch.h).
  void warm() const {
    sim::prefetch(free_.data() + (free_.empty() ? 0 : free_.size() - 1));
    sim::prefetch(slots_.data());
  }

 private:
  static constexpr std::uint32_t kFree = UINT32_MAX;

  QueueEntryPool* pool_;
  std::vector<std::uint32_t> slots_;  // by id: the entry's slot in the pool, or kFree
  std::vector<std::uint32_t> free_;   // ids
};

}  // namespace relaysim::mta

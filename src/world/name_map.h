// A map keyed by a name (host, domain, mailbox address), looked up with a string_view so that
// finding a name never builds a std::string. Open addressing over a flat slot array: a lookup
// touches one slot, one entry and the name's bytes, where a node-based map adds a bucket and a
// node hop, which at 100,000 MTAs are cache misses on every RCPT, MX lookup and delivery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/prefetch.h"

namespace relaysim::world {

template <typename Value>
class NameMap {
 public:
  struct Entry {
    std::string name;
    Value value;
  };

  void reserve(std::size_t names) {
    entries_.reserve(names);
    if (slot_count_for(names) > slots_.size()) rehash(slot_count_for(names));
  }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  const Value* find(std::string_view name) const {
    if (entries_.empty()) return nullptr;
    const Slot& slot = slots_[slot_named(name, hash_of(name))];
    return slot.entry == kFree ? nullptr : &entries_[slot.entry].value;
  }
  Value* find(std::string_view name) { return const_cast<Value*>(std::as_const(*this).find(name)); }

  // The value held under name; if there is none, one made from args first. Like
  // std::unordered_map::try_emplace, a name already present keeps its value.
  template <typename... Args>
  Value& try_emplace(std::string_view name, Args&&... args) {
    if (slot_count_for(entries_.size() + 1) > slots_.size()) rehash(slot_count_for(entries_.size() + 1));
    const std::size_t hash = hash_of(name);
    const std::size_t at = slot_named(name, hash);
    if (slots_[at].entry != kFree) return entries_[slots_[at].entry].value;
    slots_[at] = {tag_of(hash), static_cast<std::uint32_t>(entries_.size())};
    entries_.push_back({std::string(name), Value(std::forward<Args>(args)...)});
    return entries_.back().value;
  }

  // Cache warming ahead of a lookup of `name` (sim/prefetch.h), one hop per step, each step
  // reading only what the step before asked for: 0 the slot, 1 the entry, 2 the name's bytes.
  // Step 2 returns the value if the name is there, for warming what the value points to.
  const Value* warm(std::string_view name, int step) const {
    if (slots_.empty()) return nullptr;
    const std::size_t hash = hash_of(name);
    if (step == 0) {
      sim::prefetch(&slots_[hash & mask()]);
      return nullptr;
    }
    // The entry's name is not read here: its bytes are what a later step asks for.
    const Slot& slot = slots_[probe(hash, [&](const Slot& s) { return s.tag == tag_of(hash); })];
    if (slot.entry == kFree) return nullptr;
    const Entry& entry = entries_[slot.entry];
    if (step == 1) {
      sim::prefetch(&entry);
      return nullptr;
    }
    sim::prefetch(entry.name.data());
    return &entry.value;
  }

  // Entries in the order they were first inserted.
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  static constexpr std::uint32_t kFree = UINT32_MAX;
  struct Slot {
    std::uint32_t tag = 0;  // high bits of the name's hash: most mismatches never touch the entry
    std::uint32_t entry = kFree;
  };

  static std::size_t hash_of(std::string_view name) { return std::hash<std::string_view>{}(name); }
  static std::uint32_t tag_of(std::size_t hash) { return static_cast<std::uint32_t>(hash >> 32); }
  // At most half the slots in use keeps probe runs short.
  static std::size_t slot_count_for(std::size_t names) {
    std::size_t slots = 16;
    while (slots < 2 * names) slots *= 2;
    return slots;
  }
  std::size_t mask() const { return slots_.size() - 1; }
  // The first slot of hash's probe run that `match` accepts, or the free slot ending the run.
  template <typename Match>
  std::size_t probe(std::size_t hash, Match match) const {
    std::size_t at = hash & mask();
    while (slots_[at].entry != kFree && !match(slots_[at])) at = (at + 1) & mask();
    return at;
  }
  // The slot holding `name`, or the free slot where it would go.
  std::size_t slot_named(std::string_view name, std::size_t hash) const {
    return probe(hash, [&](const Slot& s) { return s.tag == tag_of(hash) && entries_[s.entry].name == name; });
  }

  void rehash(std::size_t slot_count) {
    slots_.assign(slot_count, Slot{});
    for (std::uint32_t e = 0; e < entries_.size(); ++e) {
      const std::size_t hash = hash_of(entries_[e].name);
      slots_[probe(hash, [](const Slot&) { return false; })] = {tag_of(hash), e};
    }
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
};

}  // namespace relaysim::world

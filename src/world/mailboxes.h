// The mailboxes at final destinations: how many messages of each class each address
// received, so a lesson can show whose inbox the spam reached.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "world/message.h"
#include "world/name_map.h"

namespace relaysim::world {

struct Mailbox {
  std::uint32_t mta = 0;  // the server holding it
  std::array<std::uint64_t, kMessageClassCount> received{};  // by MessageClass
};

class Mailboxes {
 public:
  void deliver(std::string_view address, std::uint32_t mta, MessageClass c);
  // Cache warming ahead of deliver(address), a step at a time (see NameMap::warm).
  void warm(std::string_view address, int step) const { boxes_.warm(address, step); }
  // Sorted by address, so that every output built from it is deterministic.
  std::vector<std::pair<std::string_view, const Mailbox*>> sorted() const;

 private:
  NameMap<Mailbox> boxes_;
};

}  // namespace relaysim::world

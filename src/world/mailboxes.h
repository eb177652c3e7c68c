// The mailboxes at final destinations: how many messages of each class each address
// received, so a lesson can show whose inbox the spam reached.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "world/message.h"

namespace relaysim::world {

struct Mailbox {
  std::uint32_t mta = 0;  // the server holding it
  std::array<std::uint64_t, kMessageClassCount> received{};  // by MessageClass
};

class Mailboxes {
 public:
  void deliver(std::string_view address, std::uint32_t mta, MessageClass c);
  // Ordered by address, so that every output built from it is deterministic.
  const std::map<std::string, Mailbox, std::less<>>& all() const { return boxes_; }

 private:
  std::map<std::string, Mailbox, std::less<>> boxes_;
};

}  // namespace relaysim::world

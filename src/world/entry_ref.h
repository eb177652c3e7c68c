// Names a queue entry in the world: in an MTA's queue or in an agent's outbox.
#pragma once

#include <cstdint>

namespace relaysim::world {

struct EntryRef {
  bool from_agent = false;
  std::uint32_t owner = 0;  // MTA index or agent index
  std::uint32_t entry = 0;  // id in the owner's MailQueue
};

}  // namespace relaysim::world

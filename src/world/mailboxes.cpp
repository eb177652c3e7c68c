#include "world/mailboxes.h"

namespace relaysim::world {

void Mailboxes::deliver(std::string_view address, std::uint32_t mta, MessageClass c) {
  auto it = boxes_.find(address);
  if (it == boxes_.end()) it = boxes_.emplace(std::string(address), Mailbox{mta, {}}).first;
  ++it->second.received[static_cast<int>(c)];
}

}  // namespace relaysim::world

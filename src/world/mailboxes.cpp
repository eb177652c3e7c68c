#include "world/mailboxes.h"

#include <algorithm>

namespace relaysim::world {

void Mailboxes::deliver(std::string_view address, std::uint32_t mta, MessageClass c) {
  ++boxes_.try_emplace(address, Mailbox{mta, {}}).received[static_cast<int>(c)];
}

std::vector<std::pair<std::string_view, const Mailbox*>> Mailboxes::sorted() const {
  std::vector<std::pair<std::string_view, const Mailbox*>> boxes;
  boxes.reserve(boxes_.size());
  for (const auto& [address, box] : boxes_) boxes.emplace_back(address, &box);
  std::sort(boxes.begin(), boxes.end());
  return boxes;
}

}  // namespace relaysim::world

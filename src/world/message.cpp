#include "world/message.h"

namespace relaysim::world {

std::string_view class_name(MessageClass c) {
  switch (c) {
    case MessageClass::Ham: return "ham";
    case MessageClass::Spam: return "spam";
    case MessageClass::Dsn: return "dsn";
    case MessageClass::Probe: return "probe";
  }
  return "?";
}

std::string_view folder_name(Folder f) { return f == Folder::Junk ? "junk" : "inbox"; }

std::string_view fate_name(Fate f) {
  switch (f) {
    case Fate::Delivered: return "delivered";
    case Fate::Rejected: return "rejected";
    case Fate::Bounced: return "bounced";
    case Fate::Queued: return "queued";
  }
  return "?";
}

std::uint32_t MessagePool::create() {
  const std::uint32_t slot = slots_.take();
  Message& m = slots_[slot];
  m.id = next_id_++;
  m.sender.clear();
  m.unsettled = 0;
  m.sessions = 0;
  m.transcribed = false;
  m.about = 0;
  m.content = nullptr;
  m.altered = false;
  return slot;
}

void MessagePool::settle_one(std::uint32_t slot) {
  Message& m = slots_[slot];
  if (m.unsettled == 0) return;
  --m.unsettled;
  release_if_done(slot);
}

void MessagePool::unpin(std::uint32_t slot) {
  Message& m = slots_[slot];
  if (m.sessions == 0) return;
  --m.sessions;
  release_if_done(slot);
}

std::size_t MessagePool::unsettled_messages() const {
  std::size_t n = 0;
  slots_.for_each([&n](const Message& m) { n += m.unsettled > 0; });
  return n;
}

void MessagePool::release_if_done(std::uint32_t slot) {
  if (!in_use(slots_[slot])) slots_.give_back(slot);
}

}  // namespace relaysim::world

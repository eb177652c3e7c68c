#include "live/live_observer.h"

namespace relaysim::live {

bool LiveObserver::wants_transcript(const world::Message& m) {
  if (m.origin_node != live_node_) return inner_.wants_transcript(m);
  if (transcribed_ >= max_transcripts_) return false;
  ++transcribed_;
  return true;
}

void LiveObserver::message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                                    std::uint32_t accepted, std::uint32_t relayed) {
  if (s.client_node == live_node_ && accepted > 0) {
    copies_accepted_ += accepted;
    ++messages_accepted_;
  }
  inner_.message_accepted(t, s, m, accepted, relayed);
}

}  // namespace relaysim::live

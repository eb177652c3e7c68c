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
  if (s.client_node != live_node_) {
    ObserverFanout::message_accepted(t, s, m, accepted, relayed);
    return;
  }
  if (archive_ != nullptr) archive_->message_accepted(t, s, m, accepted, relayed);
  if (accepted > 0) {
    copies_accepted_ += accepted;
    ++messages_accepted_;
  }
  const std::uint64_t queue_id = expected_queue_id_.value_or(world::queue_id_of(m.id, s.server_mta));
  expected_queue_id_.reset();
  inner_.live_message_accepted(t, s, m, accepted, relayed, queue_id);
}

}  // namespace relaysim::live

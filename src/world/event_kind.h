// The kinds of kernel event in the simulated world, each handled by the part of the world that
// owns it (World::on_event passes it there).
#pragma once

#include <cstdint>

namespace relaysim::world {

enum EventKind : std::uint32_t {
  kAgentSends, kHuntProbe,                        // Submission (a hunter's probe is its message)
  kServerReceives, kClientHangsUp, kConnectFails,  // SessionRunner
  kQueueScan,                                      // QueueManager
  kRelayShared,                                    // RelayHunting
  kListed, kDelistingDue, kRelayCloses,            // BlocklistListings
};

}  // namespace relaysim::world

// The kinds of kernel event in the simulated world, each handled by the part of the world that
// owns it (World::on_event passes it there).
#pragma once

#include <cstdint>

namespace relaysim::world {

enum EventKind : std::uint32_t {
  kAgentSends, kServerReceives, kClientHangsUp, kConnectFails, kQueueScan,  // World
  kHuntProbe, kRelayShared,                                                  // RelayHunting (a probe's message: World)
  kListed, kDelistingDue, kRelayCloses,                                      // BlocklistListings
};

}  // namespace relaysim::world

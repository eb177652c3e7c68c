#include "world/world.h"

#include "world/event_kind.h"

namespace relaysim::world {

World::World(const WorldConfig& config, WorldObserver& observer)
    : state_(config, observer, *this),
      hunting_(state_.agents, state_.mtas.size(), state_.simulator, state_.topology, observer),
      listings_(config, state_.simulator, state_.defences, state_.topology, state_.mtas, observer),
      queues_(state_, sessions_, listings_),
      sessions_(state_, queues_, hunting_),
      submission_(state_, sessions_, hunting_),
      live_(state_, sessions_, queues_) {}

void World::on_event(std::uint32_t target, std::uint32_t kind) {
  switch (static_cast<EventKind>(kind)) {
    case kAgentSends:
    case kHuntProbe: submission_.on_event(target, kind); break;
    case kServerReceives:
    case kClientHangsUp:
    case kConnectFails: sessions_.on_event(target, kind); break;
    case kQueueScan: queues_.queue_scan(target); break;
    case kRelayShared: hunting_.share(target); break;
    case kListed:
    case kDelistingDue:
    case kRelayCloses: listings_.on_event(target, kind); break;
  }
}

}  // namespace relaysim::world

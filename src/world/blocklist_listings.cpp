#include "world/blocklist_listings.h"

#include <algorithm>

#include "world/event_kind.h"

namespace relaysim::world {

BlocklistListings::BlocklistListings(const WorldConfig& config, sim::Simulator& simulator, Defences& defences,
                                     const Topology& topology, sim::StableVector<mta::Mta>& mtas,
                                     WorldObserver& observer)
    : config_(config),
      simulator_(simulator),
      defences_(defences),
      topology_(topology),
      mtas_(mtas),
      observer_(observer),
      closing_scheduled_(mtas.size(), false) {}

void BlocklistListings::on_event(std::uint32_t target, std::uint32_t kind) {
  switch (kind) {
    case kListed: listed(target); break;
    case kDelistingDue: delisting_due(target); break;
    case kRelayCloses: relay_closes(target); break;
  }
}

void BlocklistListings::schedule_new() {
  for (const PendingListing& p : defences_.new_listings()) {
    const std::uint32_t slot = listings_.take();
    listings_[slot] = p;
    simulator_.schedule_at(std::max(p.at, simulator_.now()), slot, kListed);
  }
  defences_.new_listings().clear();
}

void BlocklistListings::listed(std::uint32_t slot) {
  const PendingListing p = listings_[slot];
  const defence::BlocklistZone& zone = defences_.blocklist(p.blocklist);
  ++listings_now_;
  observer_.listing_changed(simulator_.now(), zone.zone(), p.ip, true, listings_now_);
  const std::uint32_t node = topology_.find_ip(p.ip);
  if (node < mtas_.size() && !closing_scheduled_[node]) {
    const auto& closing = config_.mtas[node].closes_relay;
    if (closing && closing->blocklist == p.blocklist) {
      closing_scheduled_[node] = true;
      simulator_.schedule_in(closing->after, node, kRelayCloses);
    }
  }
  simulator_.schedule_at(std::max(*zone.delisting_time(p.ip), simulator_.now()), slot, kDelistingDue);
}

// New evidence may have extended the listing since this check was scheduled.
void BlocklistListings::delisting_due(std::uint32_t slot) {
  const PendingListing p = listings_[slot];
  const defence::BlocklistZone& zone = defences_.blocklist(p.blocklist);
  if (zone.listed(p.ip, simulator_.now())) {
    simulator_.schedule_at(*zone.delisting_time(p.ip), slot, kDelistingDue);
    return;
  }
  --listings_now_;
  observer_.listing_changed(simulator_.now(), zone.zone(), p.ip, false, listings_now_);
  listings_.give_back(slot);
}

void BlocklistListings::relay_closes(std::uint32_t mta) {
  mtas_[mta].change_policy(config_.mtas[mta].closes_relay->policy);
  observer_.relay_closed(simulator_.now(), mta);
}

}  // namespace relaysim::world

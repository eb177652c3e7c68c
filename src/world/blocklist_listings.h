// Blocklist listings as a run goes on: each listing that evidence starts takes effect when the
// zone publishes it and is checked again when it may lapse, and the operator of a listed open
// relay who reacts to listings (closes_relay:) closes the relay a while later.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "mta/mta.h"
#include "sim/simulator.h"
#include "sim/slot_pool.h"
#include "sim/stable_vector.h"
#include "world/defences.h"
#include "world/topology.h"
#include "world/world_config.h"
#include "world/world_observer.h"

namespace relaysim::world {

class BlocklistListings {
 public:
  // Everything passed must outlive this; `mtas` are the world's, whose policy an operator changes.
  BlocklistListings(const WorldConfig& config, sim::Simulator& simulator, Defences& defences,
                    const Topology& topology, sim::StableVector<mta::Mta>& mtas, WorldObserver& observer);

  // Schedules the listings evidence has started since the last call (Defences::new_listings).
  void schedule_new();
  // The events it schedules: kListed and kDelistingDue for a listing, kRelayCloses for an MTA.
  void on_event(std::uint32_t target, std::uint32_t kind);

 private:
  void listed(std::uint32_t listing);
  void delisting_due(std::uint32_t listing);
  void relay_closes(std::uint32_t mta);

  const WorldConfig& config_;
  sim::Simulator& simulator_;
  Defences& defences_;
  const Topology& topology_;
  sim::StableVector<mta::Mta>& mtas_;
  WorldObserver& observer_;
  sim::SlotPool<PendingListing> listings_;  // scheduled listings and delistings, by event target
  std::uint32_t listings_now_ = 0;        // listings in force, all zones together
  std::vector<bool> closing_scheduled_;   // per MTA: its operator has decided to close the relay
};

}  // namespace relaysim::world

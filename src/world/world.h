// The simulated world: MTAs, hosts and agents on a topology, exchanging SMTP over links with
// latency, driven by the kernel. It is built of parts, one concern each, that share a
// WorldState: agents submit mail (Submission), sessions carry it (SessionRunner), queue managers
// take, queue, retry and bounce it (QueueManager), spam dynamics change who relays and who is
// listed (RelayHunting, BlocklistListings), and real clients come in through the LiveGateway.
// The world hands each kernel event to the part that owns its kind and reports what happens
// through a WorldObserver.
#pragma once

#include <cstdint>

#include "sim/simulator.h"
#include "world/blocklist_listings.h"
#include "world/live_gateway.h"
#include "world/queue_manager.h"
#include "world/relay_hunting.h"
#include "world/session_runner.h"
#include "world/submission.h"
#include "world/world_config.h"
#include "world/world_observer.h"
#include "world/world_state.h"

namespace relaysim::world {

class World final : public sim::EventHandler {
 public:
  // `config` must outlive the world. The observer hears everything that happens.
  World(const WorldConfig& config, WorldObserver& observer);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Runs the simulation up to `until`, then reports every copy still queued (Fate::Queued)
  // and checks that no copy was lost (throws std::logic_error if one was).
  void run(sim::SimTime until) {
    start(until);
    advance_to(until);
    finish();
  }
  // The same in steps, for progress reports: start, advance in steps up to the end, finish.
  void start(sim::SimTime until) { submission_.start(until); }
  void advance_to(sim::SimTime t) { state_.simulator.run_until(t); }
  void finish() { queues_.report_still_queued(); }

  const Topology& topology() const { return state_.topology; }
  std::size_t mta_count() const { return state_.mtas.size(); }
  const mta::Mta& mta(std::uint32_t i) const { return state_.mtas[i]; }
  std::uint64_t events() const { return state_.simulator.events_executed(); }
  std::uint64_t messages_created() const { return state_.messages.created(); }
  sim::SimTime now() const { return state_.simulator.now(); }
  const Mailboxes& mailboxes() const { return state_.mailboxes; }

  // Real SMTP clients talk to the simulated MTAs here (relaysim serve, relaysim recover).
  LiveGateway& live() { return live_; }

  void on_event(std::uint32_t target, std::uint32_t kind) override;

 private:
  WorldState state_;
  RelayHunting hunting_;
  BlocklistListings listings_;
  // The queue manager and the sessions each hand work to the other; neither uses the other
  // while the world is being built.
  QueueManager queues_;
  SessionRunner sessions_;
  Submission submission_;
  LiveGateway live_;
};

}  // namespace relaysim::world

// What every part of the simulated world reads and changes: the clock, the network and its
// hosts, the MTAs with their DNS and defences, the agents, the messages and the mailboxes.
// The parts (SessionRunner, QueueManager, Submission, LiveGateway...) share one WorldState and
// own only their own bookkeeping.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "mta/mail_queue.h"
#include "mta/mta.h"
#include "sim/simulator.h"
#include "sim/stable_vector.h"
#include "world/agent.h"
#include "world/defences.h"
#include "world/dns.h"
#include "world/entry_ref.h"
#include "world/mailboxes.h"
#include "world/message.h"
#include "world/topology.h"
#include "world/world_config.h"
#include "world/world_observer.h"

namespace relaysim::world {

struct WorldState {
  // `config` and `observer` must outlive the state; the kernel's events go to `handler`.
  WorldState(const WorldConfig& config, WorldObserver& observer, sim::EventHandler& handler);

  mta::QueueEntry& entry(const EntryRef& ref) {
    return ref.from_agent ? agents[ref.owner].outbox().at(ref.entry) : mtas[ref.owner].queue().at(ref.entry);
  }
  // The node the entry's owner sends from.
  std::uint32_t node_of(const EntryRef& ref) const { return ref.from_agent ? agents[ref.owner].node() : ref.owner; }

  // Cache warming (sim/prefetch.h): what a message will read is asked for ahead of use, so
  // that its misses overlap instead of queueing. An MTA's state, ahead of a session with it,
  // in two steps (each reading only what the one before asked for): its objects in every
  // layer, then what they point to.
  void warm_mta(std::uint32_t mta, int step) const;
  // What a server looks up for these recipients, their domains' MX records and their
  // mailboxes, in three steps (see NameMap::warm).
  static constexpr int kRouteWarmingSteps = 3;
  void warm_routes(const std::vector<std::string_view>& recipients, int step) const;

  // Every new message goes through here once its maker has filled in its class, sender,
  // recipients, size and origin: it is submitted now, with all its copies to settle.
  std::uint32_t submit_message(std::uint32_t slot);
  // One copy of a message reaches its final state (or, at the end, is still queued).
  void settle(std::uint32_t slot, std::uint32_t recipient, Fate fate, std::uint32_t node, const smtp::Reply& reason,
              Folder folder = Folder::Inbox);

  const WorldConfig& config;
  WorldObserver& observer;
  sim::Simulator simulator;
  // Every queue's entries, MTAs' and agents' outboxes alike (a pointer: the agents, built
  // before the state, hold on to it).
  std::unique_ptr<mta::QueueEntryPool> queue_entries;
  Topology topology;  // MTAs are its first nodes, so an MTA's index is also its node number
  sim::StableVector<mta::Mta> mtas;  // an MTA never moves: its relay policy refers to its configuration
  std::vector<Agent> agents;  // contiguous: each message starts by touching its agent
  Dns dns;
  Defences defences;
  MessagePool messages;
  Mailboxes mailboxes;

 private:
  struct Hosts;
  static Hosts place_hosts(const WorldConfig& config);
  WorldState(const WorldConfig& config, WorldObserver& observer, sim::EventHandler& handler, Hosts hosts);
};

}  // namespace relaysim::world

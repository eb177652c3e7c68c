#include "world/session_runner.h"

#include <algorithm>

#include "sim/prefetch.h"
#include "world/event_kind.h"
#include "world/queue_manager.h"

namespace relaysim::world {

SessionRunner::SessionRunner(WorldState& world, QueueManager& queues, RelayHunting& hunting)
    : world_(world), queues_(queues), hunting_(hunting), active_sessions_(world.mtas.size(), 0) {}

bool SessionRunner::take_slot(std::uint32_t mta) {
  if (active_sessions_[mta] >= world_.mtas[mta].config().max_sessions) return false;
  ++active_sessions_[mta];
  return true;
}

void SessionRunner::on_event(std::uint32_t target, std::uint32_t kind) {
  switch (kind) {
    case kServerReceives: server_receives(target); break;
    case kClientHangsUp: client_hangs_up(target); break;
    case kConnectFails:
      connections_[target].client.on_connection_lost();
      finish(target);
      break;
    default: break;
  }
}

void SessionRunner::connect(const EntryRef& ref) {
  mta::QueueEntry& e = world_.entry(ref);
  const std::uint32_t id = connections_.take();
  SmtpConnection& c = connections_[id];
  const std::uint32_t client_node = world_.node_of(ref);
  const std::uint32_t server = e.hops[e.next_hop];
  const Topology& topology = world_.topology;
  sim::Simulator& simulator = world_.simulator;
  Message& m = world_.messages.at(e.message);
  c.source = ref;
  c.message = e.message;
  world_.messages.pin(e.message);
  c.info.session_id = next_session_id_++;
  c.info.client_node = client_node;
  c.info.server_mta = server;
  c.info.client_ip = ref.from_agent ? e.source_ip : topology.node(client_node).ip;
  c.info.login = {};
  c.info.helo = {};
  c.info.extended = false;
  c.connect_failed = false;
  c.server_open = false;
  c.rcpts_answered = 0;
  c.commands.clear();
  c.recipients.clear();
  for (const auto& r : e.recipients) c.recipients.push_back(r.address);
  c.rcpt_accepted.assign(c.recipients.size(), false);
  if (c.destinations.size() < c.recipients.size()) c.destinations.resize(c.recipients.size());
  c.warming_step = 0;
  world_.warm_mta(server, 0);
  warm_routes(c);

  smtp::ClientJob job;
  job.helo_name = topology.node(client_node).name;
  sim::prefetch(job.helo_name.data());  // read when the server takes the EHLO
  job.reverse_path = m.sender;
  job.recipients = c.recipients.data();
  job.recipient_count = c.recipients.size();
  job.size = m.size;
  job.pipelining = true;  // as Postfix's SMTP client, whenever the server offers it
  const bool reachable = server < world_.mtas.size() && !topology.is_down(server, simulator.now());
  c.info.submission_port = false;
  if (ref.from_agent) {
    const AgentConfig& a = world_.agents[ref.owner].config();
    if (a.login && a.password) job.credentials = smtp::Credentials{*a.login, *a.password, false};
    // Port 587 is for a user's own server (or a thief with a user's password); mail straight
    // to a foreign MX, or through relays a spammer found, goes to port 25.
    const bool own_server = !a.via.empty() && (a.kind == AgentKind::User || a.login.has_value());
    c.info.submission_port = own_server && server < world_.mtas.size() && world_.mtas[server].config().submission;
  }
  c.client.start(job);
  if (!reachable) {
    c.connect_failed = true;
    simulator.schedule_in_fifo(kConnectTimeout, id, kConnectFails);
    return;
  }
  c.latency = topology.latency(client_node, server);
  simulator.schedule_in_fifo(c.latency, id, kServerReceives);  // the connection request
  c.commands_sent = simulator.now();
}

void SessionRunner::server_receives(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  c.replies.clear();
  c.reasons.clear();
  warm_routes(c);
  if (!c.server_open) {
    greet(id);
  } else {
    for (const smtp::Command& command : c.commands) {
      // A server that closed mid-group (421) reads nothing more; the client notices the silence.
      if (c.server->closed()) break;
      answer(id, command);
    }
    if (c.server->closed() && c.server_open) {
      c.server_open = false;
      free_slot(c.info.server_mta);
    }
  }
  client_reads_replies(id);
}

// One step per event of the session, so that each step's lines have had time to arrive.
void SessionRunner::warm_routes(SmtpConnection& c) {
  if (c.warming_step >= WorldState::kRouteWarmingSteps) return;
  world_.warm_routes(c.recipients, c.warming_step++);
}

// A new connection: the greeting, unless the server has no session slot left.
void SessionRunner::greet(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  mta::Mta& server = world_.mtas[c.info.server_mta];
  world_.warm_mta(c.info.server_mta, 1);
  queues_.warm(c.info.server_mta);
  const sim::SimTime now = world_.simulator.now();
  if (!take_slot(c.info.server_mta)) {
    c.replies.push_back(smtp::make_reply(smtp::ReplyText::TooManyConnections));
    world_.observer.session_refused(now, c.info, world_.messages.at(c.message), c.replies.back());
  } else {
    c.server_open = true;
    // A connection's policy and server session serve the connections that reuse its slot,
    // keeping their buffers.
    if (!c.policy) c.policy.emplace(world_.defences, world_.simulator, static_cast<MessageTaker&>(*this));
    c.policy->bind(server, id);
    const smtp::ServerConfig& config = server.server_config(c.info.submission_port);
    if (!c.server) c.server.emplace(config, *c.policy, c.info.client_ip);
    c.replies.push_back(c.server->open(config, c.info.client_ip));
    world_.observer.session_opened(now, c.info);
  }
  c.reasons.emplace_back();
}

void SessionRunner::answer(std::uint32_t id, const smtp::Command& command) {
  SmtpConnection& c = connections_[id];
  mta::Mta& server = world_.mtas[c.info.server_mta];
  const smtp::Reply reply = c.server->handle(command);
  if (c.taken) hand_over(id);
  c.replies.push_back(reply);
  c.reasons.emplace_back();
  const sim::SimTime now = world_.simulator.now();
  if (reply.text == smtp::ReplyText::AuthSucceeded) {
    c.reasons.back().words = mta::explain_login(server.config(), c.info.submission_port);
    c.info.login = c.server->facts().authenticated_user;
  }
  if ((command.verb == smtp::Verb::Helo || command.verb == smtp::Verb::Ehlo) && reply.positive_completion()) {
    c.info.helo = c.server->facts().helo;
    c.info.extended = command.verb == smtp::Verb::Ehlo;
  }
  if (command.verb == smtp::Verb::Mail && !reply.positive_completion()) {
    world_.observer.sender_refused(now, c.info, world_.messages.at(c.message), reply);
  }
  if (command.verb != smtp::Verb::Rcpt || c.rcpts_answered >= c.recipients.size()) return;
  const std::uint32_t r = c.rcpts_answered++;
  std::optional<mta::RelayVerdict> verdict;
  if (const auto decision = c.policy->take_decision()) {
    verdict = decision->verdict;
    c.destinations[r] = decision->destination;
    c.reasons.back() = {{}, decision->verdict, &c.destinations[r], c.recipients[r]};
  }
  c.rcpt_accepted[r] = reply.positive_completion();
  world_.observer.recipient_answered(now, c.info, world_.messages.at(c.message),
                                     world_.entry(c.source).recipients[r].index, c.recipients[r], reply, verdict);
}

// The client's reaction to the replies is its own session's business, so it is worked out as
// the server sends them: the next commands leave one network delay later, when the client has
// read the replies, without an event of their own. Only the end of the session, which settles
// copies and frees the server's slot, waits for the client to read the last reply.
void SessionRunner::client_reads_replies(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  const Message& m = world_.messages.at(c.message);
  sim::Simulator& simulator = world_.simulator;
  const sim::SimTime read_at = simulator.now() + c.latency;
  if (m.transcribed) {
    // The server replied as the commands arrived, one network delay before the client reads it.
    world_.observer.smtp_exchange(c.commands_sent, simulator.now(), c.info, m, c.commands, c.replies, c.reasons);
  }
  std::optional<smtp::Command> next;
  for (std::size_t i = 0; i < c.replies.size() && !c.client.done(); ++i) next = c.client.on_reply(c.replies[i]);
  if (!next) {
    simulator.schedule_in_fifo(c.latency, id, kClientHangsUp);  // at read_at
    return;
  }
  c.commands.clear();
  c.commands.push_back(*next);
  while (const auto more = c.client.next_in_group()) c.commands.push_back(*more);
  c.commands_sent = read_at;
  simulator.schedule_in_fifo(2 * c.latency, id, kServerReceives);  // at read_at + latency
}

// The client has read the last reply it will get and ends the session.
void SessionRunner::client_hangs_up(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  if (!c.client.done()) c.client.on_connection_lost();  // replies the client waits for never came
  if (c.server_open && c.server && !c.server->closed()) {
    // The client hung up without QUIT: the server's session ends too.
    c.server_open = false;
    free_slot(c.info.server_mta);
  }
  finish(id);
}

// ---- the end of DATA ----

smtp::Reply SessionRunner::take_message(std::uint32_t id, mta::Mta& mta, const smtp::SessionFacts& facts) {
  SmtpConnection& c = connections_[id];
  EndOfData answer = queues_.check_end_of_data(mta, facts, c.message, world_.entry(c.source).received);
  const smtp::Reply reply = answer.reply;
  if (answer.taken) {
    c.taken = answer;
  } else if (!reply.positive_completion()) {
    world_.observer.message_refused(world_.simulator.now(), c.info, world_.messages.at(c.message), reply);
  }
  return reply;
}

// After the server's final 250: the copies it accepted are its responsibility from now on.
void SessionRunner::hand_over(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  mta::QueueEntry& source = world_.entry(c.source);
  taken_copies_.clear();
  for (std::size_t r = 0; r < c.recipients.size(); ++r) {
    if (!c.rcpt_accepted[r]) continue;
    source.recipients[r].handed_off = true;
    taken_copies_.push_back({source.recipients[r].index, &c.destinations[r]});
  }
  const Handover handover{c.info, c.message, source.received + 1, *c.taken, taken_copies_};
  c.taken.reset();
  queues_.take(handover);
}

// ---- the sending side learns how it went ----

void SessionRunner::finish(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  const EntryRef ref = c.source;
  mta::QueueEntry& e = world_.entry(ref);
  const bool reached_server = c.rcpts_answered > 0;
  const bool all_pending_or_deferred = std::none_of(
      c.client.results().begin(), c.client.results().end(), [](const smtp::RecipientResult& r) {
        return r.outcome == smtp::RecipientOutcome::Accepted || r.outcome == smtp::RecipientOutcome::Refused;
      });
  // Like Postfix, a host that does not answer or turns the session away sends us to the next MX.
  const bool next_mx = !reached_server && all_pending_or_deferred && e.next_hop + 1 < e.hops.size();
  const std::uint32_t slot = c.message;
  if (c.connect_failed) {
    world_.observer.connect_timed_out(world_.simulator.now(), c.info, world_.messages.at(slot),
                                      next_mx ? std::optional{e.hops[e.next_hop + 1]} : std::nullopt);
  }
  if (ref.from_agent) {
    hunting_.learn_from_session(ref.owner, world_.messages.at(slot).message_class, c.info.server_mta, c.client,
                                c.connect_failed);
  }
  if (next_mx) {
    ++e.next_hop;
    connections_.give_back(id);
    connect(ref);
  } else {
    queues_.settle_attempt(ref, c.client, c.connect_failed);
    connections_.give_back(id);
  }
  world_.messages.unpin(slot);
}

}  // namespace relaysim::world

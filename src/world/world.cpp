#include "world/world.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include "mta/ipv4.h"
#include "smtp/address.h"

namespace relaysim::world {
namespace {

// A reply no server sent: the sending side's own words for why it gave up.
smtp::Reply diagnostic(std::uint16_t code, smtp::EnhancedStatus status, std::string_view words) {
  smtp::Reply r = smtp::make_reply(smtp::ReplyText::Diagnostic, words);
  r.code = code;
  r.status = status;
  return r;
}

// No code: the server never answered. The status and words are Postfix's for a timed-out connect.
smtp::Reply connect_timeout_reply() { return diagnostic(0, {4, 4, 1}, "Connection timed out"); }
smtp::Reply null_mx_reply() { return diagnostic(556, {5, 1, 10}, "recipient domain has a null MX (RFC 7505)"); }
smtp::Reply no_such_domain_reply() { return diagnostic(550, {5, 4, 4}, "Host or domain name not found"); }
smtp::Reply loops_back_reply() { return diagnostic(554, {5, 4, 6}, "mail for the domain loops back to myself"); }

NodeKind node_kind(AgentKind kind) {
  switch (kind) {
    case AgentKind::User: return NodeKind::UserHost;
    case AgentKind::Spammer: return NodeKind::SpammerHost;
    case AgentKind::Bot: return NodeKind::Botnet;
  }
  return NodeKind::UserHost;
}

// The mailbox a local copy goes to: a bare local part is qualified with the server's name,
// as Postfix appends $myorigin.
std::string mailbox_of(const mta::Mta& mta, const smtp::ResolvedAddress& address) {
  if (!address.domain.empty()) return smtp::canonical_address(address);
  smtp::ResolvedAddress qualified = address;
  qualified.domain = mta.config().name;
  return smtp::canonical_address(qualified);
}

// The addresses agents were given in the scenario: those handed out to the others skip them.
std::unordered_set<std::uint32_t> agent_addresses(const WorldConfig& config) {
  std::unordered_set<std::uint32_t> ips;
  for (const AgentConfig& a : config.agents) {
    if (a.ip != 0) ips.insert(a.ip);
  }
  return ips;
}

// The domain part of a raw forward path, for agents that route by themselves.
std::string domain_of(std::string_view path) {
  const auto resolved = smtp::resolve_address(path);
  return resolved ? resolved->domain : std::string();
}

// user@domain becomes user%domain@[ip]: the server at `ip` is asked to pass it on (the % hack).
void route_through(std::vector<std::string>& recipients, std::uint32_t ip) {
  const std::string literal = "@[" + mta::format_ipv4(ip) + "]";
  for (std::string& r : recipients) {
    const std::size_t at = r.rfind('@');
    if (at == std::string::npos) continue;
    r[at] = '%';
    r += literal;
  }
}

}  // namespace

World::World(const WorldConfig& config, WorldObserver& observer)
    : config_(config), observer_(observer), simulator_(*this), topology_(config.default_latency) {
  build(config);
}

void World::build(const WorldConfig& config) {
  // MTAs are the first nodes, so an MTA's index is also its node number.
  for (const MtaNodeConfig& m : config.mtas) {
    topology_.add_node({m.name, NodeKind::Mta, m.ip, m.down});
  }
  for (std::uint32_t i = 0; i < config.mtas.size(); ++i) {
    mtas_.push_back(std::make_unique<mta::Mta>(config.mtas[i], i));
  }
  std::uint32_t next_client_ip = (100u << 24) | (64u << 16) | 1u;  // 100.64.0.1, outside every mynetworks
  const std::unordered_set<std::uint32_t> taken = agent_addresses(config);
  agents_.reserve(config.agents.size());
  for (const AgentConfig& a : config.agents) {
    std::uint32_t ip = a.ip;
    if (ip == 0 && a.kind != AgentKind::Bot) {
      while (topology_.find_ip(next_client_ip) != UINT32_MAX || taken.count(next_client_ip)) ++next_client_ip;
      ip = next_client_ip++;
    }
    const std::uint32_t node = topology_.add_node({a.name, node_kind(a.kind), ip, {}});
    std::vector<std::uint32_t> relays;
    for (const std::string& via : a.via) relays.push_back(topology_.find(via));
    agents_.emplace_back(a, node, ip, config.seed, std::move(relays));
  }
  for (const LinkConfig& l : config.links) {
    const std::uint32_t a = topology_.find(l.a);
    const std::uint32_t b = topology_.find(l.b);
    // The loader guarantees this; a program that builds a WorldConfig by hand may not.
    if (a == UINT32_MAX || b == UINT32_MAX) {
      throw std::invalid_argument("link between unknown hosts " + l.a + " and " + l.b);
    }
    topology_.add_link(a, b, l.latency);
  }
  dns_ = std::make_unique<Dns>(config.domains, topology_);
  defences_ = std::make_unique<Defences>(config, *dns_);
  for (const MtaNodeConfig& m : config.mtas) {
    relayhost_.push_back(m.relayhost ? std::optional<std::uint32_t>(topology_.find(*m.relayhost)) : std::nullopt);
  }
  hunting_ = std::make_unique<RelayHunting>(agents_, mtas_.size(), simulator_, topology_, observer_);
  listings_ = std::make_unique<BlocklistListings>(config, simulator_, *defences_, topology_, mtas_, observer_);
  active_sessions_.assign(mtas_.size(), 0);
  scan_at_.assign(mtas_.size(), -1);
  scan_event_.assign(mtas_.size(), {});
}

void World::start(sim::SimTime until) {
  for (std::uint32_t a = 0; a < agents_.size(); ++a) {
    Agent& agent = agents_[a];
    agent.set_scenario_end(until);
    if (!agent.active(agent.config().start)) continue;
    simulator_.schedule_at(agent.config().start + agent.next_interval(), a, kAgentSends);
    if (agent.config().hunt) simulator_.schedule_at(agent.config().start + agent.next_probe_interval(), a, kHuntProbe);
  }
}

void World::on_event(std::uint32_t target, std::uint32_t kind) {
  switch (kind) {
    case kAgentSends: agent_sends(target); break;
    case kServerReceives: server_receives(target); break;
    case kClientHangsUp: client_hangs_up(target); break;
    case kConnectFails:
      connections_[target].client.on_connection_lost();
      finish(target);
      break;
    case kQueueScan: queue_scan(target); break;
    case kHuntProbe: hunt_probe(target); break;
    case kRelayShared: hunting_->share(target); break;
    case kListed:
    case kDelistingDue:
    case kRelayCloses: listings_->on_event(target, kind); break;
  }
}

// ---- agents ----

void World::agent_sends(std::uint32_t a) {
  Agent& agent = agents_[a];
  const sim::SimTime now = simulator_.now();
  if (!agent.active(now)) return;
  // A hunter that knows no open relay yet has nowhere to send its spam.
  const bool has_route = agent.sends_direct() || !agent.relays().empty();
  if (has_route) agent.pick_recipients(recipients_scratch_);
  if (has_route && !recipients_scratch_.empty()) {
    std::optional<std::uint32_t> first_hop;
    if (agent.config().hunt && agent.config().hunt->chain && agent.relays().size() >= 2) {
      first_hop = agent.next_relay();
      route_through(recipients_scratch_, topology_.node(agent.relay_after(*first_hop)).ip);
    }
    const std::uint32_t slot = new_message(agent, agent.config().message_class);
    agent.count_sent();
    submit_from_agent(a, slot, agent.client_ip(now), first_hop);
  }
  if (agent.active(now)) simulator_.schedule_in(agent.next_interval(), a, kAgentSends);
}

// A message from `agent` to the recipients in recipients_scratch_, reported as submitted.
std::uint32_t World::new_message(const Agent& agent, MessageClass message_class) {
  const std::uint32_t slot = messages_.create();
  Message& m = messages_.at(slot);
  m.message_class = message_class;
  m.sender = agent.config().address;
  m.recipients = recipients_scratch_;
  m.size = message_class == MessageClass::Probe ? 1000 : agent.config().message_size;
  m.origin_node = agent.node();
  return submit_message(slot);
}

// Every new message ends here once its maker has filled in its class, sender, recipients, size
// and origin: it is submitted now with all its copies to settle.
std::uint32_t World::submit_message(std::uint32_t slot) {
  Message& m = messages_.at(slot);
  m.submitted = simulator_.now();
  m.unsettled = static_cast<std::uint32_t>(m.recipients.size());
  m.transcribed = observer_.wants_transcript(m);
  observer_.message_submitted(simulator_.now(), m);
  return slot;
}

void World::submit_from_agent(std::uint32_t a, std::uint32_t slot, std::uint32_t source_ip,
                              std::optional<std::uint32_t> first_hop) {
  Agent& agent = agents_[a];
  if (agent.sends_direct()) {
    submit_direct(a, slot, source_ip);
    return;
  }
  const Message& m = messages_.at(slot);
  const std::uint32_t id = agent.outbox().acquire(slot, simulator_.now());
  mta::QueueEntry& e = agent.outbox().at(id);
  e.source_ip = source_ip;
  for (std::uint32_t i = 0; i < m.recipients.size(); ++i) e.recipients.push_back({i, m.recipients[i], false});
  e.hops.push_back(first_hop ? *first_hop : agent.next_relay());
  e.in_flight = true;
  e.attempts = 1;
  connect({true, a, id});
}

// Straight to the MX: one session per recipient domain, as a mail server would.
void World::submit_direct(std::uint32_t a, std::uint32_t slot, std::uint32_t source_ip) {
  Agent& agent = agents_[a];
  const Message& m = messages_.at(slot);
  std::vector<std::uint32_t> entries;
  for (std::uint32_t i = 0; i < m.recipients.size(); ++i) {
    const std::string domain = domain_of(m.recipients[i]);
    auto same = std::find_if(entries.begin(), entries.end(),
                             [&](std::uint32_t id) { return agent.outbox().at(id).destination == domain; });
    if (same == entries.end()) {
      entries.push_back(agent.outbox().acquire(slot, simulator_.now()));
      agent.outbox().at(entries.back()).destination = domain;
      agent.outbox().at(entries.back()).source_ip = source_ip;
      same = entries.end() - 1;
    }
    agent.outbox().at(*same).recipients.push_back({i, m.recipients[i], false});
  }
  for (std::uint32_t id : entries) {
    mta::QueueEntry& e = agent.outbox().at(id);
    const mta::RouteStatus status = mta::route_domain(e.destination, mta::kNoSuchHost, std::nullopt, *dns_, e.hops);
    if (status != mta::RouteStatus::Hosts) {
      const smtp::Reply reason = status == mta::RouteStatus::NullMx ? null_mx_reply() : no_such_domain_reply();
      for (const auto& r : e.recipients) settle(slot, r.index, Fate::Rejected, agent.node(), reason);
      agent.outbox().remove(id);
      continue;
    }
    e.in_flight = true;
    e.attempts = 1;
    connect({true, a, id});
  }
}

// ---- delivery attempts ----

mta::QueueEntry& World::entry(const EntryRef& ref) {
  return ref.from_agent ? agents_[ref.owner].outbox().at(ref.entry) : mtas_[ref.owner]->queue().at(ref.entry);
}

std::uint32_t World::node_of(const EntryRef& ref) const {
  return ref.from_agent ? agents_[ref.owner].node() : ref.owner;
}

std::uint32_t World::allocate_connection() {
  if (!free_connections_.empty()) {
    const std::uint32_t id = free_connections_.back();
    free_connections_.pop_back();
    return id;
  }
  connections_.emplace_back();
  return static_cast<std::uint32_t>(connections_.size() - 1);
}

void World::attempt(const EntryRef& ref) {
  mta::QueueEntry& e = entry(ref);
  mta::Mta& self = *mtas_[ref.owner];
  e.in_flight = true;
  e.deferred = false;
  ++e.attempts;
  e.next_hop = 0;
  const mta::RouteStatus status = mta::route_domain(e.destination, ref.owner, relayhost_[ref.owner], *dns_, e.hops);
  if (status == mta::RouteStatus::Hosts) {
    connect(ref);
    return;
  }
  const smtp::Reply reason = status == mta::RouteStatus::NullMx       ? null_mx_reply()
                             : status == mta::RouteStatus::LoopsToSelf ? loops_back_reply()
                                                                       : no_such_domain_reply();
  bounce_entry(self, ref.entry, reason);
}

void World::connect(const EntryRef& ref) {
  mta::QueueEntry& e = entry(ref);
  const std::uint32_t id = allocate_connection();
  SmtpConnection& c = connections_[id];
  const std::uint32_t client_node = node_of(ref);
  const std::uint32_t server = e.hops[e.next_hop];
  Message& m = messages_.at(e.message);
  c.source = ref;
  c.message = e.message;
  messages_.pin(e.message);
  c.info.session_id = next_session_id_++;
  c.info.client_node = client_node;
  c.info.server_mta = server;
  c.info.client_ip = ref.from_agent ? e.source_ip : topology_.node(client_node).ip;
  c.info.login = {};
  c.connect_failed = false;
  c.server_open = false;
  c.rcpts_answered = 0;
  c.commands.clear();
  c.recipients.clear();
  for (const auto& r : e.recipients) c.recipients.push_back(r.address);
  c.rcpt_accepted.assign(c.recipients.size(), false);
  if (c.destinations.size() < c.recipients.size()) c.destinations.resize(c.recipients.size());

  smtp::ClientJob job;
  job.helo_name = topology_.node(client_node).name;
  job.reverse_path = m.sender;
  job.recipients = c.recipients.data();
  job.recipient_count = c.recipients.size();
  job.size = m.size;
  job.pipelining = true;  // as Postfix's SMTP client, whenever the server offers it
  const bool reachable = server < mtas_.size() && !topology_.is_down(server, simulator_.now());
  c.info.submission_port = false;
  if (ref.from_agent) {
    const AgentConfig& a = agents_[ref.owner].config();
    if (a.login && a.password) job.credentials = smtp::Credentials{*a.login, *a.password, false};
    // Port 587 is for a user's own server (or a thief with a user's password); mail straight
    // to a foreign MX, or through relays a spammer found, goes to port 25.
    const bool own_server = !a.via.empty() && (a.kind == AgentKind::User || a.login.has_value());
    c.info.submission_port = own_server && server < mtas_.size() && mtas_[server]->config().submission;
  }
  c.client.start(job);
  if (!reachable) {
    c.connect_failed = true;
    simulator_.schedule_in_fifo(kConnectTimeout, id, kConnectFails);
    return;
  }
  c.latency = topology_.latency(client_node, server);
  simulator_.schedule_in_fifo(c.latency, id, kServerReceives);  // the connection request
  c.commands_sent = simulator_.now();
}

void World::server_receives(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  c.replies.clear();
  c.reasons.clear();
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
      --active_sessions_[c.info.server_mta];
    }
  }
  client_reads_replies(id);
}

// A new connection: the greeting, unless the server has no session slot left.
void World::greet(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  mta::Mta& server = *mtas_[c.info.server_mta];
  if (active_sessions_[c.info.server_mta] >= server.config().max_sessions) {
    c.replies.push_back(smtp::make_reply(smtp::ReplyText::TooManyConnections));
    observer_.session_refused(simulator_.now(), c.info, messages_.at(c.message), c.replies.back());
  } else {
    ++active_sessions_[c.info.server_mta];
    c.server_open = true;
    c.server.reset();
    c.policy.emplace(server, *defences_, simulator_, static_cast<MessageTaker&>(*this), id);
    c.server.emplace(server.server_config(c.info.submission_port), *c.policy, c.info.client_ip);
    c.replies.push_back(c.server->open(c.info.client_ip));
    observer_.session_opened(simulator_.now(), c.info);
  }
  c.reasons.emplace_back();
}

void World::answer(std::uint32_t id, const smtp::Command& command) {
  SmtpConnection& c = connections_[id];
  mta::Mta& server = *mtas_[c.info.server_mta];
  const smtp::Reply reply = c.server->handle(command);
  if (c.taken) take_responsibility(id);
  c.replies.push_back(reply);
  c.reasons.emplace_back();
  if (reply.text == smtp::ReplyText::AuthSucceeded) {
    c.reasons.back().words = mta::explain_login(server.config(), c.info.submission_port);
    c.info.login = c.server->facts().authenticated_user;
  }
  if (command.verb == smtp::Verb::Mail && !reply.positive_completion()) {
    observer_.sender_refused(simulator_.now(), c.info, messages_.at(c.message), reply);
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
  observer_.recipient_answered(simulator_.now(), c.info, messages_.at(c.message), entry(c.source).recipients[r].index,
                               c.recipients[r], reply, verdict);
}

// The client's reaction to the replies is its own session's business, so it is worked out as
// the server sends them: the next commands leave one network delay later, when the client has
// read the replies, without an event of their own. Only the end of the session, which settles
// copies and frees the server's slot, waits for the client to read the last reply.
void World::client_reads_replies(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  const Message& m = messages_.at(c.message);
  const sim::SimTime read_at = simulator_.now() + c.latency;
  if (m.transcribed) {
    // The server replied as the commands arrived, one network delay before the client reads it.
    observer_.smtp_exchange(c.commands_sent, simulator_.now(), c.info, m, c.commands, c.replies, c.reasons);
  }
  std::optional<smtp::Command> next;
  for (std::size_t i = 0; i < c.replies.size() && !c.client.done(); ++i) next = c.client.on_reply(c.replies[i]);
  if (!next) {
    simulator_.schedule_in_fifo(c.latency, id, kClientHangsUp);  // at read_at
    return;
  }
  c.commands.clear();
  c.commands.push_back(*next);
  while (const auto more = c.client.next_in_group()) c.commands.push_back(*more);
  c.commands_sent = read_at;
  simulator_.schedule_in_fifo(2 * c.latency, id, kServerReceives);  // at read_at + latency
}

// The client has read the last reply it will get and ends the session.
void World::client_hangs_up(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  if (!c.client.done()) c.client.on_connection_lost();  // replies the client waits for never came
  if (c.server_open && c.server && !c.server->closed()) {
    // The client hung up without QUIT: the server's session ends too.
    c.server_open = false;
    --active_sessions_[c.info.server_mta];
  }
  finish(id);
}

// ---- the receiving MTA takes responsibility ----

// The end of DATA: the reply the server sends. The message is acted on when it has been made.
smtp::Reply World::take_message(std::uint32_t id, mta::Mta& mta, const smtp::SessionFacts& facts) {
  SmtpConnection& c = connections_[id];
  // The Received header this server adds counts too: at the limit cleanup refuses the message,
  // and the sending server bounces it to its sender (how Postfix ends a relay loop).
  if (entry(c.source).received + 1 >= mta.config().hopcount_limit) return smtp::make_reply(smtp::ReplyText::TooManyHops);
  smtp::Reply queued = smtp::make_reply(smtp::ReplyText::Queued);
  queued.number = queue_id_of(messages_.at(c.message).id, c.info.server_mta);
  const ContentVerdict verdict =
      defences_->check_content(mta, facts, messages_.at(c.message).message_class, queued.number, simulator_.now());
  if (verdict.refusal) return *verdict.refusal;
  c.taken = SmtpConnection::Taken{queued, verdict.folder};
  return queued;
}

// After the final 250: each accepted copy is delivered here or queued for its next hop, and the
// queue manager picks new mail up at once, as Postfix's does.
void World::take_responsibility(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  mta::Mta& mta = *mtas_[c.info.server_mta];
  const SmtpConnection::Taken taken = *c.taken;
  c.taken.reset();
  const smtp::Reply& queued = taken.queued;
  const Folder folder = taken.folder;
  mta::QueueEntry& source = entry(c.source);
  const Message& m = messages_.at(c.message);
  const std::uint32_t received = source.received + 1;
  std::uint32_t accepted = 0;
  std::uint32_t relayed = 0;
  fresh_entries_.clear();
  for (std::size_t r = 0; r < c.recipients.size(); ++r) {
    if (!c.rcpt_accepted[r]) continue;
    ++accepted;
    mta::QueuedRecipient& copy = source.recipients[r];
    copy.handed_off = true;  // from here on the copy is this server's responsibility
    const mta::Destination& d = c.destinations[r];
    // Where the routing in an address leads back here, Postfix delivers it here too.
    if (d.recipient_class == mta::RecipientClass::Local) {
      deliver_locally(mta, c, d.address, copy.index, queued, folder);
      continue;
    }
    ++relayed;
    // One queue entry per destination domain, as Postfix's queue manager groups them.
    const std::string& destination = mta.config().relayhost ? *mta.config().relayhost : d.address.domain;
    const std::uint32_t id = queue_entry_for(mta, c.message, destination, fresh_entries_);
    mta.queue().at(id).received = received;
    mta.queue().at(id).recipients.push_back({copy.index, smtp::canonical_address(d.address), false});
  }
  observer_.message_accepted(simulator_.now(), c.info, m, accepted, relayed);
  listings_->schedule_new();
  for (std::uint32_t id : fresh_entries_) attempt({false, mta.index(), id});
}

void World::deliver_locally(mta::Mta& mta, const SmtpConnection& c, const smtp::ResolvedAddress& address,
                            std::uint32_t recipient, const smtp::Reply& queued, Folder folder) {
  const Message& m = messages_.at(c.message);
  const std::string mailbox = mailbox_of(mta, address);
  mailboxes_.deliver(mailbox, mta.index(), m.message_class);
  settle(c.message, recipient, Fate::Delivered, mta.index(), queued, folder);
  const auto reaction = defences_->delivered(mta, mailbox, m.message_class, folder, c.info.client_ip, simulator_.now());
  if (reaction.opened || reaction.clicked || reaction.complained) {
    observer_.recipient_reacted(simulator_.now(), m, recipient, reaction.opened, reaction.clicked, reaction.complained);
  }
}

std::uint32_t World::queue_entry_for(mta::Mta& mta, std::uint32_t slot, std::string_view destination,
                                     std::vector<std::uint32_t>& fresh) {
  for (std::uint32_t id : fresh) {
    if (mta.queue().at(id).destination == destination) return id;
  }
  const std::uint32_t id = mta.queue().acquire(slot, simulator_.now());
  mta.queue().at(id).destination = destination;
  fresh.push_back(id);
  return id;
}

// ---- the sending side learns how it went ----

void World::finish(std::uint32_t id) {
  SmtpConnection& c = connections_[id];
  const EntryRef ref = c.source;
  mta::QueueEntry& e = entry(ref);
  const bool reached_server = c.rcpts_answered > 0;
  const bool all_pending_or_deferred = std::none_of(
      c.client.results().begin(), c.client.results().end(), [](const smtp::RecipientResult& r) {
        return r.outcome == smtp::RecipientOutcome::Accepted || r.outcome == smtp::RecipientOutcome::Refused;
      });
  // Like Postfix, a host that does not answer or turns the session away sends us to the next MX.
  const bool next_mx = !reached_server && all_pending_or_deferred && e.next_hop + 1 < e.hops.size();
  if (c.connect_failed) {
    observer_.connect_timed_out(simulator_.now(), c.info, messages_.at(c.message),
                                next_mx ? std::optional{e.hops[e.next_hop + 1]} : std::nullopt);
  }
  const std::uint32_t slot = c.message;
  if (ref.from_agent) {
    hunting_->learn_from_session(ref.owner, messages_.at(slot).message_class, c.info.server_mta, c.client,
                                 c.connect_failed);
  }
  if (next_mx) {
    ++e.next_hop;
    free_connections_.push_back(id);
    connect(ref);
  } else {
    settle_attempt(ref, c);
    free_connections_.push_back(id);
  }
  messages_.unpin(slot);
}

void World::settle_attempt(const EntryRef& ref, const SmtpConnection& c) {
  mta::QueueEntry& e = entry(ref);
  const std::uint32_t slot = e.message;
  const auto& results = c.client.results();
  std::vector<Bounced> refused;
  std::vector<mta::QueuedRecipient> remaining;
  smtp::Reply deferral = connect_timeout_reply();
  for (std::size_t r = 0; r < e.recipients.size(); ++r) {
    mta::QueuedRecipient& copy = e.recipients[r];
    if (copy.handed_off) continue;
    const smtp::RecipientResult& result = results[r];
    const smtp::Reply reason = c.connect_failed ? connect_timeout_reply() : result.reply;
    if (ref.from_agent) {
      // Agents do not retry: a temporary refusal is as final for them as a permanent one.
      settle(slot, copy.index, Fate::Rejected, node_of(ref), reason);
    } else if (result.outcome == smtp::RecipientOutcome::Refused) {
      refused.push_back({copy.index, reason});
    } else {
      remaining.push_back(std::move(copy));
      if (!c.connect_failed && result.reply.code != 0) deferral = result.reply;
    }
  }
  if (ref.from_agent) {
    agents_[ref.owner].outbox().remove(ref.entry);
    return;
  }
  mta::Mta& self = *mtas_[ref.owner];
  if (!refused.empty()) bounce(self, slot, refused);
  if (remaining.empty()) {
    self.queue().remove(ref.entry);
    return;
  }
  e.recipients = std::move(remaining);
  e.in_flight = false;
  if (self.retry_schedule().expired(e.arrival, simulator_.now())) {
    bounce_entry(self, ref.entry, deferral);
    return;
  }
  defer(self, ref.entry, deferral);
}

// Bounces every copy still in the entry with one reason, and frees the entry.
void World::bounce_entry(mta::Mta& mta, std::uint32_t id, const smtp::Reply& reason) {
  const mta::QueueEntry& e = mta.queue().at(id);
  const std::uint32_t slot = e.message;
  std::vector<Bounced> copies;
  for (const auto& r : e.recipients) copies.push_back({r.index, reason});
  mta.queue().remove(id);
  bounce(mta, slot, copies);
}

void World::defer(mta::Mta& mta, std::uint32_t id, const smtp::Reply& reason) {
  mta::QueueEntry& e = mta.queue().at(id);
  e.deferred = true;
  e.eligible = mta.retry_schedule().eligible_at(e.arrival, simulator_.now());
  const Message& m = messages_.at(e.message);
  for (const auto& r : e.recipients) observer_.deferred(simulator_.now(), mta.index(), m, r.index, reason, e.eligible);
  schedule_scan(mta.index(), e.eligible);
}

void World::schedule_scan(std::uint32_t m, sim::SimTime eligible) {
  const sim::SimTime at = std::max(mtas_[m]->retry_schedule().next_scan(eligible), simulator_.now());
  if (scan_at_[m] >= 0 && scan_at_[m] <= at) return;
  if (scan_at_[m] >= 0) simulator_.cancel(scan_event_[m]);
  scan_at_[m] = at;
  scan_event_[m] = simulator_.schedule_at(at, m, kQueueScan);
}

void World::queue_scan(std::uint32_t m) {
  scan_at_[m] = -1;
  mta::Mta& self = *mtas_[m];
  const sim::SimTime now = simulator_.now();
  std::vector<std::uint32_t> due;
  sim::SimTime next = -1;
  self.queue().for_each([&](std::uint32_t id, const mta::QueueEntry& e) {
    if (!e.deferred || e.in_flight) return;
    if (e.eligible <= now) {
      due.push_back(id);
    } else if (next < 0 || e.eligible < next) {
      next = e.eligible;
    }
  });
  for (std::uint32_t id : due) attempt({false, m, id});
  if (next >= 0) schedule_scan(m, next);
}

void World::bounce(mta::Mta& mta, std::uint32_t slot, const std::vector<Bounced>& copies) {
  // Copy what the notification needs first: settling the last copy recycles the message's slot.
  const std::string sender = messages_.at(slot).sender;
  const std::uint64_t size = messages_.at(slot).size;
  const std::uint64_t id = messages_.at(slot).id;
  for (const Bounced& b : copies) settle(slot, b.index, Fate::Bounced, mta.index(), b.reason);
  // RFC 5321 6.1: never send a notification about a notification (null sender).
  if (sender.empty() || copies.empty()) return;
  send_dsn(mta, sender, size, id, copies.front().reason);
}

void World::send_dsn(mta::Mta& mta, const std::string& to, std::uint64_t original_size, std::uint64_t about,
                     const smtp::Reply& reason) {
  const std::uint32_t dsn = messages_.create();
  Message& m = messages_.at(dsn);
  m.message_class = MessageClass::Dsn;
  m.about = about;
  m.recipients.assign(1, to);
  m.size = 2000 + std::min<std::uint64_t>(original_size, 10000);  // the report plus the original headers
  m.origin_node = mta.index();
  submit_message(dsn);
  bool syntax_ok = false;
  const mta::Destination d = mta.relay_policy().resolve(to, &syntax_ok);
  if (!syntax_ok) {
    settle(dsn, 0, Fate::Bounced, mta.index(), reason);
    return;
  }
  if (d.recipient_class == mta::RecipientClass::Local) {
    // A forged local sender has no mailbox: the notice is lost, and says so (no DSN to <>).
    if (!mta.relay_policy().known_local_user(d.address.local_part)) {
      settle(dsn, 0, Fate::Bounced, mta.index(), smtp::make_reply(smtp::ReplyText::UnknownLocalUser, to));
      return;
    }
    mailboxes_.deliver(mailbox_of(mta, d.address), mta.index(), MessageClass::Dsn);
    settle(dsn, 0, Fate::Delivered, mta.index(), smtp::make_reply(smtp::ReplyText::Ok));
    return;
  }
  const std::uint32_t id = mta.queue().acquire(dsn, simulator_.now());
  mta::QueueEntry& e = mta.queue().at(id);
  e.destination = mta.config().relayhost ? *mta.config().relayhost : d.address.domain;
  e.recipients.push_back({0, smtp::canonical_address(d.address), false});
  attempt({false, mta.index(), id});
}

void World::settle(std::uint32_t slot, std::uint32_t recipient, Fate fate, std::uint32_t node,
                   const smtp::Reply& reason, Folder folder) {
  observer_.recipient_settled(simulator_.now(), messages_.at(slot), recipient, fate, node, reason, folder);
  messages_.settle_one(slot);
}

void World::report_still_queued() {
  const smtp::Reply none;
  for (auto& mta : mtas_) {
    mta->queue().for_each([&](std::uint32_t, mta::QueueEntry& e) {
      for (const auto& r : e.recipients) {
        if (!r.handed_off) settle(e.message, r.index, Fate::Queued, mta->index(), none);
      }
    });
  }
  for (auto& agent : agents_) {
    agent.outbox().for_each([&](std::uint32_t, mta::QueueEntry& e) {
      for (const auto& r : e.recipients) {
        if (!r.handed_off) settle(e.message, r.index, Fate::Queued, agent.node(), none);
      }
    });
  }
  if (const std::size_t lost = messages_.unsettled_messages(); lost != 0) {
    throw std::logic_error("internal error: " + std::to_string(lost) +
                           " message(s) have copies that are neither final nor queued");
  }
}

}  // namespace relaysim::world

#include "world/live_gateway.h"

#include "mta/relay_policy.h"
#include "smtp/address.h"
#include "world/connection_policy.h"

namespace relaysim::world {
namespace {

// Transcripts keep at most this many exchanges that belong to no message yet (a client that
// sends NOOPs for an hour): the oldest half is dropped when it is reached.
constexpr std::size_t kMaxPendingExchanges = 400;
constexpr std::size_t kMaxShownLine = 120;

// What a transcript shows of a line the parser refused: printable ASCII, the rest as '?'.
std::string printable(std::string_view raw) {
  std::string out;
  for (const char c : raw.substr(0, kMaxShownLine)) out += c >= 0x20 && c < 0x7f ? c : '?';
  if (raw.size() > kMaxShownLine) out += "...";
  return out;
}

// A command with its own copy of the text, as a transcript shows it: secrets are never kept.
struct LoggedCommand {
  smtp::Verb verb = smtp::Verb::Noop;
  std::string argument;
  std::string initial_response;
  std::uint64_t size = 0;
  bool last_chunk = false;  // BDAT ... LAST

  static LoggedCommand of(const smtp::Command& c) {
    LoggedCommand logged{c.verb, std::string(c.argument), std::string(c.initial_response), c.size, c.last_chunk};
    if (c.verb == smtp::Verb::Auth && !c.initial_response.empty()) logged.initial_response = "<redacted>";
    if (c.verb == smtp::Verb::AuthResponse && c.argument != "*") logged.argument = "<redacted>";
    if (c.verb == smtp::Verb::Unknown) logged.argument = printable(c.argument);
    return logged;
  }
  smtp::Command view() const {
    smtp::Command c = smtp::make_command(verb, argument);
    c.initial_response = initial_response;
    c.size = size;
    c.last_chunk = last_chunk;
    return c;
  }
};

// A reply whose argument text is its own (a reply's arg views text that does not last).
struct LoggedReply {
  smtp::Reply reply;
  std::string arg;

  static LoggedReply of(const smtp::Reply& r) { return {r, std::string(r.arg)}; }
  smtp::Reply view() const {
    smtp::Reply r = reply;
    r.arg = arg;
    return r;
  }
};

bool in_transaction(smtp::ServerState state) {
  return state == smtp::ServerState::MailGiven || state == smtp::ServerState::ReceivingData;
}

}  // namespace

class LiveGateway::Session final : public smtp::ServerPolicy {
 public:
  Session(WorldState& w, QueueManager& q, std::uint32_t mta_index, bool submission_port, std::uint32_t client_agent,
          SessionInfo s)
      : world(w),
        queues(q),
        mta(w.mtas[mta_index]),
        agent(client_agent),
        info(s),
        server(mta.server_config(submission_port), *this, s.client_ip) {}

  // ---- the policy: the MTA's, with notes ----
  bool check_credentials(std::string_view user, std::string_view password) override {
    return mta.check_credentials(user, password);
  }
  smtp::Reply check_sender(const smtp::SessionFacts& facts, std::string_view) override {
    return world.defences.check_sender(mta, facts, world.simulator.now());
  }
  smtp::Reply check_recipient(const smtp::SessionFacts& facts, std::string_view forward_path) override {
    decided = decide_recipient(mta, world.defences, facts, forward_path, world.simulator.now());
    return decided->reply;
  }
  smtp::Reply accept_message(const smtp::SessionFacts& facts, const Envelope& envelope) override;

  smtp::Reply hand_over(const smtp::SessionFacts& facts, const Envelope& envelope,
                        std::optional<std::uint64_t> replayed_queue_id);
  void note_handover(const smtp::SessionFacts& facts, const Envelope& envelope, std::uint64_t queue_id);
  void replay(const LiveHandover& h);
  void rebuild_dialogue(const LiveHandover& h);
  void exchange(const smtp::Command* command, const smtp::Reply& reply);
  void end_transaction(const smtp::Command* command, const smtp::Reply& reply);
  std::uint32_t make_message(std::uint64_t size, const std::vector<std::uint32_t>& counted);
  void flush();
  void detach();

  WorldState& world;
  QueueManager& queues;
  mta::Mta& mta;
  std::uint32_t agent;
  SessionInfo info;
  smtp::ServerSession server;

  // The dialogue not yet in a transcript, and the message whose transcript it goes to (pinned).
  struct Exchange {
    sim::SimTime at = 0;
    std::uint64_t group = 0;  // exchanges of one group were sent together (one read)
    std::optional<LoggedCommand> command;
    LoggedReply reply;
    // Why, as ReplyReason says it, with copies of what it views (they outlive the command).
    std::string_view words;
    std::optional<mta::RelayVerdict> verdict;
    mta::Destination destination;
    std::string forward_path;
  };
  std::vector<Exchange> pending;
  std::uint64_t group = 0;
  std::optional<std::uint32_t> attached;

  // The transaction in progress: each RCPT the policy answered (or the session refused as one
  // too many), in order.
  struct Copy {
    std::string path;
    LoggedReply reply;
    std::optional<mta::RelayVerdict> verdict;
    mta::Destination destination;
    bool accepted = false;
  };
  bool transaction = false;
  std::string reverse_path;
  std::uint64_t declared_size = 0;
  std::vector<Copy> copies;
  bool message_made = false;  // accept_message made the transaction's message
  std::optional<mta::RecipientDecision> decided;  // the MTA's decision on the RCPT being answered
  std::optional<LiveHandover> handover;           // the last message the MTA took, for the journal
};

LiveGateway::LiveGateway(WorldState& world, SessionRunner& sessions, QueueManager& queues)
    : world_(world), sessions_(sessions), queues_(queues) {}

LiveGateway::~LiveGateway() = default;

std::optional<std::uint64_t> LiveGateway::open(std::uint32_t mta, bool submission_port, std::uint32_t client_agent) {
  if (!sessions_.take_slot(mta)) return std::nullopt;
  const sim::SimTime now = world_.simulator.now();
  SessionInfo info;
  info.session_id = sessions_.next_session_id();
  info.client_node = world_.agents[client_agent].node();
  info.server_mta = mta;
  info.client_ip = world_.agents[client_agent].client_ip(now);
  info.submission_port = submission_port;
  world_.observer.session_opened(now, info);
  open_.emplace(info.session_id,
                std::make_unique<Session>(world_, queues_, mta, submission_port, client_agent, info));
  return info.session_id;
}

smtp::ServerSession& LiveGateway::server(std::uint64_t id) { return open_.at(id)->server; }

void LiveGateway::input(std::uint64_t id) {
  Session& s = *open_.at(id);
  s.flush();
  ++s.group;
}

void LiveGateway::exchange(std::uint64_t id, const smtp::Command* command, const smtp::Reply& reply) {
  open_.at(id)->exchange(command, reply);
}

void LiveGateway::close(std::uint64_t id) {
  const auto it = open_.find(id);
  if (it == open_.end()) return;
  Session& s = *it->second;
  if (s.transaction) s.end_transaction(nullptr, smtp::Reply{});
  s.flush();
  s.detach();
  sessions_.free_slot(s.info.server_mta);
  open_.erase(it);
}

const LiveHandover* LiveGateway::handover(std::uint64_t id) const {
  const Session& s = *open_.at(id);
  return s.handover ? &*s.handover : nullptr;
}

void LiveGateway::replay(const LiveHandover& handover, std::uint32_t client_agent) {
  auto [it, first] = replayed_.try_emplace(handover.session_id);
  SessionInfo& info = it->second;
  const sim::SimTime now = world_.simulator.now();
  if (first) {
    info.session_id = sessions_.next_session_id();
    info.client_node = world_.agents[client_agent].node();
    info.server_mta = handover.mta;
    info.client_ip = world_.agents[client_agent].client_ip(now);
    info.submission_port = handover.submission_port;
    world_.observer.session_opened(now, info);
  }
  Session session(world_, queues_, handover.mta, handover.submission_port, client_agent, info);
  session.replay(handover);
}

// ---- one session ----

void LiveGateway::Session::exchange(const smtp::Command* command, const smtp::Reply& reply) {
  const bool starts_transaction =
      command && command->verb == smtp::Verb::Mail && reply.positive_completion() && !transaction;
  if (starts_transaction) {
    // What came since the last message belongs to it; this transaction will be a new one.
    flush();
    detach();
    transaction = true;
    message_made = false;
    reverse_path.assign(command->argument);
    declared_size = command->size;
    copies.clear();
  }
  Exchange e;
  e.at = world.simulator.now();
  e.group = command ? group : ~std::uint64_t{0};
  if (command) e.command = LoggedCommand::of(*command);
  e.reply = LoggedReply::of(reply);
  if (reply.text == smtp::ReplyText::AuthSucceeded) {
    e.words = mta::explain_login(mta.config(), info.submission_port);
    info.login = server.facts().authenticated_user;
  }
  // As a simulated session's: the greeting the server accepted names the client in Received.
  if (command && (command->verb == smtp::Verb::Helo || command->verb == smtp::Verb::Ehlo) &&
      reply.positive_completion()) {
    info.helo = server.facts().helo;
    info.extended = command->verb == smtp::Verb::Ehlo;
  }
  if (command && command->verb == smtp::Verb::Rcpt && transaction) {
    if (decided) {
      e.verdict = decided->verdict;
      e.destination = decided->destination;
      e.forward_path = command->argument;
      copies.push_back({std::string(command->argument), e.reply, decided->verdict, decided->destination,
                        reply.positive_completion()});
    } else if (reply.text == smtp::ReplyText::TooManyRecipients) {
      copies.push_back({std::string(command->argument), e.reply, std::nullopt, {}, false});
    }
  }
  decided.reset();
  if (pending.size() >= kMaxPendingExchanges) {
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(pending.size() / 2));
  }
  pending.push_back(std::move(e));
  if (transaction && !in_transaction(server.state())) end_transaction(command, reply);
}

// The transaction is over: accepted (the message was made at the end of DATA or BDAT LAST),
// refused at the end of its content, or abandoned by the client. Recipients the server refused, and every recipient
// of a message it refused, become a message whose copies are rejected, as an agent's are.
void LiveGateway::Session::end_transaction(const smtp::Command* command, const smtp::Reply& reply) {
  transaction = false;
  if (message_made) {
    copies.clear();
    return;
  }
  // The server refused the content: at the end of DATA, or at a BDAT chunk that ended the
  // transaction (the last one, or one refused so that the rest is discarded).
  const bool content_command = command && (command->verb == smtp::Verb::EndOfData || command->verb == smtp::Verb::Bdat);
  const bool message_refused = content_command && !reply.positive_completion();
  std::vector<std::uint32_t> counted;
  for (std::uint32_t i = 0; i < copies.size(); ++i) {
    if (!copies[i].accepted || message_refused) counted.push_back(i);
  }
  if (!counted.empty()) {
    const std::uint64_t refused_size = message_refused && command->verb == smtp::Verb::Bdat ? command->content_octets
                                       : message_refused                                  ? command->size
                                                                                          : declared_size;
    const std::uint32_t slot = make_message(refused_size, counted);
    const std::uint32_t node = world.agents[agent].node();
    for (std::uint32_t r = 0; r < counted.size(); ++r) {
      const Copy& copy = copies[counted[r]];
      world.settle(slot, r, Fate::Rejected, node, copy.accepted ? reply : copy.reply.view());
    }
  }
  copies.clear();
}

// A message from the live client with the transaction's `counted` copies as its recipients,
// reported as a simulated client's would be; the session's dialogue so far goes to its transcript.
std::uint32_t LiveGateway::Session::make_message(std::uint64_t size, const std::vector<std::uint32_t>& counted) {
  flush();
  detach();
  const sim::SimTime now = world.simulator.now();
  const std::uint32_t slot = world.messages.create();
  Message& m = world.messages.at(slot);
  m.message_class = world.agents[agent].config().message_class;
  m.sender = reverse_path;
  m.recipients.clear();
  for (const std::uint32_t i : counted) m.recipients.push_back(copies[i].path);
  m.size = size;
  m.origin_node = world.agents[agent].node();
  world.submit_message(slot);
  world.messages.pin(slot);
  attached = slot;
  for (std::uint32_t r = 0; r < counted.size(); ++r) {
    const Copy& copy = copies[counted[r]];
    world.observer.recipient_answered(now, info, m, r, copy.path, copy.reply.view(), copy.verdict);
  }
  flush();
  return slot;
}

// The end of DATA, through the MTA: the message is made and handed to the queue manager. The
// handover is noted for the journal before the session's 250 goes out.
smtp::Reply LiveGateway::Session::accept_message(const smtp::SessionFacts& facts, const Envelope& envelope) {
  const smtp::Reply reply = hand_over(facts, envelope, std::nullopt);
  if (reply.positive_completion()) note_handover(facts, envelope, reply.number);
  return reply;
}

// The message is made, checked by cleanup (when replaying a journal, checked so that it is taken
// whatever the end-of-DATA checks think now) and, if taken, handed to the queue manager with
// the copies the MTA accepted, as a simulated server session hands over its mail.
smtp::Reply LiveGateway::Session::hand_over(const smtp::SessionFacts& facts, const Envelope& envelope,
                                            std::optional<std::uint64_t> replayed_queue_id) {
  message_made = true;
  std::vector<std::uint32_t> all(copies.size());
  for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  const std::uint32_t slot = make_message(envelope.size, all);
  if (!envelope.content.empty()) world.observer.message_content(world.messages.at(slot), envelope.content);
  // A live client is an agent: its mail has crossed no server before this one.
  const EndOfData answer = replayed_queue_id ? queues.check_replayed(mta, facts, slot, *replayed_queue_id)
                                             : queues.check_end_of_data(mta, facts, slot, 0);
  std::vector<TakenCopy> taken;
  if (answer.taken) {
    for (std::uint32_t i = 0; i < copies.size(); ++i) {
      if (copies[i].accepted) taken.push_back({i, &copies[i].destination});
    }
    queues.take({info, slot, 1, answer, taken});
  }
  // What the MTA did not take (refused at RCPT, or the whole message refused) is rejected.
  const std::uint32_t node = world.agents[agent].node();
  for (std::uint32_t i = 0; i < copies.size(); ++i) {
    if (answer.taken && copies[i].accepted) continue;
    world.settle(slot, i, Fate::Rejected, node, copies[i].accepted ? answer.reply : copies[i].reply.view());
  }
  return answer.reply;
}

void LiveGateway::Session::note_handover(const smtp::SessionFacts& facts, const Envelope& envelope,
                                         std::uint64_t queue_id) {
  LiveHandover& h = handover.emplace();
  h.at = world.simulator.now();
  h.session_id = info.session_id;
  h.mta = info.server_mta;
  h.submission_port = info.submission_port;
  h.queue_id = queue_id;
  h.helo = facts.helo;
  h.extended = info.extended;
  h.authenticated_user = facts.authenticated_user;
  h.sender = reverse_path;
  h.size = envelope.size;
  h.content = envelope.content;
  for (const Copy& copy : copies) {
    LiveHandover::Recipient& r = h.recipients.emplace_back();
    r.path = copy.path;
    r.accepted = copy.accepted;
    r.reply = copy.reply.reply;
    r.reply.arg = {};
    r.reply_arg = copy.reply.arg;
  }
}

// A journalled message, taken again: its transaction as the session had it at the final dot.
void LiveGateway::Session::replay(const LiveHandover& h) {
  // The session's greeting and login, for the Received header (views of `h`, valid for this call).
  info.helo = h.helo;
  info.extended = h.extended;
  info.login = h.authenticated_user;
  transaction = true;
  reverse_path = h.sender;
  declared_size = h.size;
  copies.clear();
  for (const LiveHandover::Recipient& r : h.recipients) {
    Copy& copy = copies.emplace_back();
    copy.path = r.path;
    copy.reply = {r.reply, r.reply_arg};
    copy.accepted = r.accepted;
    bool syntax_ok = false;
    if (r.accepted) copy.destination = mta.relay_policy().resolve(r.path, &syntax_ok);
  }
  rebuild_dialogue(h);

  smtp::SessionFacts facts;
  facts.client_ip = info.client_ip;
  facts.helo = h.helo;
  facts.authenticated_user = h.authenticated_user;
  facts.submission = info.submission_port;
  facts.reverse_path = reverse_path;
  std::vector<std::string_view> paths;
  for (const Copy& copy : copies) paths.push_back(copy.path);
  const Envelope envelope{reverse_path, paths.data(), paths.size(), h.size, h.content};
  const smtp::Reply reply = hand_over(facts, envelope, h.queue_id);
  transaction = false;

  Exchange& end = pending.emplace_back();
  end.at = world.simulator.now();
  end.group = ++group;
  end.command = LoggedCommand{smtp::Verb::EndOfData, {}, {}, h.size};
  end.reply = LoggedReply::of(reply);
  flush();
  detach();
  copies.clear();
}

// The transcript of a replayed message shows its transaction (the journal keeps no more of the
// session), one command and reply at a time.
void LiveGateway::Session::rebuild_dialogue(const LiveHandover& h) {
  const sim::SimTime now = world.simulator.now();
  const auto add = [&](LoggedCommand command, LoggedReply reply) {
    Exchange& e = pending.emplace_back();
    e.at = now;
    e.group = ++group;
    e.command = std::move(command);
    e.reply = std::move(reply);
  };
  add({smtp::Verb::Mail, h.sender, {}, h.size}, LoggedReply::of(smtp::make_reply(smtp::ReplyText::SenderOk)));
  for (const LiveHandover::Recipient& r : h.recipients) add({smtp::Verb::Rcpt, r.path, {}, 0}, {r.reply, r.reply_arg});
  add({smtp::Verb::Data, {}, {}, 0}, LoggedReply::of(smtp::make_reply(smtp::ReplyText::StartMailInput)));
}

// Reports the pending dialogue to the attached message's transcript, one smtp_exchange per
// group of commands sent together (and one per reply the server sent by itself).
void LiveGateway::Session::flush() {
  if (!attached) return;
  const Message& m = world.messages.at(*attached);
  if (m.transcribed) {
    std::vector<smtp::Command> commands;
    std::vector<smtp::Reply> replies;
    std::vector<ReplyReason> reasons;
    for (std::size_t i = 0; i < pending.size();) {
      commands.clear();
      replies.clear();
      reasons.clear();
      std::size_t j = i;
      do {
        const Exchange& e = pending[j];
        if (e.command) commands.push_back(e.command->view());
        replies.push_back(e.reply.view());
        reasons.push_back({e.words, e.verdict, e.verdict ? &e.destination : nullptr, e.forward_path});
        ++j;
      } while (j < pending.size() && pending[j].command && pending[i].command && pending[j].group == pending[i].group);
      world.observer.smtp_exchange(pending[i].at, pending[j - 1].at, info, m, commands, replies, reasons);
      i = j;
    }
  }
  pending.clear();
}

void LiveGateway::Session::detach() {
  if (!attached) return;
  const std::uint32_t slot = *attached;
  attached.reset();
  world.messages.unpin(slot);
}

}  // namespace relaysim::world

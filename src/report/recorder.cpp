#include "report/recorder.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include "mta/ipv4.h"
#include "report/json.h"
#include "report/seconds_text.h"
#include "report/reader_words.h"
#include "sim/clock_text.h"
#include "smtp/utf8.h"
#include "smtp/wire.h"

namespace relaysim::report {
namespace {

// An explanation starts under the line it explains, and says "(why: " in the reader's language.
std::string why_prefix(const text::Catalog& catalog) { return "                 " + catalog.tr("(why: "); }

int index_of(world::MessageClass c) { return static_cast<int>(c); }

// A queue id as "queued as" shows it: upper-case hex, as Postfix writes them.
std::string queue_id_text(std::uint64_t id) {
  std::array<char, 16> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), id, 16).ptr;
  std::string text(digits.data(), end);
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Each line of a formatted command or reply, without its CRLF, prefixed.
void append_lines(std::string& out, std::string_view wire, std::string_view prefix) {
  while (!wire.empty()) {
    std::size_t end = wire.find("\r\n");
    if (end == std::string_view::npos) end = wire.size();
    out += prefix;
    out += wire.substr(0, end);
    out += '\n';
    wire.remove_prefix(std::min(wire.size(), end + 2));
  }
}

// Plain words for the server decisions that are not a relay-policy verdict (msgids).
const char* explain_reply(const smtp::Reply& reply) {
  using smtp::ReplyText;
  switch (reply.text) {
    case ReplyText::Queued:
      return text::N_("the server has taken responsibility for the message: from now on it must deliver it "
                      "or send a bounce (RFC 5321 section 6.1)");
    case ReplyText::AuthFailed:
      return text::N_("the user name or password is wrong, so the client is not authenticated");
    case ReplyText::AuthRequired:
      return text::N_("this is the submission port (587): mail is accepted only after AUTH (RFC 6409)");
    case ReplyText::TooManyConnections:
      return text::N_("the server has as many sessions open as it allows (max_sessions), so it turns this one away");
    case ReplyText::TooManyRecipients:
      return text::N_("the message already has as many recipients as the server takes (recipient_limit): "
                      "the client should send the rest in another transaction");
    case ReplyText::MessageTooBig:
      return text::N_("the message is larger than the server accepts (message_size_limit)");
    case ReplyText::TooManyHops:
      return text::N_("the message already carries as many Received headers as the server allows (hopcount_limit, "
                      "50): it has gone round a mail loop, so the server refuses it and the sender will get a bounce");
    case ReplyText::DmarcRejected:
      return text::N_("the header From names a domain whose DMARC record says p=reject, and neither SPF nor DKIM "
                      "passed for a domain aligned with it (RFC 7489): the From is taken for a forgery");
    case ReplyText::NoValidRecipients:
      return text::N_("every recipient was refused, so there is nothing to send");
    default:
      return nullptr;
  }
}

// The words under a reply: the policy's, said of the recipient; the world's; or the defaults above.
std::string reason_text(const smtp::Reply& reply, const world::ReplyReason& reason, const text::Catalog& catalog) {
  if (reason.verdict && reason.destination) {
    return mta::explain_recipient(*reason.verdict, *reason.destination, reason.forward_path, catalog);
  }
  if (!reason.words.empty()) return catalog.tr(std::string(reason.words).c_str());
  const char* words = explain_reply(reply);
  return words ? catalog.tr(words) : std::string();
}

}  // namespace

Recorder::Recorder(RecorderOptions options)
    : options_(std::move(options)), metrics_(options_.metrics), key_messages_(options_.key_messages) {
  if (!options_.trace_path.empty()) trace_ = std::make_unique<AtomicFile>(options_.trace_path);
}

void Recorder::bind(const world::Topology& topology, std::size_t mta_count) {
  topology_ = &topology;
  mtas_.assign(mta_count, {});
  for (std::uint32_t i = 0; i < mta_count; ++i) mtas_[i].name = topology.node(i).name;
}

RunTotals Recorder::totals(const std::string& scenario, std::uint64_t seed, sim::SimTime sim_time,
                           std::uint64_t events) const {
  RunTotals t;
  t.scenario = scenario;
  t.seed = seed;
  t.sim_time = sim_time;
  t.events = events;
  t.classes = classes_;
  t.mtas = mtas_;
  t.key_messages = key_messages_.chosen();
  for (const ClassTotals& c : t.classes) {
    if (c.submitted != c.settled()) {
      throw std::logic_error("internal error: submitted copies do not add up to their fates");
    }
  }
  return t;
}

void Recorder::commit_trace() {
  if (trace_) trace_->commit();
}

// ---- trace lines ----

void Recorder::trace_begin(sim::SimTime t, const world::Message& m, std::string_view event) {
  line_.clear();
  line_ += "{\"t\": ";
  append_seconds(line_, t);
  line_ += ", \"msg\": " + std::to_string(m.id) + ", \"class\": \"";
  line_ += world::class_name(m.message_class);
  line_ += "\", \"event\": \"";
  line_ += event;
  line_ += '"';
}

// A reply's code (when a server sent it), its enhanced status, and for the sending side's own
// diagnosis (a timed-out connect has a status but no code) its words.
void Recorder::trace_reply(const smtp::Reply& reply) {
  if (reply.code != 0) line_ += ", \"code\": " + std::to_string(reply.code);
  if (reply.status.klass != 0) line_ += ", \"status\": \"" + smtp::enhanced_status_text(reply.status) + "\"";
  if (reply.code == 0 && reply.text == smtp::ReplyText::Diagnostic) {
    line_ += ", \"reason\": ";
    append_json_string(line_, reply.arg);
  }
}

void Recorder::trace_end() {
  line_ += "}\n";
  trace_->stream() << line_;
}

// ---- observer ----

void Recorder::message_submitted(sim::SimTime t, const world::Message& m) {
  classes_[index_of(m.message_class)].submitted += m.recipients.size();
  metrics_.submitted(t, m.message_class, static_cast<std::uint32_t>(m.recipients.size()));
  if (!trace_) return;
  trace_begin(t, m, "submitted");
  line_ += ", \"from\": ";
  append_json_string(line_, name(m.origin_node));
  line_ += ", \"sender\": ";
  append_json_string(line_, m.sender);
  line_ += ", \"recipients\": " + std::to_string(m.recipients.size());
  if (m.about != 0) line_ += ", \"about\": " + std::to_string(m.about);
  trace_end();
}

bool Recorder::wants_transcript(const world::Message& m) {
  using Mode = TranscriptChoice::Mode;
  const TranscriptChoice& c = options_.transcripts;
  switch (c.mode) {
    case Mode::None:
    case Mode::Key: return false;  // the run resolves Key into Ids before it starts
    case Mode::All: return true;
    case Mode::Ham: return m.message_class == world::MessageClass::Ham;
    case Mode::Spam: return m.message_class == world::MessageClass::Spam;
    case Mode::Ids: return std::find(c.ids.begin(), c.ids.end(), m.id) != c.ids.end();
    case Mode::Sample:
      if (m.message_class == world::MessageClass::Dsn) return false;
      return sampled_[index_of(m.message_class)]++ < c.sample_per_class;
  }
  return false;
}

void Recorder::session_opened(sim::SimTime, const world::SessionInfo& s) { ++mtas_[s.server_mta].sessions; }

void Recorder::recipient_answered(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                                  std::uint32_t recipient, std::string_view sent_as, const smtp::Reply& reply,
                                  std::optional<mta::RelayVerdict>) {
  if (!reply.positive_completion()) mtas_[s.server_mta].rejected.count(reply.status);
  if (sent_as != m.recipients[recipient] && reply.positive_completion()) key_messages_.rewritten(m.id);
  if (!trace_) return;
  trace_begin(t, m, "rcpt");
  line_ += ", \"from\": ";
  append_json_string(line_, name(s.client_node));
  line_ += ", \"to\": ";
  append_json_string(line_, name(s.server_mta));
  line_ += ", \"rcpt\": ";
  append_json_string(line_, m.recipients[recipient]);
  // The copy keeps the name it was submitted with; a relay that rewrote it asks the next hop
  // for the rewritten form.
  if (sent_as != m.recipients[recipient]) {
    line_ += ", \"sent_as\": ";
    append_json_string(line_, sent_as);
  }
  if (s.submission_port) line_ += ", \"port\": 587";
  if (!s.login.empty()) {
    line_ += ", \"login\": ";
    append_json_string(line_, s.login);
  }
  trace_reply(reply);
  trace_end();
}

void Recorder::sender_refused(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                              const smtp::Reply& reply) {
  mtas_[s.server_mta].rejected.count(reply.status);
  if (!trace_) return;
  trace_begin(t, m, "mail_refused");
  line_ += ", \"from\": ";
  append_json_string(line_, name(s.client_node));
  line_ += ", \"to\": ";
  append_json_string(line_, name(s.server_mta));
  trace_reply(reply);
  trace_end();
}

void Recorder::message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                                std::uint32_t accepted, std::uint32_t relayed) {
  record_acceptance(t, s, m, accepted, relayed, nullptr);
}

void Recorder::live_message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                                     std::uint32_t accepted, std::uint32_t relayed, std::uint64_t queue_id) {
  record_acceptance(t, s, m, accepted, relayed, &queue_id);
}

void Recorder::record_acceptance(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                                 std::uint32_t accepted, std::uint32_t relayed, const std::uint64_t* queue_id) {
  MtaTotals& mta = mtas_[s.server_mta];
  mta.accepted += accepted;
  mta.relayed += relayed;
  if (!trace_) return;
  trace_begin(t, m, "accepted");
  line_ += ", \"from\": ";
  append_json_string(line_, name(s.client_node));
  line_ += ", \"to\": ";
  append_json_string(line_, name(s.server_mta));
  line_ += ", \"accepted\": " + std::to_string(accepted) + ", \"relayed\": " + std::to_string(relayed);
  if (queue_id) line_ += ", \"queue_id\": \"" + queue_id_text(*queue_id) + "\"";
  trace_end();
}

void Recorder::deferred(sim::SimTime t, std::uint32_t mta, const world::Message& m, std::uint32_t recipient,
                        const smtp::Reply& reason, sim::SimTime retry_at) {
  ++mtas_[mta].deferred;
  key_messages_.deferred(m.id);
  if (m.transcribed) note_deferral(t, mta, m, recipient, reason, retry_at);
  if (!trace_) return;
  trace_begin(t, m, "deferred");
  line_ += ", \"at\": ";
  append_json_string(line_, name(mta));
  line_ += ", \"rcpt\": ";
  append_json_string(line_, m.recipients[recipient]);
  trace_reply(reason);
  line_ += ", \"retry_at\": ";
  append_seconds(line_, retry_at);
  trace_end();
}

void Recorder::recipient_settled(sim::SimTime t, const world::Message& m, std::uint32_t recipient,
                                 world::Fate fate, std::uint32_t node, const smtp::Reply& reason,
                                 world::Folder folder) {
  ++classes_[index_of(m.message_class)].fates[static_cast<int>(fate)];
  if (fate == world::Fate::Delivered && node < mtas_.size()) ++mtas_[node].delivered;
  metrics_.settled(t, m.message_class, fate, folder, reason);
  key_messages_.settled(m.id, {m.message_class, fate, folder, reason.code, reason.status,
                              fate == world::Fate::Delivered ? RejectReason::Other : reject_reason(reason)});
  if (!trace_) return;
  trace_begin(t, m, world::fate_name(fate));
  line_ += ", \"at\": ";
  append_json_string(line_, name(node));
  line_ += ", \"rcpt\": ";
  append_json_string(line_, m.recipients[recipient]);
  if (fate == world::Fate::Delivered) {
    line_ += ", \"folder\": \"";
    line_ += world::folder_name(folder);
    line_ += '"';
  }
  trace_reply(reason);
  trace_end();
}

// ---- the world's dynamics: relay hunting, blocklists, recipients ----

void Recorder::trace_world_event(sim::SimTime t, std::string_view event) {
  line_.clear();
  line_ += "{\"t\": ";
  append_seconds(line_, t);
  line_ += ", \"event\": \"";
  line_ += event;
  line_ += '"';
}

void Recorder::probe_sent(sim::SimTime t, std::uint32_t hunter, std::uint32_t ip, std::optional<std::uint32_t> server) {
  metrics_.probe_sent(t);
  if (!trace_) return;
  trace_world_event(t, "probe");
  line_ += ", \"from\": ";
  append_json_string(line_, name(hunter));
  line_ += ", \"ip\": \"" + mta::format_ipv4(ip) + "\"";
  if (server) {
    line_ += ", \"to\": ";
    append_json_string(line_, name(*server));
  }
  trace_end();
}

void Recorder::relay_news(sim::SimTime t, std::uint32_t spammer, std::uint32_t mta, RelayNews news,
                          std::uint32_t known) {
  if (known > relays_known_) metrics_.relay_found(t);
  relays_known_ = known;
  metrics_.open_relays_known(t, known);
  if (!trace_) return;
  trace_world_event(t, news == RelayNews::Found    ? "relay_found"
                       : news == RelayNews::Shared ? "relay_shared"
                                                   : "relay_dropped");
  line_ += ", \"spammer\": ";
  append_json_string(line_, name(spammer));
  line_ += ", \"relay\": ";
  append_json_string(line_, name(mta));
  line_ += ", \"known\": " + std::to_string(known);
  trace_end();
}

void Recorder::listing_changed(sim::SimTime t, std::string_view zone, std::uint32_t ip, bool listed,
                               std::uint32_t listings) {
  metrics_.listed_addresses(t, listings);
  if (!trace_) return;
  trace_world_event(t, listed ? "listed" : "delisted");
  line_ += ", \"zone\": ";
  append_json_string(line_, zone);
  line_ += ", \"ip\": \"" + mta::format_ipv4(ip) + "\"";
  trace_end();
}

void Recorder::relay_closed(sim::SimTime t, std::uint32_t mta) {
  if (!trace_) return;
  trace_world_event(t, "relay_closed");
  line_ += ", \"at\": ";
  append_json_string(line_, name(mta));
  trace_end();
}

void Recorder::recipient_reacted(sim::SimTime t, const world::Message& m, std::uint32_t recipient, bool opened,
                                 bool clicked, bool complained) {
  metrics_.reacted(t, m.message_class, opened, clicked, complained);
  if (!trace_) return;
  trace_begin(t, m, complained ? "complained" : clicked ? "clicked" : "opened");
  line_ += ", \"rcpt\": ";
  append_json_string(line_, m.recipients[recipient]);
  trace_end();
}

// ---- transcripts ----

// A deferral, under the session that led to it: once for all the copies deferred together.
void Recorder::note_deferral(sim::SimTime t, std::uint32_t mta, const world::Message& m, std::uint32_t recipient,
                             const smtp::Reply& reason, sim::SimTime retry_at) {
  Transcript& transcript = transcripts_[m.id];
  const auto session = transcript.sessions.find(transcript.last_session);
  if (session == transcript.sessions.end() || transcript.last_deferral == std::pair{t, mta}) return;
  transcript.last_deferral = {t, mta};
  std::string& out = session->second;
  const text::Catalog& tr = options_.catalog;
  std::string why;
  if (reason.code != 0) {
    // The reply as the server gave it for this copy: a reply kept without its recipient names it.
    smtp::Reply given = reason;
    if (given.arg.empty()) given.arg = m.recipients[recipient];
    smtp::format_reply(given, smtp::ServerIdentity{name(mta)}, why);
    while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
  } else {
    why = std::string(reason.arg) + ", " + smtp::enhanced_status_text(reason.status);
  }
  out += "[" + sim::clock_time(t) + "] -- " +
         tr.tr("{1} keeps the message in its queue (deferred: {2}); next try not before {3}",
               {name(mta), why, sim::clock_time(retry_at)}) +
         "\n";
  if (options_.explain) {
    out += why_prefix(options_.catalog) + tr.tr("no server took the copy for good, so the server that holds it keeps it and tries again "
                        "later, waiting longer each time (minimal_backoff_time, up to maximal_backoff_time) and trying "
                        "the MX hosts again in order of preference; after maximal_queue_lifetime it gives up and "
                        "bounces it") +
           ")\n";
  }
}

std::string Recorder::ip_text(std::uint32_t node) const {
  return node < topology_->size() ? mta::format_ipv4(topology_->node(node).ip) : "?";
}

std::string& Recorder::session_transcript(const world::SessionInfo& s, const world::Message& m) {
  Transcript& t = transcripts_[m.id];
  if (t.header.empty()) {
    const text::Catalog& tr = options_.catalog;
    t.header = tr.tr_n("Message {2} ({3}) from <{4}> to {1} recipient", "Message {2} ({3}) from <{4}> to {1} recipients",
                       m.recipients.size(), {std::to_string(m.id), class_words(m.message_class, tr), m.sender}) +
               "\n" +
               tr.tr("(each line is stamped with its sender's clock: C: when the client sent it, S: when the server "
                     "sent it; the network's delay lies between)") +
               "\n";
  }
  t.last_session = s.session_id;
  auto [it, first] = t.sessions.try_emplace(s.session_id);
  if (first) {
    it->second = "\n=== " +
                 options_.catalog.tr("session {1}: {2} [{3}] -> {4} [{5}] port {6}",
                                     {std::to_string(s.session_id), name(s.client_node), mta::format_ipv4(s.client_ip),
                                      name(s.server_mta), ip_text(s.server_mta), s.submission_port ? "587" : "25"}) +
                 "\n";
  }
  return it->second;
}

std::map<std::uint64_t, std::string> Recorder::transcripts() const {
  std::map<std::uint64_t, std::string> texts;
  for (const auto& [id, t] : transcripts_) {
    // A live client's commands may hold any bytes: the transcript is UTF-8 text all the same.
    std::string& text = texts[id];
    smtp::append_valid_utf8(text, t.header);
    for (const auto& [session, dialogue] : t.sessions) smtp::append_valid_utf8(text, dialogue);
  }
  return texts;
}

// Why the client sent several commands without waiting: a transaction's envelope, or QUIT
// behind the end of data.
std::string Recorder::group_reason(std::span<const smtp::Command> commands) const {
  if (commands.front().verb == smtp::Verb::EndOfData && commands.back().verb == smtp::Verb::Quit) {
    return options_.catalog.tr("the client will not reuse this connection for another message, so it sends QUIT "
                               "right behind the end of data without waiting for its reply, as Postfix's client does (RFC 2920 "
                               "lets message content start a group and QUIT end it)");
  }
  return options_.catalog.tr("the server offered PIPELINING, so the client sent these together and reads "
                             "the replies in order, RFC 2920");
}

void Recorder::smtp_exchange(sim::SimTime sent, sim::SimTime answered, const world::SessionInfo& s,
                             const world::Message& m, std::span<const smtp::Command> commands,
                             std::span<const smtp::Reply> replies, std::span<const world::ReplyReason> reasons) {
  std::string& out = session_transcript(s, m);
  std::string wire;
  const std::string client_prefix = "[" + sim::clock_time(sent) + "] C: ";
  for (const smtp::Command& command : commands) {
    wire.clear();
    smtp::format_command(command, wire, /*redact_auth=*/true);
    append_lines(out, wire, client_prefix);
  }
  if (options_.explain && commands.size() > 1) out += why_prefix(options_.catalog) + group_reason(commands) + ")\n";
  const std::string server_prefix = "[" + sim::clock_time(answered) + "] S: ";
  std::string previous;  // the same reason for several recipients in a row is said once
  for (std::size_t i = 0; i < replies.size(); ++i) {
    wire.clear();
    smtp::format_reply(replies[i], smtp::ServerIdentity{name(s.server_mta)}, wire);
    append_lines(out, wire, server_prefix);
    if (!options_.explain) continue;
    const std::string explanation =
        reason_text(replies[i], i < reasons.size() ? reasons[i] : world::ReplyReason{}, options_.catalog);
    if (!explanation.empty()) {
      out += why_prefix(options_.catalog) + (explanation == previous ? options_.catalog.tr("as above") : explanation) + ")\n";
    }
    previous = explanation;
  }
}

void Recorder::session_refused(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                               const smtp::Reply& reason) {
  if (m.transcribed) session_transcript(s, m);  // the 421 greeting is its dialogue
  if (!trace_) return;
  trace_begin(t, m, "session_refused");
  line_ += ", \"from\": ";
  append_json_string(line_, name(s.client_node));
  line_ += ", \"to\": ";
  append_json_string(line_, name(s.server_mta));
  trace_reply(reason);
  trace_end();
}

// Postfix's words for it: "connect to mx.backup.example[198.51.100.20]:25: Connection timed out".
void Recorder::connect_timed_out(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                                 std::optional<std::uint32_t> next_mx) {
  if (!m.transcribed && !trace_) return;
  const std::string what = "connect to " + name(s.server_mta) + "[" + ip_text(s.server_mta) + "]:25: Connection timed out";
  if (m.transcribed) {
    std::string& out = session_transcript(s, m);
    out += "[" + sim::clock_time(t) + "] -- " + options_.catalog.tr("no answer: {1} (the server is down)", {what}) +
           "\n";
    if (options_.explain) out += why_prefix(options_.catalog) + timeout_explanation(s, next_mx) + ")\n";
  }
  if (!trace_) return;
  trace_begin(t, m, "connect_timeout");
  line_ += ", \"from\": ";
  append_json_string(line_, name(s.client_node));
  line_ += ", \"to\": ";
  append_json_string(line_, name(s.server_mta));
  line_ += ", \"status\": \"4.4.1\", \"reason\": ";
  append_json_string(line_, what);
  trace_end();
}

// What the client does after a connect timed out: the next MX host, the queue, or (a user's
// mail program, which has no queue here) giving up.
std::string Recorder::timeout_explanation(const world::SessionInfo& s, std::optional<std::uint32_t> next_mx) const {
  const text::Catalog& tr = options_.catalog;
  const std::string why = tr.tr("nothing answered within the connect timeout (30 s, Postfix's smtp_connect_timeout), "
                                "so no SMTP reply exists; ");
  if (next_mx) {
    return why + tr.tr("the client tries the next MX host by preference, {1} (RFC 5321 section 5.1)", {name(*next_mx)});
  }
  if (s.client_node < mtas_.size()) {
    return why + tr.tr("no other MX host is left to try, so the copy stays in this server's queue and is tried again "
                       "later");
  }
  return why + tr.tr("the sending program gives up (relaysim's users and spammers keep no queue)");
}

}  // namespace relaysim::report

// agents: the users, spammers and bots that submit mail, and what they send to whom.
#include <algorithm>

#include "scenario/loader_context.h"
#include "scenario/scenario_keys.h"
#include "scenario/scenario_text.h"
#include "scenario/spec_names.h"

namespace relaysim::scenario::detail {
namespace {

// More recipients than Postfix takes in one message would also make picking them costly.
constexpr std::uint32_t kMaxRecipientsPerMessage = 1000;
// Each bot keeps its own address and lifetime: a typo of a few zeros would fill memory.
constexpr std::uint32_t kMaxBots = 1000000;

// What is known of one agent while it is read: its mapping, its label for messages and its kind.
struct AgentInput {
  const YAML::Node& node;
  std::string where;  // "agent 'alice'"
  Fields f;
  std::optional<AgentKind> kind;
};

std::uint8_t kind_bit(AgentKind kind) {
  switch (kind) {
    case AgentKind::User: return keys::kUser;
    case AgentKind::Spammer: return keys::kSpammer;
    case AgentKind::Bot: return keys::kBot;
  }
  return 0;
}

// Keys that only some kinds may use: via for a bot, network for a user...
void check_kind_keys(LoadContext& c, const AgentInput& in) {
  if (!in.kind) return;
  for (const keys::KindRule& rule : keys::kAgentKinds) {
    const Entry* e = in.f.find(rule.key);
    if (e != nullptr && (rule.kinds & kind_bit(*in.kind)) == 0) {
      c.in.error(position(e->key), text::N_("'{1}' is not allowed for a {2}: {3}"),
                 {rule.key, to_string(*in.kind), c.tr(rule.why.data())});
    }
  }
}

void read_identity(LoadContext& c, const AgentInput& in, AgentSpec& a) {
  if (const Entry* e = in.f.find("class")) {
    auto name = c.in.choice(e->value, e->where(), "class", text::N_("message class"), message_class_names());
    if (name) a.message_class = *message_class_from_string(*name);
  }
  if (auto address = c.in.text(in.f, "address")) {
    a.address = *address;
    auto at = address->rfind('@');
    if (in.kind == AgentKind::User && (at == std::string::npos || at == 0 || at + 1 == address->size())) {
      c.in.error(in.f.find("address")->where(), text::N_("address: expected a mail address like alice@example.org, got '{1}'"),
                 {*address});
    }
  } else if (in.kind == AgentKind::User && !in.f.has("address")) {
    c.in.error(position(in.node), text::N_("missing required key 'address' in {1} (a user's sender address)"), {in.where});
  }
  if (auto ip = c.in.field(in.f, "ip", kIpv4Expected, parse_ipv4)) {
    a.ip = *ip;
    c.claim_ip(*ip, in.f.find("ip")->where(), in.where);
  }
}

void read_submission(LoadContext& c, const AgentInput& in, AgentSpec& a) {
  auto via = c.in.list(in.f, "via", text::N_("an MTA or a list of MTAs like [mx.example.org]"), true);
  for (const YAML::Node& item : via.value_or(std::vector<YAML::Node>{})) {
    if (auto mta = c.mta_ref(item, position(item), "via")) a.via.push_back(*mta);
  }
  if (in.kind == AgentKind::User && !in.f.has("via")) {
    c.in.error(position(in.node), text::N_("missing required key 'via' in {1} (the server a user submits mail through)"),
               {in.where});
  } else if (in.kind == AgentKind::User && via && via->size() != 1) {
    c.in.error(in.f.find("via")->where(), text::N_("via: a user submits through exactly one server, got {1}"),
               {std::to_string(via->size())});
  }
  a.login = c.in.text(in.f, "login");
  a.password = c.in.text(in.f, "password");
  if (in.f.has("login") != in.f.has("password")) {
    const char* missing = in.f.has("login") ? "password" : "login";
    c.in.error(position(in.node), text::N_("missing key '{1}' in {2}: login and password go together"), {missing, in.where});
  }
}

void read_timing(LoadContext& c, const AgentInput& in, AgentSpec& a) {
  auto rate = c.in.field(in.f, "rate", kRateExpected, parse_rate);
  a.rate_per_hour = rate.value_or(0);
  a.messages = c.in.field(in.f, "messages", kCountExpected, parse_count);
  if (a.messages == 0u) c.in.error(in.f.find("messages")->where(), text::N_("{1}: must be at least 1"), {"messages"});
  if (rate && *rate <= 0 && !in.f.has("messages")) {
    c.in.error(in.f.find("rate")->where(), text::N_("rate: must be more than 0 (or give messages: to send a fixed number at start)"));
  } else if (!in.f.has("rate") && !in.f.has("messages")) {
    c.in.error(position(in.node), text::N_("{1} needs rate: (like 20/h) or messages: (how many to send)"), {in.where});
  }
  a.start = c.in.field(in.f, "start", kDurationExpected, parse_duration).value_or(0);
  a.stop = c.in.field(in.f, "stop", kDurationExpected, parse_duration);
  if (a.stop && *a.stop <= a.start) {
    c.in.error(in.f.find("stop")->where(), text::N_("stop ({1}) must be after start ({2})"),
               {format_duration(*a.stop), format_duration(a.start)});
  }
  if (c.duration && a.start >= *c.duration) {
    c.in.error(in.f.find("start")->where(), text::N_("start ({1}) is after the scenario ends (duration {2})"),
               {format_duration(a.start), format_duration(*c.duration)});
  }
}

void read_random_recipients(LoadContext& c, const Entry& e, AgentSpec& a) {
  Fields f = c.in.fields(e.value, e.where(), keys::kRandomRecipients, "random_recipients");
  auto domains = c.in.list(f, "domains", text::N_("a list of domains like [example.org]"));
  for (const YAML::Node& item : domains.value_or(std::vector<YAML::Node>{})) {
    if (auto domain = c.domain_ref(item, position(item), c.tr(text::N_("random_recipients domain")))) a.random_to.domains.push_back(*domain);
  }
  if (domains && domains->empty()) c.in.error(f.find("domains")->where(), text::N_("domains: needs at least one domain"));
  a.random_to.count = positive_count(c, f, "count").value_or(0);
}

// Recipients: raw forward paths (judged later by the SMTP layer: that is the lesson) and
// generated ones; together there must be enough for one message.
void read_recipients(LoadContext& c, const AgentInput& in, AgentSpec& a) {
  a.to = c.in.scalars(in.f, "to", text::N_("a list of recipients like [bob@example.org]"), text::N_("a recipient"), parse_text)
             .value_or(std::vector<std::string>{});
  if (const Entry* e = in.f.find("random_recipients")) read_random_recipients(c, *e, a);
  auto per_message = positive_count(c, in.f, "recipients_per_message");
  a.recipients_per_message = per_message.value_or(1);
  const Entry* to = in.f.find("to");
  bool has_to = to != nullptr && !(to->value.IsSequence() && to->value.size() == 0);
  std::uint64_t pool = a.to.size() + std::uint64_t{a.random_to.count} * a.random_to.domains.size();
  if (per_message && *per_message > kMaxRecipientsPerMessage) {
    c.in.error(in.f.find("recipients_per_message")->where(),
               text::N_("recipients_per_message: {1} is more than 1000, the most recipients Postfix takes in one message "
                        "(smtpd_recipient_limit)"),
               {std::to_string(*per_message)});
  } else if (!has_to && !in.f.has("random_recipients")) {
    c.in.error(position(in.node), text::N_("{1} has no recipients: give to: or random_recipients:"), {in.where});
  } else if (per_message && pool > 0 && *per_message > pool) {
    c.in.error(in.f.find("recipients_per_message")->where(),
               text::N_("recipients_per_message: {1} is more than the {2} recipients this agent has"),
               {std::to_string(*per_message), std::to_string(pool)});
  }
}

void read_size(LoadContext& c, const AgentInput& in, AgentSpec& a) {
  if (auto size = c.in.field(in.f, "size", kSizeExpected, parse_size)) {
    if (*size == 0) c.in.error(in.f.find("size")->where(), text::N_("{1}: must be more than 0"), {"size"});
    a.message_size = *size;
  }
}

// A bot network must hold every bot and no MTA (the world draws bot addresses from it).
void read_botnet(LoadContext& c, const AgentInput& in, AgentSpec& a) {
  a.bots = positive_count(c, in.f, "bots").value_or(1);
  if (a.bots > kMaxBots) {
    c.in.error(in.f.find("bots")->where(),
               text::N_("bots: {1} is more than 1000000, the most one botnet agent may have (each bot is simulated; use "
                        "several agents for more)"),
               {std::to_string(a.bots)});
  }
  auto network = c.in.field(in.f, "network", kCidrExpected, parse_cidr);
  if (!network) return;
  a.bot_network = *network;
  Pos pos = in.f.find("network")->where();
  if (network->size() < a.bots) {
    c.in.error(pos, text::N_("network: {1} holds {2} addresses, fewer than bots: {3}"),
               {mta::format_cidr(*network), std::to_string(network->size()), std::to_string(a.bots)});
  }
  for (const MtaSpec& mta : c.spec.mtas) {
    if (mta.ip != 0 && network->contains(mta.ip)) {
      c.in.error(pos, text::N_("network: {1} holds the address of MTA '{2}' ({3})"),
                 {mta::format_cidr(*network), mta.name, mta::format_ipv4(mta.ip)});
    }
  }
}

// A body longer than any lesson needs would be copied into every mailbox it reaches.
constexpr std::size_t kMaxBody = 65536;

bool holds_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

// A Subject: one line of text.
Parsed<std::string> parse_header_line(std::string_view text) {
  if (holds_line_break(text)) {
    return Parsed<std::string>::fail(text::N_("expected one line, got {1}, which holds a line break"),
                                     {quoted_for_message(text)});
  }
  return parse_text(text);
}

// A header From: "Name <local@domain>" or "local@domain", on one line. It need not be the
// envelope sender: that difference is what spoofing is.
Parsed<std::string> parse_header_from(std::string_view text) {
  const std::size_t open = text.rfind('<');
  const std::string_view address =
      open == std::string_view::npos ? text : text.substr(open + 1, text.size() - open - (text.ends_with('>') ? 2 : 1));
  const std::size_t at = address.rfind('@');
  const bool valid = !holds_line_break(text) && (open == std::string_view::npos || text.ends_with('>')) &&
                     at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
                     address.find_first_of(" \t<>\"") == std::string_view::npos;
  if (!valid) {
    return Parsed<std::string>::fail(
        text::N_("expected a header From like 'Banco Ejemplo <avisos@banco.example>' or an address, got {1}"),
        {quoted_for_message(text)});
  }
  return parse_text(text);
}

// message: {from, subject, body}: what the agent's messages say, for the mailbox files.
void read_message(LoadContext& c, const AgentInput& in, AgentSpec& a) {
  const Entry* e = in.f.find("message");
  if (e == nullptr) return;
  Fields f = c.in.fields(e->value, e->where(), keys::kMessage, "message");
  a.message.from = c.in.field(f, "from", text::N_("a header From like 'Name <local@domain>'"), parse_header_from)
                       .value_or("");
  a.message.subject = c.in.field(f, "subject", text::N_("one line of text"), parse_header_line).value_or("");
  a.message.body = c.in.text(f, "body").value_or("");
  if (const Entry* d = f.find("dkim")) {
    Fields sig = c.in.fields(d->value, d->where(), keys::kDkimSignature, "dkim");
    DkimSignature signature;
    signature.domain = c.in.field(sig, "domain", kHostnameExpected, parse_hostname).value_or("");
    signature.selector = c.in.text(sig, "selector").value_or("");
    a.message.dkim = signature;
  }
  if (a.message.body.size() > kMaxBody) {
    c.in.error(f.find("body")->where(), text::N_("body: {1} bytes, more than the 65536 a message body may have here"),
               {std::to_string(a.message.body.size())});
  }
}

std::string agent_label(const LoadContext& c, const YAML::Node& node) {
  auto name = agent_name_node(node);
  return name ? c.tr(text::N_("agent '{1}'"), {name->Scalar()}) : c.tr(text::N_("agent"));
}

AgentSpec read_agent(LoadContext& c, const YAML::Node& node) {
  AgentSpec a;
  std::string label = agent_label(c, node);
  AgentInput in{node, label, c.in.fields(node, position(node), keys::kAgent, label), {}};
  if (!node.IsMap()) return a;  // reported by fields(); nothing else to say about it
  if (const Entry* e = in.f.find("kind")) {
    auto kind = c.in.choice(e->value, e->where(), "kind", text::N_("agent kind"), agent_kind_names());
    if (kind) in.kind = a.kind = *agent_kind_from_string(*kind);
  }
  a.name = c.in.text(in.f, "name").value_or("");
  a.message_class = a.kind == AgentKind::User ? MessageClass::Ham : MessageClass::Spam;
  check_kind_keys(c, in);
  read_identity(c, in, a);
  read_submission(c, in, a);
  read_timing(c, in, a);
  read_recipients(c, in, a);
  read_size(c, in, a);
  if (in.kind == AgentKind::Bot) read_botnet(c, in, a);
  read_agent_dynamics(c, in.f, a);
  read_message(c, in, a);
  return a;
}

}  // namespace

void read_agents(LoadContext& c) {
  for (const YAML::Node& node : c.names.agents) c.spec.agents.push_back(read_agent(c, node));
}

}  // namespace relaysim::scenario::detail

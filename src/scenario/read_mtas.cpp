// mtas: one mail server per key, with Postfix's parameter names and defaults, or its policy
// read from a real server's postconf -n (postfix: FILE).
#include <algorithm>
#include <filesystem>

#include "scenario/loader_context.h"
#include "scenario/postfix_config.h"
#include "scenario/scenario_keys.h"
#include "scenario/scenario_text.h"
#include "scenario/spec_names.h"
#include "smtp/ascii_case.h"

namespace relaysim::scenario::detail {
namespace {

constexpr const char* kRestrictionsRefused =
    text::N_("relay_restrictions: Postfix would refuse to start: the list needs reject_unauth_destination, "
             "defer_unauth_destination or reject, or anyone could relay through this server "
             "(to model an open relay, write policy: open)");

void read_policy(LoadContext& c, const Fields& f, MtaSpec& mta) {
  const Entry* e = f.find("policy");
  if (e == nullptr) return;
  if (auto name = c.in.choice(e->value, e->where(), "policy", text::N_("policy"), policy_names())) {
    mta.policy = *policy_from_string(*name);
  }
}

// An explicit list replaces the preset's, and must pass the check Postfix makes at start-up.
void read_restrictions(LoadContext& c, const Fields& f, MtaSpec& mta) {
  auto items = c.in.list(f, "relay_restrictions",
                         text::N_("a list of restrictions like [permit_mynetworks, reject_unauth_destination]"));
  if (!items) return;
  bool all_known = true;
  for (const YAML::Node& item : *items) {
    auto name = c.in.choice(item, position(item), "relay_restrictions", text::N_("restriction"), restriction_names());
    if (name) mta.relay_restrictions.push_back(*restriction_from_string(*name));
    all_known = all_known && name.has_value();
  }
  if (all_known && std::none_of(mta.relay_restrictions.begin(), mta.relay_restrictions.end(), is_relay_safeguard)) {
    c.in.error(f.find("relay_restrictions")->where(), kRestrictionsRefused);
  }
}

// mydestination / relay_domains: names of domains of this scenario. A domain in `exclude`
// (mydestination, when reading relay_domains) is reported: it cannot be both.
std::optional<std::vector<std::string>> read_domain_list(LoadContext& c, const Fields& f, std::string_view key,
                                                         const std::vector<std::string>& exclude) {
  auto items = c.in.list(f, key, text::N_("a list of domains like [example.org]"));
  if (!items) return std::nullopt;
  std::vector<std::string> domains;
  for (const YAML::Node& item : *items) {
    auto name = c.domain_ref(item, position(item), key);
    if (!name) continue;
    if (std::find(exclude.begin(), exclude.end(), *name) != exclude.end()) {
      c.in.error(position(item), text::N_("{1}: '{2}' is also in mydestination"), {key, *name});
    } else if (std::find(domains.begin(), domains.end(), *name) == domains.end()) {
      domains.push_back(*name);
    }
  }
  return domains;
}

mta::SaslUsers read_sasl_users(LoadContext& c, const Fields& f) {
  mta::SaslUsers users;
  const Entry* e = f.find("sasl_users");
  if (e == nullptr) return users;
  for (const Entry& user : c.in.named_entries(e->value, "sasl_users", text::N_("SASL user"), false)) {
    if (auto password = c.in.scalar(user.value, user.where(), "password", text::N_("a string"), parse_text)) {
      users.emplace(user.name, *password);
    }
  }
  return users;
}

// A duration field, stored into `out` when given and valid; 0 only where Postfix gives it a meaning.
void read_duration(LoadContext& c, const Fields& f, std::string_view key, SimTime& out, bool zero_ok) {
  auto d = c.in.field(f, key, kDurationExpected, parse_duration);
  if (!d) return;
  if (*d == 0 && !zero_ok) {
    c.in.error(f.find(key)->where(), text::N_("{1}: must be longer than 0"), {key});
  } else {
    out = *d;
  }
}

QueueSpec read_queue(LoadContext& c, const Entry& entry, const std::string& mta) {
  QueueSpec q;
  Fields f = c.in.fields(entry.value, entry.where(), keys::kQueue, c.tr(text::N_("queue of MTA '{1}'"), {mta}));
  read_duration(c, f, "queue_run_delay", q.queue_run_delay, false);
  read_duration(c, f, "minimal_backoff", q.minimal_backoff, false);
  read_duration(c, f, "maximal_backoff", q.maximal_backoff, false);
  read_duration(c, f, "maximal_lifetime", q.maximal_lifetime, true);  // Postfix: 0 = try once
  if (q.maximal_backoff < q.minimal_backoff) {
    const Entry* e = f.has("maximal_backoff") ? f.find("maximal_backoff") : f.find("minimal_backoff");
    c.in.error(e->where(), text::N_("maximal_backoff ({1}) is shorter than minimal_backoff ({2})"),
               {format_duration(q.maximal_backoff), format_duration(q.minimal_backoff)});
  }
  return q;
}

std::string interval_text(const Interval& i) { return "[" + format_duration(i.from) + ", " + format_duration(i.to) + "]"; }

// One outage [from, to]: it must end after it starts, and start before the scenario ends.
std::optional<Interval> read_outage(LoadContext& c, const YAML::Node& node) {
  constexpr const char* kOutage = text::N_("an outage like [1h, 2h]");
  if (!node.IsSequence() || node.size() != 2) {
    c.in.type_error(node, position(node), "down", kOutage);
    return std::nullopt;
  }
  auto from = c.in.scalar(node[0], position(node[0]), "down", kDurationExpected, parse_duration);
  auto to = c.in.scalar(node[1], position(node[1]), "down", kDurationExpected, parse_duration);
  if (!from || !to) return std::nullopt;
  Interval outage{*from, *to};
  if (outage.to <= outage.from) {
    c.in.error(position(node), text::N_("down: outage {1} must end after it starts"), {interval_text(outage)});
    return std::nullopt;
  }
  if (c.duration && outage.from >= *c.duration) {
    c.in.error(position(node), text::N_("down: outage {1} starts after the scenario ends (duration {2})"),
               {interval_text(outage), format_duration(*c.duration)});
    return std::nullopt;
  }
  return outage;
}

std::vector<Interval> read_down(LoadContext& c, const Fields& f) {
  auto items = c.in.list(f, "down", text::N_("a list of outages like [[1h, 2h], [5h, 6h]]"));
  if (!items) return {};
  std::vector<std::pair<Interval, Pos>> outages;
  for (const YAML::Node& item : *items) {
    if (auto outage = read_outage(c, item)) outages.emplace_back(*outage, position(item));
  }
  std::stable_sort(outages.begin(), outages.end(), [](const auto& a, const auto& b) { return a.first.from < b.first.from; });
  std::vector<Interval> down;
  for (const auto& [outage, pos] : outages) {
    if (!down.empty() && outage.from < down.back().to) {
      c.in.error(pos, text::N_("down: outage {1} overlaps outage {2}"), {interval_text(outage), interval_text(down.back())});
      continue;
    }
    down.push_back(outage);
  }
  return down;
}

void read_routing(LoadContext& c, const Fields& f, MtaSpec& mta, MtaGiven& given) {
  auto mydestination = read_domain_list(c, f, "mydestination", {});
  auto relay_domains = read_domain_list(c, f, "relay_domains", mydestination.value_or(std::vector<std::string>{}));
  given.mydestination = mydestination.has_value();
  given.relay_domains = relay_domains.has_value();
  mta.mydestination = mydestination.value_or(std::vector<std::string>{});
  mta.relay_domains = relay_domains.value_or(std::vector<std::string>{});
  if (const Entry* e = f.find("relayhost")) {
    mta.relayhost = c.mta_ref(e->value, e->where(), "relayhost");
    if (mta.relayhost == mta.name) {
      c.in.error(e->where(), text::N_("relayhost: MTA '{1}' cannot be its own relayhost"), {mta.name});
      mta.relayhost.reset();
    }
  }
}

void read_limits(LoadContext& c, const Fields& f, MtaSpec& mta) {
  mta.recipient_limit = positive_count(c, f, "recipient_limit").value_or(mta.recipient_limit);
  mta.max_sessions = positive_count(c, f, "max_sessions").value_or(mta.max_sessions);
  mta.message_size_limit = c.in.field(f, "message_size_limit", kSizeExpected, parse_size).value_or(mta.message_size_limit);
}

// An entry of relay_recipient_maps: user@domain, or @domain for any user. Case folded, as
// Postfix folds its lookup keys.
Parsed<std::string> parse_relay_recipient(std::string_view text) {
  const std::size_t at = text.rfind('@');
  const bool shaped = at != std::string_view::npos && at + 1 < text.size() &&
                      text.find_first_of(" \t,{}=<>") == std::string_view::npos;
  if (!shaped) {
    return Parsed<std::string>::fail(text::N_("expected an address user@domain or @domain, got '{1}'"), {text});
  }
  return Parsed<std::string>::ok(smtp::lowercase(text));
}

// A forward's target: one address local@domain, as it will go into RCPT TO.
Parsed<std::string> parse_forward_target(std::string_view text) {
  const std::size_t at = text.rfind('@');
  const bool shaped = at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
                      text.find_first_of(" \t,<>\"") == std::string_view::npos;
  if (!shaped) return Parsed<std::string>::fail(text::N_("expected an address local@domain, got '{1}'"), {text});
  return Parsed<std::string>::ok(std::string(text));
}

// forwards: { luis: luis@elsewhere.example }: local part -> the address its mail is sent on to.
std::map<std::string, std::string, std::less<>> read_forwards(LoadContext& c, const Fields& f) {
  std::map<std::string, std::string, std::less<>> forwards;
  const Entry* e = f.find("forwards");
  if (e == nullptr) return forwards;
  for (const Entry& user : c.in.named_entries(e->value, "forwards", text::N_("local part"), false)) {
    if (auto target = c.in.scalar(user.value, user.where(), "forwards", text::N_("an address local@domain"),
                                  parse_forward_target)) {
      forwards.emplace(smtp::lowercase(user.name), *target);
    }
  }
  return forwards;
}

void read_access(LoadContext& c, const Fields& f, MtaSpec& mta, MtaGiven& given) {
  read_policy(c, f, mta);
  read_restrictions(c, f, mta);
  auto networks = c.in.scalars(f, "mynetworks", text::N_("a list of networks like [192.0.2.0/24]"), kCidrExpected, parse_cidr);
  given.mynetworks = networks.has_value();
  mta.mynetworks = networks.value_or(std::vector<Cidr>{});
  mta.local_recipients = c.in.scalars(f, "local_recipients", text::N_("a list of local parts like [alice, bob]"),
                                      text::N_("a local part"), parse_text).value_or(std::vector<std::string>{});
  mta.relay_recipients = c.in.scalars(f, "relay_recipients",
                                      text::N_("a list of addresses like [sales@example.org, @example.net]"),
                                      text::N_("an address user@domain, or @domain for every user there"),
                                      parse_relay_recipient).value_or(std::vector<std::string>{});
  mta.forwards = read_forwards(c, f);
  mta.sasl_users = read_sasl_users(c, f);
  mta.submission = c.in.field(f, "submission", text::N_("true or false"), parse_bool).value_or(false);
  mta.allow_untrusted_routing = c.in.field(f, "allow_untrusted_routing", text::N_("true or false"), parse_bool).value_or(false);
}

// postconf -n prints a few kilobytes; a larger file is not what was meant.
constexpr std::size_t kMaxPostfixBytes = std::size_t{1} << 20;

// A postfix: path is relative to the scenario file's folder, as an author writes it beside it.
std::string postfix_path(const std::string& scenario_file, const std::string& value) {
  if (std::filesystem::path(value).is_absolute()) return value;
  return (std::filesystem::path(scenario_file).parent_path() / value).string();
}

// The file sets the MTA's policy; a scenario key for the same fields would leave two answers to
// one question, so it is an error that names both.
void refuse_doubled_keys(LoadContext& c, const Fields& f, const std::string& mta, const std::string& value) {
  for (const PostfixKey& k : postfix_scenario_keys()) {
    const Entry* e = f.find(k.key);
    if (e == nullptr) continue;
    std::string parameters;
    for (std::string_view p : k.parameters) parameters += (parameters.empty() ? "" : ", ") + std::string(p);
    c.in.error(e->where(), text::N_("{1}: MTA '{2}' takes it from postfix: {3} ({4}); give it in one place"),
               {k.key, mta, value, parameters});
  }
}

void add_issues(std::vector<Diagnostic>& to, const std::string& path, const std::vector<PostfixIssue>& issues) {
  for (const PostfixIssue& i : issues) to.push_back({path, i.line, i.column, i.message});
}

PostfixNames postfix_names(const LoadContext& c) {
  PostfixNames names;
  for (std::string_view d : c.names.domain_names()) names.domains.emplace_back(d);
  for (std::string_view m : c.names.mta_names()) names.mtas.emplace_back(m);
  for (const auto& b : c.spec.blocklists) names.blocklists.push_back(b.zone);
  return names;
}

// postfix: FILE, after every other key of the MTA (the file is checked against its ip and sasl_users).
void read_postfix(LoadContext& c, const Fields& f, MtaSpec& mta, MtaGiven& given) {
  const Entry* e = f.find("postfix");
  if (e == nullptr) return;
  const auto value = c.in.scalar(e->value, e->where(), "postfix", text::N_("the path of a file of postconf -n output"), parse_text);
  if (!value) return;
  refuse_doubled_keys(c, f, mta.name, *value);
  const std::string path = postfix_path(c.spec.file, *value);
  std::string text;
  try {
    text = read_bounded_file(path, kMaxPostfixBytes, text::N_("larger than 1 MiB: postconf -n prints a few kilobytes"), true,
                             c.in.catalog());
  } catch (const ScenarioError& error) {
    c.in.error(e->where(), "postfix: " + quoted_for_message(path) + ": " + error.diagnostics().front().message);
    return;
  }
  if (const auto problem = find_text_problem(text, c.in.catalog())) {
    c.file_errors.push_back({path, problem->line, problem->column, problem->message});
    return;
  }
  const PostfixImport result = import_postfix(text, postfix_names(c), mta, c.in.catalog());
  add_issues(c.file_errors, path, result.errors);
  add_issues(c.spec.warnings, path, result.warnings);
  given.mydestination = given.relay_domains = given.mynetworks = true;
}

void read_mta(LoadContext& c, const Entry& entry) {
  MtaSpec mta;
  MtaGiven given;
  mta.name = entry.name;
  c.in.scalar(entry.key, position(entry.key), c.tr(text::N_("MTA name")), kHostnameExpected, parse_hostname);
  const std::string label = c.tr(text::N_("MTA '{1}'"), {mta.name});
  Fields f = c.in.fields(entry.value, entry.where(), keys::kMta, label);
  if (auto ip = c.in.field(f, "ip", kIpv4Expected, parse_ipv4)) {
    mta.ip = *ip;
    c.claim_ip(*ip, f.find("ip")->where(), label);
  }
  read_access(c, f, mta, given);
  read_routing(c, f, mta, given);
  read_limits(c, f, mta);
  if (const Entry* queue = f.find("queue")) mta.queue = read_queue(c, *queue, mta.name);
  mta.down = read_down(c, f);
  read_mta_defences(c, f, mta);
  read_postfix(c, f, mta, given);
  c.spec.mtas.push_back(std::move(mta));
  c.given.push_back(given);
}

}  // namespace

void read_mtas(LoadContext& c) {
  for (const Entry& entry : c.names.mtas) read_mta(c, entry);
}

}  // namespace relaysim::scenario::detail

#include "scenario/postfix_config.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <stdexcept>
#include <tuple>

#include "mta/relay_policy.h"
#include "scenario/spec_names.h"
#include "scenario/units.h"
#include "scenario/yaml_input.h"
#include "smtp/ascii_case.h"
#include "text/catalog.h"

namespace relaysim::scenario {
namespace {

using world::RecipientCheck;
using world::RecipientRestriction;

// The policy services the export writes, at postgrey's and policyd-spf's Debian defaults; read
// back, any service that names them (or postgrey's port) is taken for them.
constexpr std::string_view kPostgreyService = "inet:127.0.0.1:10023";
constexpr std::string_view kSpfService = "unix:private/policyd-spf";
// The compatibility level the export writes (Debian 12's main.cf): its defaults are the table's.
constexpr std::string_view kExportLevel = "3.6";

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += separator;
    text += item;
  }
  return text;
}

// A value in a message, in quotes and cut short: a file that is not postconf output may have lines
// of any length.
std::string in_quotes(std::string_view text) {
  constexpr std::size_t kShown = 80;
  return "'" + std::string(text.substr(0, kShown)) + (text.size() > kShown ? "...'" : "'");
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// A Postfix list: elements separated by commas or white space, where {...} keeps one element
// whole (inline:{ a=x, b=x }).
std::vector<std::string> split_list(std::string_view text, bool split_on_space = true) {
  std::vector<std::string> items;
  std::string current;
  int depth = 0;
  for (char ch : text) {
    const bool separator = ch == ',' || (split_on_space && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'));
    if (depth == 0 && separator) {
      if (!trimmed(current).empty()) items.push_back(trimmed(current));
      current.clear();
      continue;
    }
    if (ch == '{') ++depth;
    if (ch == '}' && depth > 0) --depth;
    current += ch;
  }
  if (!trimmed(current).empty()) items.push_back(trimmed(current));
  return items;
}

// ---- Postfix's time values ----

constexpr std::array<std::pair<char, SimTime>, 5> kTimeUnits{{
    {'s', sim::kSecond}, {'m', sim::kMinute}, {'h', sim::kHour}, {'d', sim::kDay}, {'w', 7 * sim::kDay},
}};

// Postfix's time values: a whole number with one unit letter, or without one in the
// parameter's default unit ("300" is 300 s for queue_run_delay, 5 days for maximal_queue_lifetime).
std::optional<SimTime> parse_postfix_time(std::string_view text, char default_unit) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 12 || text.size() > digits + 1) return std::nullopt;
  const char unit = text.size() > digits ? text[digits] : default_unit;
  const auto u = std::find_if(kTimeUnits.begin(), kTimeUnits.end(), [unit](const auto& p) { return p.first == unit; });
  if (u == kTimeUnits.end()) return std::nullopt;
  const auto count = static_cast<SimTime>(std::stoll(std::string(text.substr(0, digits))));
  if (count > kMaxDuration / u->second) return std::nullopt;
  return count * u->second;
}

// Whole days as "Nd", other whole seconds as "Ns": the spelling of Postfix's own defaults.
std::optional<std::string> format_postfix_time(SimTime t) {
  if (t % sim::kSecond != 0) return std::nullopt;
  if (t != 0 && t % sim::kDay == 0) return std::to_string(t / sim::kDay) + "d";
  return std::to_string(t / sim::kSecond) + "s";
}

std::string yes_no(bool value) { return value ? "yes" : "no"; }

// ---- restriction lists ----

// The restrictions whose next element is their argument (a table, a zone, a service).
bool takes_argument(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kWithArgument{
      "reject_rbl_client",    "reject_rhsbl_client",         "reject_rhsbl_sender",
      "reject_rhsbl_helo",    "reject_rhsbl_recipient",      "reject_rhsbl_reverse_client",
      "permit_dnswl_client",  "permit_rhswl_client",         "sleep"};
  return (name.starts_with("check_") && name != "check_relay_domains") ||
         std::find(kWithArgument.begin(), kWithArgument.end(), name) != kWithArgument.end();
}

// What Postfix's start-up check looks for in the relay or recipient restrictions (smtpd_check.c).
bool postfix_safeguard(std::string_view name) {
  return name == "reject_unauth_destination" || name == "defer_unauth_destination" || name == "reject" ||
         name == "defer" || name == "defer_if_permit" || name == "check_relay_domains";
}

std::optional<RecipientCheck> policy_service(std::string_view service) {
  const std::string s = smtp::lowercase(service);
  if (s.find("postgrey") != std::string::npos || s.ends_with(":10023")) return RecipientCheck::Postgrey;
  if (s.find("spf") != std::string::npos) return RecipientCheck::PolicydSpf;
  return std::nullopt;
}

std::string restriction_text(const RecipientRestriction& r, const std::vector<world::BlocklistConfig>& blocklists) {
  switch (r.check) {
    case RecipientCheck::PermitMynetworks: return "permit_mynetworks";
    case RecipientCheck::PermitSaslAuthenticated: return "permit_sasl_authenticated";
    case RecipientCheck::RejectRblClient: return "reject_rbl_client " + blocklists.at(r.blocklist).zone;
    case RecipientCheck::Postgrey: return "check_policy_service " + std::string(kPostgreyService);
    case RecipientCheck::PolicydSpf: return "check_policy_service " + std::string(kSpfService);
  }
  return {};
}

// A relay decision in the small: who the client is, and whether the recipient is an authorized
// destination. Enough to tell whether two ways of writing the restrictions decide alike.
enum class Outcome : std::uint8_t { Undecided, Permit, Reject, Defer, RejectExplicit };
struct Client {
  bool mynetworks, authenticated, authorized;
};

Outcome decide(const std::vector<Restriction>& list, const Client& c) {
  for (Restriction r : list) {
    switch (r) {
      case Restriction::PermitMynetworks:
        if (c.mynetworks) return Outcome::Permit;
        break;
      case Restriction::PermitSaslAuthenticated:
        if (c.authenticated) return Outcome::Permit;
        break;
      case Restriction::RejectUnauthDestination:
        if (!c.authorized) return Outcome::Reject;
        break;
      case Restriction::DeferUnauthDestination:
        if (!c.authorized) return Outcome::Defer;
        break;
      case Restriction::Permit: return Outcome::Permit;
      case Restriction::Reject: return Outcome::RejectExplicit;
    }
  }
  return Outcome::Undecided;
}

// Two lists one after the other, as Postfix runs smtpd_relay_restrictions and then the relay
// part of smtpd_recipient_restrictions: a refusal of the first is final; otherwise the second
// decides (Permit: the recipient checks after it are skipped).
Outcome in_sequence(const std::vector<Restriction>& first, const std::vector<Restriction>& second, const Client& c) {
  const Outcome o = decide(first, c);
  if (o != Outcome::Undecided && o != Outcome::Permit) return o;
  return decide(second, c);
}

bool decide_alike(const std::vector<Restriction>& r1, const std::vector<Restriction>& p1,
                  const std::vector<Restriction>& r2, const std::vector<Restriction>& p2) {
  for (int bits = 0; bits < 8; ++bits) {
    const Client c{(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
    if (in_sequence(r1, p1, c) != in_sequence(r2, p2, c)) return false;
  }
  return true;
}

// ---- the table ----

struct ExportInput {
  const MtaSpec& mta;
  const std::vector<world::BlocklistConfig>& blocklists;
};

// One parameter's value as the import uses it: the file's (expanded), or Postfix's default.
struct Value {
  std::string text;
  int line = 0;  // 0: Postfix's default
  int column = 0;
  std::string_view parameter;
  bool given() const { return line > 0; }
};

class Importer;

// One main.cf parameter: how it is written from an MTA, and read into one.
struct Row {
  std::string_view parameter;
  std::array<std::string_view, 2> keys;  // the scenario's MTA keys for the same fields
  std::string_view default_value;        // Postfix 3.7's, at compatibility_level 3.6
  std::string_view legacy_default;       // ... below compatibility level legacy_below
  int legacy_below = 0;
  bool always = false;  // written even when it is Postfix's default
  std::string (*to_postfix)(const ExportInput&) = nullptr;      // nullptr: never written
  void (*from_postfix)(Importer&, const Value&) = nullptr;     // nullptr: only read through $name
  std::string (*computed_default)(const Importer&) = nullptr;  // instead of default_value
};

// The state of one import: the file's parameters, the MTA being set, what is said about it.
class Importer {
 public:
  struct Given {
    std::string value;  // as written, $names unexpanded
    int line = 0;
    int column = 0;
  };

  Importer(std::map<std::string, Given> given, const PostfixNames& scenario_names, MtaSpec& target, PostfixImport& out,
           const text::Catalog& language)
      : names(scenario_names), mta(target), catalog(language), given_(std::move(given)), out_(out) {}

  const PostfixNames& names;
  MtaSpec& mta;
  const text::Catalog& catalog;  // the language of the errors and warnings
  bool trusts_everyone = false;  // mynetworks holds 0.0.0.0/0: policy open
  Value relay_value, recipient_value;

  // Reports go to the import's result, so that reading a value (const) may report a problem in it.
  // `msgid` is a text of the catalogue (marked N_), said with `args` in its {1}, {2}...
  void error(const Value& at, const char* msgid, std::initializer_list<std::string_view> args = {}) const {
    error(at, catalog.tr(msgid, args));
  }
  void warn(const Value& at, const char* msgid, std::initializer_list<std::string_view> args = {}) const {
    out_.warnings.push_back({at.line, at.column, defaulted(at, catalog.tr(msgid, args))});
  }
  // A message already in the catalogue's language.
  void error(const Value& at, std::string message) const {
    out_.errors.push_back({at.line, at.column, defaulted(at, std::move(message))});
  }

  int compatibility_major() const;
  // The value of `parameter` as Postfix uses it: the file's, else its default, $names expanded.
  Value value_of(const Row& row) const;
  std::string expanded(std::string_view parameter) const;
  // The parameters the file sets that no row reads, in file order.
  std::vector<std::string> not_modelled() const;

 private:
  // A message about a parameter the file does not set says so after the parameter's name (every
  // translation starts with the name too).
  std::string defaulted(const Value& at, std::string message) const {
    if (!at.given() && !at.parameter.empty() && message.starts_with(at.parameter)) {
      message.insert(at.parameter.size(), catalog.tr(text::N_(" (not set: Postfix's default)")));
    }
    return message;
  }
  std::string raw(std::string_view parameter) const;
  std::string expand(std::string_view text, const Value& at, int depth) const;
  std::size_t expand_one(std::string_view text, std::size_t dollar, const Value& at, int depth, std::string& out) const;

  std::map<std::string, Given> given_;
  PostfixImport& out_;
  // Characters and $names expanded for the current parameter: names that repeat each other
  // (a = $b$b, b = $c$c, ...) grow exponentially, and a 1 MiB file must not take a run hostage.
  mutable std::uint64_t expansion_work_ = 0;
};

// ---- rows: export ----

std::string export_level(const ExportInput&) { return std::string(kExportLevel); }
std::string export_hostname(const ExportInput& e) { return e.mta.name; }

// $myhostname first: Postfix delivers mail for its own name only when mydestination says so.
std::string export_mydestination(const ExportInput& e) {
  std::vector<std::string> items{"$myhostname"};
  items.insert(items.end(), e.mta.mydestination.begin(), e.mta.mydestination.end());
  return join(items);
}

std::string export_relay_domains(const ExportInput& e) { return join(e.mta.relay_domains); }

// policy open is the mistake mynetworks = 0.0.0.0/0; the networks after it (no difference to
// Postfix) are what the server trusts once its operator closes the relay.
std::string export_mynetworks(const ExportInput& e) {
  std::vector<std::string> items;
  if (e.mta.policy == PolicyPreset::Open) items.emplace_back("0.0.0.0/0");
  for (const Cidr& net : e.mta.mynetworks) items.push_back(mta::format_cidr(net));
  return join(items);
}

// The simulated address, without binding it: [ip] is then a local domain literal, and mail
// that would loop back to it is recognised, wherever the real server listens.
std::string export_proxy_interfaces(const ExportInput& e) { return mta::format_ipv4(e.mta.ip); }

std::string export_relay_restrictions(const ExportInput& e) {
  std::vector<std::string> items;
  for (Restriction r : e.mta.relay_restrictions) items.emplace_back(to_string(r));
  return join(items);
}

std::string export_recipient_restrictions(const ExportInput& e) {
  std::vector<std::string> items;
  for (const RecipientRestriction& r : e.mta.recipient_restrictions) items.push_back(restriction_text(r, e.blocklists));
  return join(items);
}

std::string export_sasl(const ExportInput& e) { return yes_no(!e.mta.sasl_users.empty()); }

// An empty list is relaysim's "every local part exists", which is Postfix's empty map too. A
// forwarded local part is a recipient as well (Postfix's default lists $alias_maps here).
std::string export_local_recipients(const ExportInput& e) {
  if (e.mta.local_recipients.empty()) return {};
  std::vector<std::string> entries;
  for (const std::string& user : e.mta.local_recipients) entries.push_back(user + "=x");
  for (const auto& [user, target] : e.mta.forwards) entries.push_back(user + "=x");
  return "inline:{ " + join(entries) + " }";
}

constexpr std::string_view kAliasMaps = "hash:/etc/aliases";  // Debian's alias_maps

// local(8) forwards an alias with the envelope sender unchanged, as relaysim's forwards do.
std::string export_forwards(const ExportInput& e) {
  if (e.mta.forwards.empty()) return std::string(kAliasMaps);
  std::vector<std::string> entries;
  for (const auto& [user, target] : e.mta.forwards) entries.push_back(user + "=" + target);
  return "inline:{ " + join(entries) + " }";
}

// relaysim's empty relay_recipients is Postfix's default: no table, every address is taken.
std::string export_relay_recipients(const ExportInput& e) {
  if (e.mta.relay_recipients.empty()) return {};
  std::vector<std::string> entries;
  for (const std::string& address : e.mta.relay_recipients) entries.push_back(address + "=x");
  return "inline:{ " + join(entries) + " }";
}

std::string export_relayhost(const ExportInput& e) { return e.mta.relayhost ? "[" + *e.mta.relayhost + "]" : ""; }
std::string export_untrusted_routing(const ExportInput& e) { return yes_no(e.mta.allow_untrusted_routing); }
std::string export_recipient_limit(const ExportInput& e) { return std::to_string(e.mta.recipient_limit); }
std::string export_size_limit(const ExportInput& e) { return std::to_string(e.mta.message_size_limit); }
std::string export_hopcount(const ExportInput& e) { return std::to_string(e.mta.hopcount_limit); }
std::string export_process_limit(const ExportInput& e) { return std::to_string(e.mta.max_sessions); }
std::string export_rate_limit(const ExportInput& e) { return std::to_string(e.mta.client_message_rate_limit); }
std::string export_run_delay(const ExportInput& e) { return format_postfix_time(e.mta.queue.queue_run_delay).value_or("?"); }
std::string export_min_backoff(const ExportInput& e) { return format_postfix_time(e.mta.queue.minimal_backoff).value_or("?"); }
std::string export_max_backoff(const ExportInput& e) { return format_postfix_time(e.mta.queue.maximal_backoff).value_or("?"); }
std::string export_lifetime(const ExportInput& e) { return format_postfix_time(e.mta.queue.maximal_lifetime).value_or("?"); }

// ---- rows: import ----

std::optional<bool> read_bool(Importer& in, const Value& v, std::string_view parameter) {
  const std::string value = smtp::lowercase(v.text);
  if (value == "yes") return true;
  if (value == "no") return false;
  in.error(v, text::N_("{1}: expected yes or no, got {2}"), {parameter, in_quotes(v.text)});
  return std::nullopt;
}

std::optional<std::uint32_t> read_count(Importer& in, const Value& v, std::string_view parameter, std::uint64_t least) {
  const auto n = parse_count(v.text);
  if (!n || n.value() < least || n.value() > UINT32_MAX) {
    if (least == 0) {
      in.error(v, text::N_("{1}: expected a whole number, got {2}"), {parameter, in_quotes(v.text)});
    } else {
      in.error(v, text::N_("{1}: expected a whole number of at least {2}, got {3}"),
               {parameter, std::to_string(least), in_quotes(v.text)});
    }
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(n.value());
}

void read_time(Importer& in, const Value& v, std::string_view parameter, char unit, bool zero_ok, SimTime& out) {
  const auto t = parse_postfix_time(v.text, unit);
  if (!t || (*t == 0 && !zero_ok)) {
    in.error(v, zero_ok ? text::N_("{1}: expected a time like 300s, 5m, 1h or 5d, got {2}")
                        : text::N_("{1}: expected a time like 300s, 5m, 1h or 5d (more than 0), got {2}"),
             {parameter, in_quotes(v.text)});
    return;
  }
  out = *t;
}

void import_level(Importer& in, const Value& v) {
  bool ok = !v.text.empty() && std::isdigit(static_cast<unsigned char>(v.text.front()));
  for (char ch : v.text) ok = ok && (std::isdigit(static_cast<unsigned char>(ch)) || ch == '.');
  if (!ok) in.error(v, text::N_("compatibility_level: expected a level like 3.6, got {1}"), {in_quotes(v.text)});
}

void import_hostname(Importer& in, const Value& v) {
  if (smtp::lowercase(v.text) != in.mta.name) {
    in.error(v, text::N_("myhostname: {1} is not this MTA's name '{2}': name the MTA after the server, or leave "
                         "myhostname out"),
             {in_quotes(v.text), in.mta.name});
  }
}

bool is_lookup_table(std::string_view item) { return item.find(':') != std::string_view::npos || item.starts_with("/"); }
bool is_localhost(std::string_view name) { return name == "localhost" || name.starts_with("localhost."); }

// mydestination and relay_domains: the scenario's domains among them, in file order. Names of
// the local machine are no domains of a scenario; other unknown names are reported.
std::vector<std::string> read_domains(Importer& in, const Value& v, std::string_view parameter,
                                      const std::vector<std::string>& already) {
  std::vector<std::string> domains, outside;
  bool lists_host = false;
  for (const std::string& item : split_list(v.text)) {
    if (is_lookup_table(item)) {
      in.error(v, text::N_("{1}: {2}: relaysim reads no lookup tables or files; list the domains"),
               {parameter, in_quotes(item)});
      continue;
    }
    std::string name = smtp::lowercase(item);
    if (name.ends_with('.')) name.pop_back();
    lists_host = lists_host || name == in.mta.name;
    if (contains(already, name) || contains(domains, name)) continue;
    if (contains(in.names.domains, name)) {
      domains.push_back(name);
    } else if (name != in.mta.name && !is_localhost(name)) {
      outside.push_back(name);
    }
  }
  if (!outside.empty()) {
    in.warn(v, text::N_("{1}: {2}: not domains of this scenario, left out"), {parameter, join(outside)});
  }
  if (parameter == "mydestination" && !lists_host) {
    in.warn(v, text::N_("mydestination does not list $myhostname: relaysim delivers mail for '{1}' (the host's own "
                        "name) locally all the same"),
            {in.mta.name});
  }
  return domains;
}

void import_mydestination(Importer& in, const Value& v) { in.mta.mydestination = read_domains(in, v, "mydestination", {}); }
void import_relay_domains(Importer& in, const Value& v) {
  in.mta.relay_domains = read_domains(in, v, "relay_domains", in.mta.mydestination);
}

void import_mynetworks_style(Importer& in, const Value& v) {
  if (v.text != "host" && v.text != "subnet" && v.text != "class") {
    in.error(v, text::N_("mynetworks_style: expected host, subnet or class, got {1}"), {in_quotes(v.text)});
  }
}

// Postfix's default mynetworks, for the MTA's one address: itself (host), its network (subnet:
// relaysim knows no netmask and takes /24) or its class A, B or C network (class).
std::string default_mynetworks(const Importer& in) {
  const std::string style = in.expanded("mynetworks_style");
  const std::uint32_t ip = in.mta.ip;
  if (style == "host") return "127.0.0.1/32 " + mta::format_ipv4(ip) + "/32";
  std::uint8_t prefix = 24;
  if (style == "class") prefix = ip < 0x80000000u ? 8 : ip < 0xC0000000u ? 16 : 24;
  return "127.0.0.0/8 " + mta::format_cidr({ip & mta::cidr_mask(prefix), prefix});
}

void import_mynetworks(Importer& in, const Value& v) {
  std::vector<Cidr> networks;
  std::vector<std::string> ipv6;
  for (const std::string& item : split_list(v.text)) {
    if (item == "0.0.0.0/0") {
      in.trusts_everyone = true;
    } else if (item.starts_with("[")) {
      ipv6.push_back(item);
    } else if (is_lookup_table(item) || item.starts_with("!")) {
      in.error(v, text::N_("mynetworks: {1}: relaysim reads no lookup tables, files or exclusions; list the networks"),
               {in_quotes(item)});
    } else if (const auto net = parse_cidr(item)) {
      networks.push_back(net.value());
    } else {
      in.error(v, "mynetworks: " + net.error(in.catalog));
    }
  }
  if (!ipv6.empty()) in.warn(v, text::N_("mynetworks: {1}: IPv6, which relaysim does not model; left out"), {join(ipv6)});
  if (!v.given() && in.expanded("mynetworks_style") == "subnet") {
    in.warn(v, text::N_("mynetworks (mynetworks_style = subnet): relaysim takes the MTA's network to be its /24"));
  }
  in.mta.mynetworks = std::move(networks);
}

// The addresses a server receives mail on make [address] a local domain: relaysim's MTA has one,
// and another one is reported (the scenario's ip says where the server is in its world).
void import_interfaces(Importer& in, const Value& v) {
  for (const std::string& item : split_list(v.text)) {
    const auto ip = parse_ipv4(item);
    if (!ip || ip.value() == in.mta.ip || (ip.value() >> 24) == 127) continue;  // names, IPv6, loopback
    in.warn(v, text::N_("{1}: {2} is not the ip of MTA '{3}' ({4}): relaysim gives an MTA one address, so mail for "
                        "[{2}] is not local there"),
            {v.parameter, item, in.mta.name, mta::format_ipv4(in.mta.ip)});
  }
}

void import_relay_restrictions(Importer& in, const Value& v) { in.relay_value = v; }
void import_recipient_restrictions(Importer& in, const Value& v) { in.recipient_value = v; }

void import_sasl(Importer& in, const Value& v) {
  const auto on = read_bool(in, v, "smtpd_sasl_auth_enable");
  if (!on) return;
  if (*on && in.mta.sasl_users.empty()) {
    in.error(v, text::N_("smtpd_sasl_auth_enable = yes, but MTA '{1}' has no sasl_users: the accounts live in the SASL "
                         "database, not in main.cf; give them as sasl_users in the scenario"),
             {in.mta.name});
  } else if (!*on && !in.mta.sasl_users.empty() && in.mta.submission) {
    // The usual way: AUTH only on the submission service (master.cf's -o smtpd_sasl_auth_enable=yes).
    in.warn(v, text::N_("smtpd_sasl_auth_enable = no, and MTA '{1}' has sasl_users: relaysim offers AUTH on port 25 "
                        "too, not only on submission"),
            {in.mta.name});
  } else if (!*on && !in.mta.sasl_users.empty()) {
    in.error(v, text::N_("smtpd_sasl_auth_enable = no: Postfix would offer no AUTH, but the scenario gives MTA '{1}' "
                         "sasl_users; set smtpd_sasl_auth_enable = yes or drop sasl_users"),
             {in.mta.name});
  }
}

using InlineEntry = std::pair<std::string, std::string>;

// The key = value entries of inline:{ key=value, ... }, or nullopt for a table of another type.
std::optional<std::vector<InlineEntry>> inline_entries(std::string_view table) {
  if (!table.starts_with("inline:{") || !table.ends_with("}")) return std::nullopt;
  std::vector<InlineEntry> entries;
  for (std::string entry : split_list(table.substr(8, table.size() - 9), false)) {
    if (entry.starts_with("{") && entry.ends_with("}")) entry = trimmed(entry.substr(1, entry.size() - 2));
    const std::size_t equals = entry.find('=');
    const std::string key = trimmed(entry.substr(0, equals));
    if (!key.empty()) entries.emplace_back(key, equals == std::string::npos ? "" : trimmed(entry.substr(equals + 1)));
  }
  return entries;
}

// The keys of inline:{ key=value, ... }, or nullopt for a table of another type.
std::optional<std::vector<std::string>> inline_keys(std::string_view table) {
  auto entries = inline_entries(table);
  if (!entries) return std::nullopt;
  std::vector<std::string> keys;
  for (auto& [key, value] : *entries) keys.push_back(std::move(key));
  return keys;
}

// Only inline: tables can be read here; with any other table the users are unknown, and every
// local part is taken to exist (relaysim's empty local_recipients).
// A parameter's tables: the keys of its inline: tables, and the tables of other types.
struct ReadTables {
  std::vector<std::string> keys, unread;
};

ReadTables read_tables(std::string_view value) {
  ReadTables r;
  for (const std::string& table : split_list(value)) {
    if (auto keys = inline_keys(table)) {
      r.keys.insert(r.keys.end(), keys->begin(), keys->end());
    } else {
      r.unread.push_back(table);
    }
  }
  return r;
}

void import_local_recipients(Importer& in, const Value& v) {
  auto [users, unread] = read_tables(v.text);
  in.mta.local_recipients.clear();
  if (!unread.empty()) {
    in.warn(v, text::N_("local_recipient_maps: relaysim cannot read {1}, so every local part is taken to exist (list "
                        "the users as inline:{ alice=x, bob=x } to check them)"),
            {join(unread)});
  } else if (users.empty() && !split_list(v.text).empty()) {
    in.error(v, text::N_("local_recipient_maps: an empty table refuses every local user but postmaster, which relaysim "
                         "does not model"));
  } else {
    in.mta.local_recipients = std::move(users);
  }
}

// The entries of inline: tables become forwards; other tables (the system's aliases file, whose
// entries send postmaster and friends to root) hold no forward relaysim could model.
void import_forwards(Importer& in, const Value& v) {
  in.mta.forwards.clear();
  for (const std::string& table : split_list(v.text)) {
    for (const auto& [user, target] : inline_entries(table).value_or(std::vector<InlineEntry>{})) {
      if (!target.empty()) in.mta.forwards.emplace(smtp::lowercase(user), target);
    }
  }
}

// As local_recipient_maps: only inline: tables are read; with any other, every address of a
// relay domain is taken (relaysim's empty relay_recipients, Postfix's default).
void import_relay_recipients(Importer& in, const Value& v) {
  auto [addresses, unread] = read_tables(v.text);
  for (std::string& address : addresses) address = smtp::lowercase(address);
  in.mta.relay_recipients.clear();
  if (!unread.empty()) {
    in.warn(v, text::N_("relay_recipient_maps: relaysim cannot read {1}, so every address of a relay domain is taken "
                        "to exist (list them as inline:{ sales@example.org=x, @example.net=x } to check them)"),
            {join(unread)});
  } else {
    in.mta.relay_recipients = std::move(addresses);
  }
}

// [host], [host]:25, host or host:25, where host is an MTA of the scenario. relaysim sends to that
// MTA itself (the bracketed form; without brackets Postfix would look up its MX first).
void import_relayhost(Importer& in, const Value& v) {
  in.mta.relayhost.reset();
  std::string host = smtp::lowercase(trimmed(v.text));
  if (host.empty()) return;
  const auto colon = host.find(':', host.starts_with("[") ? host.find(']') : 0);
  if (colon != std::string::npos) {
    const std::string port = host.substr(colon + 1);
    host.resize(colon);
    if (port != "25" && port != "smtp") {
      in.error(v, text::N_("relayhost: port {1}: relaysim relays on port 25 only"), {port});
      return;
    }
  }
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  if (!contains(in.names.mtas, host)) {
    in.error(v, text::N_("relayhost: {1} is not an MTA of this scenario"), {in_quotes(host)});
  } else if (host == in.mta.name) {
    in.error(v, text::N_("relayhost: MTA '{1}' cannot be its own relayhost"), {host});
  } else {
    in.mta.relayhost = host;
  }
}

void import_untrusted_routing(Importer& in, const Value& v) {
  if (auto b = read_bool(in, v, "allow_untrusted_routing")) in.mta.allow_untrusted_routing = *b;
}
void import_recipient_limit(Importer& in, const Value& v) {
  if (auto n = read_count(in, v, "smtpd_recipient_limit", 1)) in.mta.recipient_limit = *n;
}
void import_size_limit(Importer& in, const Value& v) {
  const auto n = parse_count(v.text);
  if (!n) in.error(v, text::N_("message_size_limit: expected a number of bytes, got {1}"), {in_quotes(v.text)});
  if (n) in.mta.message_size_limit = n.value();
}
void import_hopcount(Importer& in, const Value& v) {
  if (auto n = read_count(in, v, "hopcount_limit", 1)) in.mta.hopcount_limit = *n;
}
void import_process_limit(Importer& in, const Value& v) {
  if (auto n = read_count(in, v, "default_process_limit", 1)) in.mta.max_sessions = *n;
}
void import_rate_limit(Importer& in, const Value& v) {
  if (auto n = read_count(in, v, "smtpd_client_message_rate_limit", 0)) in.mta.client_message_rate_limit = *n;
}
void import_run_delay(Importer& in, const Value& v) {
  read_time(in, v, "queue_run_delay", 's', false, in.mta.queue.queue_run_delay);
}
void import_min_backoff(Importer& in, const Value& v) {
  read_time(in, v, "minimal_backoff_time", 's', false, in.mta.queue.minimal_backoff);
}
void import_max_backoff(Importer& in, const Value& v) {
  read_time(in, v, "maximal_backoff_time", 's', false, in.mta.queue.maximal_backoff);
  if (in.mta.queue.maximal_backoff < in.mta.queue.minimal_backoff) {
    in.error(v, text::N_("maximal_backoff_time ({1}) is shorter than minimal_backoff_time"), {v.text});
  }
}
void import_lifetime(Importer& in, const Value& v) {
  read_time(in, v, "maximal_queue_lifetime", 'd', true, in.mta.queue.maximal_lifetime);
}

std::string default_hostname(const Importer& in) { return in.mta.name; }
std::string default_domain(const Importer& in) {
  const auto dot = in.mta.name.find('.');
  return dot == std::string::npos ? "localdomain" : in.mta.name.substr(dot + 1);
}

// Every Postfix parameter relaysim models, in the order the import needs them (a row may read
// the fields set by the rows before it) and the export writes them.
const std::array<Row, 26> kTable{{
    {"compatibility_level", {}, "0", {}, 0, true, export_level, import_level},
    {"myhostname", {}, {}, {}, 0, true, export_hostname, import_hostname, default_hostname},
    {"mydomain", {}, {}, {}, 0, false, nullptr, nullptr, default_domain},
    {"mydestination", {"mydestination"}, "$myhostname, localhost.$mydomain, localhost", {}, 0, true,
     export_mydestination, import_mydestination},
    {"relay_domains", {"relay_domains"}, "", "$mydestination", 2, true, export_relay_domains, import_relay_domains},
    {"mynetworks_style", {}, "host", "subnet", 2, false, nullptr, import_mynetworks_style},
    {"mynetworks", {"mynetworks", "policy"}, {}, {}, 0, true, export_mynetworks, import_mynetworks, default_mynetworks},
    {"inet_interfaces", {}, "all", {}, 0, false, nullptr, import_interfaces},
    {"proxy_interfaces", {}, "", {}, 0, true, export_proxy_interfaces, import_interfaces},
    {"smtpd_relay_restrictions", {"relay_restrictions", "policy"},
     "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "", 1, true, export_relay_restrictions,
     import_relay_restrictions},
    {"smtpd_recipient_restrictions", {"recipient_restrictions"}, "", {}, 0, true, export_recipient_restrictions,
     import_recipient_restrictions},
    {"smtpd_sasl_auth_enable", {}, "no", {}, 0, true, export_sasl, import_sasl},
    {"local_recipient_maps", {"local_recipients"}, "proxy:unix:passwd.byname $alias_maps", {}, 0, true,
     export_local_recipients, import_local_recipients},
    {"relay_recipient_maps", {"relay_recipients"}, "", {}, 0, false, export_relay_recipients, import_relay_recipients},
    {"alias_maps", {"forwards"}, kAliasMaps, {}, 0, false, export_forwards, import_forwards},
    {"relayhost", {"relayhost"}, "", {}, 0, false, export_relayhost, import_relayhost},
    {"allow_untrusted_routing", {"allow_untrusted_routing"}, "no", {}, 0, false, export_untrusted_routing,
     import_untrusted_routing},
    {"smtpd_recipient_limit", {"recipient_limit"}, "1000", {}, 0, false, export_recipient_limit, import_recipient_limit},
    {"message_size_limit", {"message_size_limit"}, "10240000", {}, 0, false, export_size_limit, import_size_limit},
    {"hopcount_limit", {}, "50", {}, 0, false, export_hopcount, import_hopcount},
    {"default_process_limit", {"max_sessions"}, "100", {}, 0, false, export_process_limit, import_process_limit},
    {"queue_run_delay", {"queue"}, "300s", {}, 0, false, export_run_delay, import_run_delay},
    {"minimal_backoff_time", {"queue"}, "300s", {}, 0, false, export_min_backoff, import_min_backoff},
    {"maximal_backoff_time", {"queue"}, "4000s", {}, 0, false, export_max_backoff, import_max_backoff},
    {"maximal_queue_lifetime", {"queue"}, "5d", {}, 0, false, export_lifetime, import_lifetime},
    {"smtpd_client_message_rate_limit", {"client_message_rate_limit"}, "0", {}, 0, false, export_rate_limit,
     import_rate_limit},
}};

const Row* row_of(std::string_view parameter) {
  const auto it = std::find_if(kTable.begin(), kTable.end(), [&](const Row& r) { return r.parameter == parameter; });
  return it == kTable.end() ? nullptr : &*it;
}

// ---- the importer ----

int Importer::compatibility_major() const {
  const auto it = given_.find("compatibility_level");
  if (it == given_.end()) return 0;
  const auto major = parse_count(it->second.value.substr(0, it->second.value.find('.')));
  return major ? static_cast<int>(std::min<std::uint64_t>(major.value(), 1000)) : 0;
}

std::string Importer::raw(std::string_view parameter) const {
  if (const auto it = given_.find(std::string(parameter)); it != given_.end()) return it->second.value;
  const Row* row = row_of(parameter);
  if (row == nullptr) return {};  // Postfix expands an unknown parameter to nothing
  if (row->computed_default != nullptr) return row->computed_default(*this);
  return std::string(compatibility_major() < row->legacy_below ? row->legacy_default : row->default_value);
}

Value Importer::value_of(const Row& row) const {
  Value v;
  v.parameter = row.parameter;
  expansion_work_ = 0;
  if (const auto it = given_.find(std::string(row.parameter)); it != given_.end()) {
    v.line = it->second.line;
    v.column = it->second.column;
  }
  v.text = expand(raw(row.parameter), v, 0);
  return v;
}

std::string Importer::expanded(std::string_view parameter) const {
  Value at{{}, 0, 0, parameter};
  if (const auto it = given_.find(std::string(parameter)); it != given_.end()) {
    at.line = it->second.line;
    at.column = it->second.column;
  }
  return expand(raw(parameter), at, 0);
}

// Postfix's $name, ${name}, $(name), ${name?text} (text when name is not empty), ${name:text}
// (text when it is); $$ is a dollar sign.
std::string Importer::expand(std::string_view text, const Value& at, int depth) const {
  constexpr std::uint64_t kMaxWork = std::uint64_t{1} << 20;
  std::string out;
  if (depth > 20) {
    error(at, text::N_("{1}: $names nested more than 20 deep: do they loop?"), {at.parameter});
    return out;
  }
  for (std::size_t i = 0; i < text.size();) {
    if (++expansion_work_ == kMaxWork) {
      error(at, text::N_("{1}: $names that expand to more than a million characters"), {at.parameter});
    }
    if (expansion_work_ >= kMaxWork) return out;
    if (text[i] != '$') {
      out += text[i++];
    } else {
      i = expand_one(text, i, at, depth, out);
    }
  }
  return out;
}

std::size_t Importer::expand_one(std::string_view text, std::size_t dollar, const Value& at, int depth,
                                 std::string& out) const {
  const auto name_end = [&](std::size_t from) {
    while (from < text.size() && (std::isalnum(static_cast<unsigned char>(text[from])) || text[from] == '_')) ++from;
    return from;
  };
  std::size_t i = dollar + 1;
  if (i < text.size() && text[i] == '$') {
    out += '$';
    return i + 1;
  }
  if (i < text.size() && (text[i] == '{' || text[i] == '(')) {
    const char close = text[i] == '{' ? '}' : ')';
    const std::size_t end = name_end(i + 1);
    const std::string name(text.substr(i + 1, end - i - 1));
    std::size_t stop = end;
    for (int open = 1; stop < text.size(); ++stop) {
      if (text[stop] == text[i]) ++open;
      if (text[stop] == close && --open == 0) break;
    }
    if (name.empty() || stop >= text.size() || (stop != end && text[end] != '?' && text[end] != ':')) {
      error(at, text::N_("{1}: cannot expand {2}: relaysim expands $name, ${name}, ${name?text} and ${name:text}"),
            {at.parameter, in_quotes(text.substr(dollar, stop - dollar + 1))});
      return std::min(stop + 1, text.size());
    }
    const std::string value = expand(raw(name), at, depth + 1);
    if (stop == end) {
      out += value;
    } else if ((text[end] == '?') == !value.empty()) {
      out += expand(text.substr(end + 1, stop - end - 1), at, depth + 1);
    }
    return stop + 1;
  }
  const std::size_t end = name_end(i);
  if (end == i) {
    error(at, text::N_("{1}: a '$' that names no parameter (write $$ for a dollar sign)"), {at.parameter});
    return i;
  }
  out += expand(raw(text.substr(i, end - i)), at, depth + 1);
  return end;
}

std::vector<std::string> Importer::not_modelled() const {
  std::vector<std::pair<int, std::string>> unknown;
  for (const auto& [name, g] : given_) {
    if (row_of(name) == nullptr) unknown.emplace_back(g.line, name);
  }
  std::sort(unknown.begin(), unknown.end());
  std::vector<std::string> names;
  for (auto& u : unknown) names.push_back(std::move(u.second));
  return names;
}

// ---- the restriction lists, read together ----

// One element of a restriction list and what it means to relaysim, if anything.
struct Step {
  std::string text;  // as written: "reject_rbl_client bl.example"
  std::optional<Restriction> relay;             // its meaning in the relay decision
  std::optional<RecipientRestriction> check;    // its meaning as a recipient check
};

std::optional<RecipientRestriction> recipient_check(const Importer& in, std::string_view name, std::string_view argument) {
  if (name == "permit_mynetworks" && argument.empty()) return RecipientRestriction{RecipientCheck::PermitMynetworks};
  if (name == "permit_sasl_authenticated" && argument.empty()) {
    return RecipientRestriction{RecipientCheck::PermitSaslAuthenticated};
  }
  if (name == "check_policy_service") {
    if (auto service = policy_service(argument)) return RecipientRestriction{*service};
  }
  if (name == "reject_rbl_client") {
    const auto& zones = in.names.blocklists;
    const auto it = std::find(zones.begin(), zones.end(), smtp::lowercase(argument));
    if (it != zones.end()) {
      return RecipientRestriction{RecipientCheck::RejectRblClient, static_cast<std::uint32_t>(it - zones.begin())};
    }
  }
  return std::nullopt;
}

// The elements of one list; those relaysim does not model are reported and left out. Recipient
// checks (blocklists, policy services) are modelled only among the recipient restrictions.
std::vector<Step> read_steps(Importer& in, const Value& v, std::string_view parameter, bool recipient_list,
                             std::vector<std::string>& names) {
  const std::vector<std::string> items = split_list(v.text);
  std::vector<Step> steps;
  std::vector<std::string> skipped;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& name = items[i];
    std::string argument;
    if (takes_argument(name)) {
      if (i + 1 == items.size()) {
        in.error(v, text::N_("{1}: {2} needs an argument"), {parameter, name});
        break;
      }
      argument = items[++i];
    }
    names.push_back(name);
    Step s{argument.empty() ? name : name + " " + argument, {}, {}};
    if (argument.empty()) s.relay = restriction_from_string(name);
    if (recipient_list) s.check = recipient_check(in, name, argument);
    if (!s.relay && !s.check) {
      skipped.push_back(s.text);
    } else {
      steps.push_back(std::move(s));
    }
  }
  if (!skipped.empty()) in.warn(v, text::N_("{1}: not modelled, skipped: {2}"), {parameter, join(skipped)});
  return steps;
}

std::vector<Restriction> relay_part(const std::vector<Step>& steps) {
  std::vector<Restriction> list;
  for (const Step& s : steps) list.push_back(*s.relay);
  return list;
}

std::optional<PolicyPreset> preset_of(const std::vector<Restriction>& list) {
  for (PolicyPreset p : {PolicyPreset::Authenticated, PolicyPreset::Mynetworks, PolicyPreset::Closed}) {
    if (mta::preset_restrictions(p) == list) return p;
  }
  return std::nullopt;
}

// Postfix runs smtpd_relay_restrictions, then smtpd_recipient_restrictions; relaysim runs its
// relay restrictions, then its recipient checks. Older configurations put the relay rules at the
// head of smtpd_recipient_restrictions: that head becomes the relay list when it decides as
// Postfix does, its permits staying at the head of the checks (a trusted client skips them).
// The relay list that, with `permits` at the head of the recipient checks, decides as Postfix's
// `relay` list followed by the relay rules at the head of its recipient list (`head`) do.
std::optional<std::vector<Restriction>> one_relay_list(const std::vector<Restriction>& relay,
                                                       const std::vector<Restriction>& head,
                                                       const std::vector<Restriction>& permits) {
  for (const auto* candidate : {&relay, &head}) {
    if (decide_alike(relay, head, *candidate, permits)) return *candidate;
  }
  return std::nullopt;
}

void read_restrictions(Importer& in) {
  std::vector<std::string> names;
  const std::vector<Step> relay = read_steps(in, in.relay_value, "smtpd_relay_restrictions", false, names);
  const std::vector<Step> recipient = read_steps(in, in.recipient_value, "smtpd_recipient_restrictions", true, names);
  if (std::none_of(names.begin(), names.end(), postfix_safeguard)) {
    in.error(in.relay_value, text::N_("Postfix would refuse to start: smtpd_relay_restrictions or "
                                      "smtpd_recipient_restrictions must hold reject_unauth_destination, "
                                      "defer_unauth_destination, reject, defer or defer_if_permit, or anyone could relay"));
    return;
  }
  const auto tail = std::find_if(recipient.begin(), recipient.end(), [](const Step& s) { return !s.relay; });
  const auto misplaced = std::find_if(tail, recipient.end(), [](const Step& s) { return !s.check; });
  if (misplaced != recipient.end()) {
    in.error(in.recipient_value, text::N_("smtpd_recipient_restrictions: {1} after {2} is not modelled: relaysim decides "
                                          "relaying before the other checks"),
             {misplaced->text, tail->text});
    return;
  }
  std::vector<Restriction> permits;  // the head's permit_mynetworks and permit_sasl_authenticated
  std::vector<RecipientRestriction> checks;
  for (auto s = recipient.begin(); s != recipient.end(); ++s) {
    if (s < tail && s->check) permits.push_back(*s->relay);
    if (s->check) checks.push_back(*s->check);
  }
  const auto chosen = one_relay_list(relay_part(relay), relay_part({recipient.begin(), tail}), permits);
  if (!chosen) {
    in.error(in.recipient_value, text::N_("these smtpd_relay_restrictions and smtpd_recipient_restrictions together are "
                                          "not modelled: relaysim runs one relay list, then its recipient checks"));
  } else if (std::none_of(chosen->begin(), chosen->end(), is_relay_safeguard)) {
    in.error(in.relay_value, text::N_("the relay restrictions hold no reject_unauth_destination, "
                                      "defer_unauth_destination or reject, the safeguards relaysim models"));
  } else {
    in.mta.relay_restrictions = *chosen;
    in.mta.recipient_restrictions = std::move(checks);
    in.mta.policy = in.trusts_everyone ? PolicyPreset::Open : preset_of(*chosen).value_or(PolicyPreset::Authenticated);
  }
}

// ---- reading postconf -n ----

bool is_parameter_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
  });
}

// "name = value" lines; a line starting with white space continues the one before; blank lines
// and lines whose first non-blank character is '#' are comments. A name given twice keeps the
// last value, as Postfix does.
std::map<std::string, Importer::Given> read_lines(std::string_view text, PostfixImport& out,
                                                  const text::Catalog& catalog) {
  std::map<std::string, Importer::Given> given;
  std::string current;
  int line = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view physical = text.substr(start, end - start);
    start = end + 1;
    ++line;
    if (physical.ends_with('\r')) physical.remove_suffix(1);
    const std::string body = trimmed(physical);
    if (body.empty() || body.front() == '#') continue;
    if (physical.front() == ' ' || physical.front() == '\t') {
      if (current.empty()) {
        out.errors.push_back({line, 1,
                              catalog.tr(text::N_("a continuation line (it starts with white space) with no "
                                                  "parameter before it"))});
      } else {
        std::string& value = given[current].value;
        value += value.empty() ? body : " " + body;
      }
      continue;
    }
    const std::size_t equals = physical.find('=');
    const std::string name = trimmed(physical.substr(0, equals));
    if (equals == std::string_view::npos || !is_parameter_name(name)) {
      out.errors.push_back({line, 1, catalog.tr(text::N_("expected 'name = value', as postconf -n prints parameters"))});
      current.clear();
      continue;
    }
    const std::size_t value_at = physical.find_first_not_of(" \t", equals + 1);
    if (const auto it = given.find(name); it != given.end()) {
      out.warnings.push_back({line, 1, catalog.tr(text::N_("{1} is set twice (also on line {2}): the last one counts, as "
                                                           "in Postfix"),
                                                  {name, std::to_string(it->second.line)})});
    }
    given[name] = {trimmed(physical.substr(equals + 1)), line,
                   static_cast<int>(value_at == std::string_view::npos ? equals + 2 : value_at + 1)};
    current = name;
  }
  return given;
}

// Sorted by position, each once: a value read twice (through $name) may be reported twice.
void in_file_order(std::vector<PostfixIssue>& issues) {
  const auto key = [](const PostfixIssue& i) { return std::tie(i.line, i.column, i.message); };
  std::stable_sort(issues.begin(), issues.end(), [&](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  issues.erase(std::unique(issues.begin(), issues.end(), [&](const auto& a, const auto& b) { return key(a) == key(b); }),
               issues.end());
}

}  // namespace

std::optional<std::string> postfix_refusal(const MtaSpec& mta, const text::Catalog& catalog) {
  if (std::none_of(mta.relay_restrictions.begin(), mta.relay_restrictions.end(), is_relay_safeguard)) {
    return catalog.tr(text::N_("MTA '{1}' (policy {2}) has no Postfix equivalent: Postfix refuses to start unless its "
                               "relay restrictions hold reject_unauth_destination, defer_unauth_destination or reject "
                               "(a Postfix open relay is policy open: mynetworks = 0.0.0.0/0)"),
                      {mta.name, to_string(mta.policy)});
  }
  const QueueSpec& q = mta.queue;
  for (SimTime t : {q.queue_run_delay, q.minimal_backoff, q.maximal_backoff, q.maximal_lifetime}) {
    if (!format_postfix_time(t)) {
      return catalog.tr(text::N_("MTA '{1}' has a queue time of {2}: Postfix counts whole seconds"),
                        {mta.name, format_duration(t)});
    }
  }
  for (const std::string& user : mta.local_recipients) {
    if (user.find_first_of(" \t,{}=") != std::string::npos) {
      return catalog.tr(text::N_("MTA '{1}' has the local part '{2}', which an inline: table cannot hold"),
                        {mta.name, user});
    }
  }
  return std::nullopt;
}

namespace {

std::vector<std::string> master_services(const MtaSpec& mta) {
  std::vector<std::string> lines{"smtp       inet  n  -  n  -  -  smtpd"};
  if (mta.submission) {
    // Postfix's stock submission entry, less its TLS options (relaysim has no STARTTLS).
    lines.insert(lines.end(), {"submission inet  n  -  n  -  -  smtpd", "  -o syslog_name=postfix/submission",
                               "  -o smtpd_sasl_auth_enable=yes", "  -o smtpd_reject_unlisted_recipient=no",
                               "  -o smtpd_relay_restrictions=",
                               "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject"});
  }
  const auto& checks = mta.recipient_restrictions;
  if (std::any_of(checks.begin(), checks.end(), [](const auto& r) { return r.check == RecipientCheck::PolicydSpf; })) {
    lines.insert(lines.end(), {"policyd-spf unix  -  n  n  -  0  spawn",
                               "  user=policyd-spf argv=/usr/bin/policyd-spf"});
  }
  return lines;
}

std::vector<std::string> notes_for(const MtaSpec& mta) {
  std::vector<std::string> notes;
  if (!mta.sasl_users.empty()) {
    std::vector<std::string> logins;
    for (const auto& [login, password] : mta.sasl_users) logins.push_back(login);
    notes.push_back("SASL accounts (the SASL database, not main.cf): " + join(logins) + "; e.g. saslpasswd2 -c -u " +
                    mta.name + " " + logins.front());
  }
  const auto& checks = mta.recipient_restrictions;
  if (std::any_of(checks.begin(), checks.end(), [](const auto& r) { return r.check == RecipientCheck::Postgrey; })) {
    const auto& g = mta.greylisting;
    notes.push_back("greylisting: postgrey --inet=10023 --delay=" + std::to_string(g.delay / sim::kSecond) +
                    " --retry-window=" + std::to_string(g.retry_window / sim::kHour) + "h --max-age=" +
                    std::to_string(g.max_age / sim::kDay) + " --auto-whitelist-clients=" +
                    std::to_string(g.auto_whitelist_after) +
                    (g.client_prefix == 24 ? "" : " (relaysim groups clients by /" + std::to_string(g.client_prefix) +
                                                      "; postgrey by /24 or by host)"));
  }
  std::vector<std::string> outside;
  if (mta.content_filter) outside.emplace_back("a content filter");
  if (mta.dmarc) outside.emplace_back("an OpenDMARC milter");
  if (mta.reputation) outside.emplace_back("sender reputation");
  if (mta.closes_relay) outside.emplace_back("an operator who closes the relay");
  if (!mta.down.empty()) outside.emplace_back("outages");
  if (!outside.empty()) notes.push_back("also simulated here, outside Postfix's configuration: " + join(outside));
  return notes;
}

}  // namespace

PostfixConfig export_postfix(const MtaSpec& mta, const std::vector<world::BlocklistConfig>& blocklists) {
  if (const auto why = postfix_refusal(mta)) throw std::invalid_argument(*why);
  PostfixConfig config;
  const ExportInput input{mta, blocklists};
  for (const Row& row : kTable) {
    if (row.to_postfix == nullptr) continue;
    const std::string value = row.to_postfix(input);
    if (!row.always && value == row.default_value) continue;
    config.main_cf.push_back(std::string(row.parameter) + (value.empty() ? " =" : " = " + value));
  }
  config.master_cf = master_services(mta);
  config.notes = notes_for(mta);
  return config;
}

PostfixImport import_postfix(std::string_view postconf_text, const PostfixNames& names, MtaSpec& mta,
                             const text::Catalog& catalog) {
  PostfixImport out;
  Importer in(read_lines(postconf_text, out, catalog), names, mta, out, catalog);
  for (const Row& row : kTable) {
    const Value v = in.value_of(row);
    if (row.from_postfix != nullptr) row.from_postfix(in, v);
  }
  read_restrictions(in);
  in_file_order(out.errors);
  in_file_order(out.warnings);
  if (const auto unknown = in.not_modelled(); !unknown.empty()) {
    out.warnings.insert(out.warnings.begin(),
                        PostfixIssue{0, 0, catalog.tr(text::N_("not modelled, ignored: {1}"), {join(unknown)})});
  }
  return out;
}

std::vector<PostfixKey> postfix_scenario_keys() {
  std::vector<PostfixKey> keys;
  for (const Row& row : kTable) {
    for (std::string_view key : row.keys) {
      if (key.empty()) continue;
      auto it = std::find_if(keys.begin(), keys.end(), [&](const PostfixKey& k) { return k.key == key; });
      if (it == keys.end()) it = keys.insert(keys.end(), PostfixKey{key, {}});
      it->parameters.push_back(row.parameter);
    }
  }
  return keys;
}

}  // namespace relaysim::scenario

// The defences and the dynamics of spam: blocklists, recipients' engagement, the metrics
// interval (top level); SPF and DMARC (domains); recipient restrictions, greylisting, rate
// limits, content filters, reputation and operators (MTAs); relay hunting and bot lifetimes (agents).
#include <algorithm>
#include <sstream>

#include "scenario/loader_context.h"
#include "scenario/scenario_keys.h"
#include "scenario/scenario_text.h"
#include "scenario/spec_names.h"
#include "smtp/ascii_case.h"

namespace relaysim::scenario::detail {
namespace {

constexpr const char* kCdfExpected = text::N_("a list of [duration, share] points like [[1h, 12.8%], [6h, 75.3%], [2d, 100%]]");

std::optional<double> fraction(LoadContext& c, const Fields& f, std::string_view key) {
  return c.in.field(f, key, kFractionExpected, parse_fraction);
}

// A duration distribution written as its published points.
std::optional<defence::PiecewiseCdf> read_cdf(LoadContext& c, const Entry& e) {
  if (!e.value.IsSequence()) {
    c.in.type_error(e.value, e.where(), e.name, kCdfExpected);
    return std::nullopt;
  }
  std::vector<defence::PiecewiseCdf::Point> points;
  for (const YAML::Node& item : e.value) {
    if (!item.IsSequence() || item.size() != 2) {
      c.in.type_error(item, position(item), e.name, text::N_("a point like [6h, 75.3%]"));
      return std::nullopt;
    }
    auto at = c.in.scalar(item[0], position(item[0]), e.name, kDurationExpected, parse_duration);
    auto share = c.in.scalar(item[1], position(item[1]), e.name, kFractionExpected, parse_fraction);
    if (!at || !share) return std::nullopt;
    points.push_back({*at, *share});
  }
  std::string error;
  auto cdf = defence::PiecewiseCdf::make(std::move(points), &error);
  if (!cdf) c.in.error(e.where(), std::string(e.name) + ": " + error);
  return cdf;
}

std::optional<std::uint32_t> blocklist_ref(LoadContext& c, const YAML::Node& node, Pos pos, std::string_view role) {
  std::vector<std::string_view> zones;
  for (const auto& b : c.spec.blocklists) zones.push_back(b.zone);
  auto zone = c.in.choice(node, pos, role, text::N_("blocklist zone (defined under blocklists:)"), zones);
  if (!zone) return std::nullopt;
  const auto it = std::find(zones.begin(), zones.end(), *zone);
  return static_cast<std::uint32_t>(it - zones.begin());
}

world::BlocklistConfig read_blocklist(LoadContext& c, const Entry& entry) {
  world::BlocklistConfig b;
  b.zone = entry.name;
  Fields f = c.in.fields(entry.value, entry.where(), keys::kBlocklist, c.tr(text::N_("blocklist '{1}'"), {b.zone}));
  if (const Entry* e = f.find("listing_delay")) {
    if (auto cdf = read_cdf(c, *e)) b.listing_delay = *cdf;
  }
  if (auto d = c.in.field(f, "listed_for", kDurationExpected, parse_duration)) b.listed_for = *d;
  for (std::string& trap : c.in.scalars(f, "traps", text::N_("a list of addresses like [trap@victim.example]"), text::N_("an address"),
                                        parse_text).value_or(std::vector<std::string>{})) {
    std::transform(trap.begin(), trap.end(), trap.begin(), [](unsigned char ch) { return std::tolower(ch); });
    b.traps.push_back(std::move(trap));
  }
  b.complaints = c.in.field(f, "complaints", text::N_("true or false"), parse_bool).value_or(true);
  return b;
}

void read_engagement(LoadContext& c, const Entry& entry) {
  Fields f = c.in.fields(entry.value, entry.where(), keys::kEngagement, "engagement");
  auto& e = c.spec.engagement;
  e.open = fraction(c, f, "open").value_or(e.open);
  e.click = fraction(c, f, "click").value_or(e.click);
  e.junk_open = fraction(c, f, "junk_open").value_or(e.junk_open);
  e.junk_click = fraction(c, f, "junk_click").value_or(e.junk_click);
  e.complaint = fraction(c, f, "complaint").value_or(e.complaint);
  if (auto problem = e.problem()) c.in.error(entry.where(), "engagement: " + *problem);
}

// ---- MTAs ----

std::optional<world::RecipientRestriction> read_recipient_restriction(LoadContext& c, const YAML::Node& node) {
  using world::RecipientCheck;
  constexpr const char* kExpected =
      text::N_("permit_mynetworks, permit_sasl_authenticated, reject_rbl_client <zone>, check_policy_service postgrey "
               "or check_policy_service policyd-spf");
  if (!node.IsScalar()) {
    c.in.type_error(node, position(node), "recipient_restrictions", kExpected);
    return std::nullopt;
  }
  std::istringstream words(node.Scalar());
  std::string name, argument, extra;
  words >> name >> argument >> extra;
  if (name == "permit_mynetworks" && argument.empty()) return world::RecipientRestriction{RecipientCheck::PermitMynetworks};
  if (name == "permit_sasl_authenticated" && argument.empty()) {
    return world::RecipientRestriction{RecipientCheck::PermitSaslAuthenticated};
  }
  if (name == "check_policy_service" && argument == "postgrey" && extra.empty()) {
    return world::RecipientRestriction{RecipientCheck::Postgrey};
  }
  if (name == "check_policy_service" && argument == "policyd-spf" && extra.empty()) {
    return world::RecipientRestriction{RecipientCheck::PolicydSpf};
  }
  if (name == "reject_rbl_client" && !argument.empty() && extra.empty()) {
    auto zone = blocklist_ref(c, YAML::Node(argument), position(node), "reject_rbl_client");
    if (!zone) return std::nullopt;
    return world::RecipientRestriction{RecipientCheck::RejectRblClient, *zone};
  }
  c.in.error(position(node), text::N_("recipient_restrictions: '{1}' is not one of {2}"), {node.Scalar(), c.tr(kExpected)});
  return std::nullopt;
}

void read_greylisting(LoadContext& c, const Entry& entry, MtaSpec& mta) {
  Fields f = c.in.fields(entry.value, entry.where(), keys::kGreylisting, c.tr(text::N_("greylisting of MTA '{1}'"), {mta.name}));
  auto& g = mta.greylisting;
  g.delay = c.in.field(f, "delay", kDurationExpected, parse_duration).value_or(g.delay);
  g.retry_window = c.in.field(f, "retry_window", kDurationExpected, parse_duration).value_or(g.retry_window);
  g.max_age = c.in.field(f, "max_age", kDurationExpected, parse_duration).value_or(g.max_age);
  g.auto_whitelist_after =
      static_cast<int>(c.in.field(f, "auto_whitelist", kCountExpected, parse_count).value_or(g.auto_whitelist_after));
  if (auto prefix = c.in.field(f, "group_by", text::N_("a prefix length like 24"), parse_count)) {
    if (*prefix > 32) c.in.error(f.find("group_by")->where(), text::N_("group_by: a prefix length is at most 32"));
    g.client_prefix = static_cast<int>(std::min<std::uint64_t>(*prefix, 32));
  }
}

void read_content_filter(LoadContext& c, const Entry& entry, MtaSpec& mta) {
  Fields f = c.in.fields(entry.value, entry.where(), keys::kContentFilter, c.tr(text::N_("content_filter of MTA '{1}'"), {mta.name}));
  world::ContentFilterConfig filter;
  filter.detection = fraction(c, f, "detection").value_or(filter.detection);
  filter.false_positive = fraction(c, f, "false_positives").value_or(filter.false_positive);
  if (const Entry* e = f.find("action")) {
    if (auto action = c.in.choice(e->value, e->where(), "action", text::N_("filter action"), {"junk", "reject"})) {
      filter.action = *action == "reject" ? world::FilterAction::Reject : world::FilterAction::Junk;
    }
  }
  mta.content_filter = filter;
}

void read_reputation(LoadContext& c, const Entry& entry, MtaSpec& mta) {
  Fields f = c.in.fields(entry.value, entry.where(), keys::kReputation, c.tr(text::N_("reputation of MTA '{1}'"), {mta.name}));
  defence::SenderReputation::Config r;
  r.junk_below = fraction(c, f, "junk_below").value_or(r.junk_below);
  if (auto weight = c.in.field(f, "complaint_weight", kCountExpected, parse_count)) {
    r.complaint_weight = static_cast<double>(*weight);
  }
  if (auto volume = c.in.field(f, "min_volume", kCountExpected, parse_count)) {
    if (*volume == 0) c.in.error(f.find("min_volume")->where(), text::N_("{1}: must be at least 1"), {"min_volume"});
    r.min_volume = static_cast<double>(std::max<std::uint64_t>(*volume, 1));
  }
  if (auto d = c.in.field(f, "half_life", kDurationExpected, parse_duration)) {
    if (*d <= 0) c.in.error(f.find("half_life")->where(), text::N_("{1}: must be longer than 0"), {"half_life"});
    r.half_life = std::max<SimTime>(*d, 1);
  }
  mta.reputation = r;
}

void read_closing(LoadContext& c, const Entry& entry, MtaSpec& mta) {
  Fields f = c.in.fields(entry.value, entry.where(), keys::kClosesRelay, c.tr(text::N_("closes_relay of MTA '{1}'"), {mta.name}));
  world::RelayClosing closing;
  const Entry* zone = f.find("listed_in");
  auto blocklist = zone ? blocklist_ref(c, zone->value, zone->where(), "listed_in") : std::nullopt;
  closing.after = c.in.field(f, "after", kDurationExpected, parse_duration).value_or(closing.after);
  if (const Entry* e = f.find("policy")) {
    if (auto name = c.in.choice(e->value, e->where(), "policy", text::N_("policy"), policy_names())) {
      closing.policy = *policy_from_string(*name);
    }
  }
  if (!blocklist) return;
  closing.blocklist = *blocklist;
  mta.closes_relay = closing;
}

// ---- agents ----

void read_hunt(LoadContext& c, const Entry& entry, AgentSpec& a) {
  Fields f = c.in.fields(entry.value, entry.where(), keys::kHunt, c.tr(text::N_("hunt of agent '{1}'"), {a.name}));
  world::RelayHunt hunt;
  if (auto network = c.in.field(f, "network", kCidrExpected, parse_cidr)) hunt.network = *network;
  if (auto rate = c.in.field(f, "rate", kRateExpected, parse_rate)) {
    if (*rate <= 0) c.in.error(f.find("rate")->where(), text::N_("{1}: must be more than 0"), {"rate"});
    hunt.probes_per_hour = *rate;
  }
  hunt.share_after = c.in.field(f, "share_after", kDurationExpected, parse_duration).value_or(hunt.share_after);
  hunt.chain = c.in.field(f, "chain", text::N_("true or false"), parse_bool).value_or(false);
  a.hunt = hunt;
}

}  // namespace

void read_scenario_dynamics(LoadContext& c, const Fields& top) {
  if (auto d = c.in.field(top, "metrics_interval", kDurationExpected, parse_duration)) {
    if (*d <= 0) c.in.error(top.find("metrics_interval")->where(), text::N_("{1}: must be longer than 0"), {"metrics_interval"});
    c.spec.metrics_interval = std::max<SimTime>(*d, 1);
  }
  if (const Entry* e = top.find("blocklists")) {
    for (const Entry& zone : c.in.named_entries(e->value, "blocklists", text::N_("blocklist zone"), true)) {
      c.spec.blocklists.push_back(read_blocklist(c, zone));
    }
  }
  if (const Entry* e = top.find("engagement")) read_engagement(c, *e);
}

namespace {

// "v=spf1" and its terms, on one line. The terms are judged when a server evaluates the
// record, as in the real DNS: a record with a syntax error is a permerror then.
Parsed<std::string> parse_spf_record(std::string_view text) {
  const bool spf = text.size() >= 6 && smtp::lowercase(text.substr(0, 6)) == "v=spf1" && (text.size() == 6 || text[6] == ' ');
  if (!spf || text.find_first_of("\r\n\t") != std::string_view::npos) {
    return Parsed<std::string>::fail(text::N_("expected an SPF record like 'v=spf1 mx -all', got {1}"),
                                     {quoted_for_message(text)});
  }
  return parse_text(text);
}

// "v=DMARC1; p=reject; pct=50", or a policy alone ("reject" for "v=DMARC1; p=reject").
Parsed<defence::DmarcRecord> parse_dmarc(std::string_view text) {
  const std::string record = text.starts_with("v=") ? std::string(text) : "v=DMARC1; p=" + std::string(text);
  if (const auto parsed = defence::parse_dmarc_record(record)) return Parsed<defence::DmarcRecord>::ok(*parsed);
  return Parsed<defence::DmarcRecord>::fail(
      text::N_("expected a DMARC record like 'v=DMARC1; p=reject', or none, quarantine or reject, got {1}"),
      {quoted_for_message(text)});
}

}  // namespace

void read_domain_authentication(LoadContext& c, const Fields& f, DomainSpec& domain) {
  const Entry* spf = f.find("spf");
  if (spf != nullptr && spf->value.IsScalar()) {
    // The TXT record as DNS would publish it; names in it are case-insensitive.
    if (auto record = c.in.field(f, "spf", text::N_("an SPF record like 'v=spf1 mx -all'"), parse_spf_record)) {
      domain.txt.push_back(smtp::lowercase(*record));
    }
  } else if (auto networks = c.in.scalars(f, "spf", text::N_("an SPF record like 'v=spf1 mx -all', or a list of networks like [192.0.2.10, 198.51.100.0/24]"),
                                          kCidrExpected, parse_cidr)) {
    // The short form: the networks that may send, and nobody else.
    std::string record = "v=spf1";
    for (const Cidr& network : *networks) record += " ip4:" + mta::format_cidr(network);
    domain.txt.push_back(record + " -all");
  }
  if (auto record = c.in.field(f, "dmarc", text::N_("a DMARC record like 'v=DMARC1; p=reject', or none, quarantine or reject"),
                               parse_dmarc)) {
    domain.dmarc = *record;
  }
  if (const Entry* e = f.find("dkim")) {
    for (const Entry& key : c.in.named_entries(e->value, "dkim", text::N_("DKIM selector"), false)) {
      if (auto state = c.in.choice(key.value, key.where(), "dkim", text::N_("DKIM key"), {"valid", "broken"})) {
        domain.dkim.push_back({key.name, *state == "valid" ? defence::DkimKey::Valid : defence::DkimKey::Broken});
      }
    }
  }
}

void read_mta_defences(LoadContext& c, const Fields& f, MtaSpec& mta) {
  if (auto items = c.in.list(f, "recipient_restrictions", text::N_("a list like [permit_mynetworks, reject_rbl_client bl.example]"))) {
    for (const YAML::Node& item : *items) {
      if (auto r = read_recipient_restriction(c, item)) mta.recipient_restrictions.push_back(*r);
    }
  }
  if (const Entry* e = f.find("greylisting")) read_greylisting(c, *e, mta);
  if (auto limit = c.in.field(f, "client_message_rate_limit", kCountExpected, parse_count)) {
    mta.client_message_rate_limit = static_cast<std::uint32_t>(std::min<std::uint64_t>(*limit, UINT32_MAX));
  }
  if (const Entry* e = f.find("content_filter")) read_content_filter(c, *e, mta);
  mta.dmarc = c.in.field(f, "dmarc", text::N_("true or false"), parse_bool).value_or(false);
  mta.alters_messages = c.in.field(f, "alters_messages", text::N_("true or false"), parse_bool).value_or(false);
  if (const Entry* e = f.find("reputation")) read_reputation(c, *e, mta);
  if (const Entry* e = f.find("closes_relay")) read_closing(c, *e, mta);
}

void read_agent_dynamics(LoadContext& c, const Fields& f, AgentSpec& a) {
  if (const Entry* e = f.find("hunt")) read_hunt(c, *e, a);
  if (const Entry* e = f.find("lifetime")) {
    if (auto cdf = read_cdf(c, *e)) a.bot_lifetime = *cdf;
  }
}

}  // namespace relaysim::scenario::detail

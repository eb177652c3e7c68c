// domains: the DNS of the scenario, MX and A records per mail domain.
#include <algorithm>

#include "scenario/loader_context.h"
#include "scenario/scenario_keys.h"

namespace relaysim::scenario::detail {
namespace {

constexpr std::string_view kNullMx = ".";
constexpr const char* kMxListExpected =
    text::N_("a list of MX hosts like [mx.example.org] or [{ host: mx.example.org, pref: 10 }]");
constexpr const char* kMxExpected = text::N_("an MX host like mx.example.org or { host: mx.example.org, pref: 10 }");

// A host, or "." for the null MX; "." is not a host name, so it is recognised before the lookup.
std::optional<std::string> mx_host(LoadContext& c, const YAML::Node& node, Pos pos) {
  if (node.IsScalar() && node.Scalar() == kNullMx) return std::string(kNullMx);
  return c.mta_ref(node, pos, c.tr(text::N_("MX host")));
}

Parsed<std::uint64_t> parse_preference(std::string_view text) {
  auto n = parse_count(text);
  if (n && n.value() > 65535) return Parsed<std::uint64_t>::fail(text::N_("'{1}' is not between 0 and 65535"), {text});
  return n;
}

// "host" or { host: h, pref: 20 }; a plain host has preference 10.
std::optional<MxRecord> read_mx(LoadContext& c, const YAML::Node& node) {
  if (node.IsScalar()) {
    auto host = mx_host(c, node, position(node));
    return host ? std::optional<MxRecord>({*host, 10}) : std::nullopt;
  }
  if (!node.IsMap()) {
    c.in.type_error(node, position(node), "mx", kMxExpected);
    return std::nullopt;
  }
  Fields f = c.in.fields(node, position(node), keys::kMxRecord, c.tr(text::N_("MX record")));
  const Entry* host_entry = f.find("host");
  auto host = host_entry ? mx_host(c, host_entry->value, host_entry->where()) : std::nullopt;
  auto pref = c.in.field(f, "pref", text::N_("a preference from 0 to 65535"), parse_preference);
  if (!host) return std::nullopt;
  return MxRecord{*host, static_cast<std::uint16_t>(pref.value_or(10))};
}

void read_mx_list(LoadContext& c, const std::vector<YAML::Node>& items, DomainSpec& domain) {
  std::optional<Pos> null_mx;
  for (const YAML::Node& item : items) {
    auto record = read_mx(c, item);
    if (!record) continue;
    if (record->host == kNullMx) {
      null_mx = position(item);
    } else if (std::any_of(domain.mx.begin(), domain.mx.end(), [&](const MxRecord& r) { return r.host == record->host; })) {
      c.in.error(position(item), text::N_("MX host '{1}' is listed twice for domain '{2}'"), {record->host, domain.name});
    } else {
      domain.mx.push_back(*record);
    }
  }
  if (null_mx && !domain.mx.empty()) {
    c.in.error(*null_mx, text::N_("null MX '.' cannot be combined with other MX hosts (RFC 7505: a domain that accepts no mail)"));
  }
  domain.null_mx = null_mx.has_value();
  std::stable_sort(domain.mx.begin(), domain.mx.end(),
                   [](const MxRecord& a, const MxRecord& b) { return a.preference < b.preference; });
}

DomainSpec read_domain(LoadContext& c, const Entry& entry) {
  DomainSpec domain;
  domain.name = entry.name;
  c.in.scalar(entry.key, position(entry.key), c.tr(text::N_("domain")), kHostnameExpected, parse_hostname);
  Fields f = c.in.fields(entry.value, entry.where(), keys::kDomain, c.tr(text::N_("domain '{1}'"), {domain.name}));
  domain.address = c.in.field(f, "address", kIpv4Expected, parse_ipv4);
  if (auto mx = c.in.list(f, "mx", kMxListExpected)) read_mx_list(c, *mx, domain);
  read_domain_authentication(c, f, domain);
  return domain;
}

}  // namespace

void read_domains(LoadContext& c) {
  for (const Entry& entry : c.names.domains) c.spec.domains.push_back(read_domain(c, entry));
}

}  // namespace relaysim::scenario::detail

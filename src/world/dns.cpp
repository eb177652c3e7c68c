#include "world/dns.h"

#include "mta/ipv4.h"

namespace relaysim::world {

Dns::Dns(const std::vector<DomainRecords>& domains, const Topology& topology) : topology_(topology) {
  zones_.reserve(domains.size() + topology.size());  // the domains, then each MTA's address literal
  for (const DomainRecords& d : domains) {
    Zone zone;
    zone.null_mx = d.null_mx;
    zone.records = &d;
    for (const MxRecord& mx : d.mx) {
      // The loader checked that every MX host is an MTA; MTAs are the first nodes.
      zone.hosts.push_back({topology.find(mx.host), mx.preference});
    }
    if (d.mx.empty() && !d.null_mx && d.address) {
      zone.hosts.push_back({topology.find_ip(*d.address), 0});  // RFC 5321 5.1 implicit MX
    }
    zones_.try_emplace(d.name, std::move(zone));
  }
  // Mail for user@[192.0.2.10] goes straight to that address (RFC 5321 4.1.3); only the
  // simulated MTAs answer there.
  for (std::uint32_t node = 0; node < topology.size(); ++node) {
    const Node& host = topology.node(node);
    if (host.kind != NodeKind::Mta) continue;
    Zone literal;
    literal.hosts.push_back({node, 0});
    zones_.try_emplace("[" + mta::format_ipv4(host.ip) + "]", std::move(literal));
  }
}

mta::MxAnswer Dns::lookup_mx(std::string_view domain) const {
  const Zone* zone = zones_.find(domain);
  if (zone == nullptr) return {mta::DnsStatus::NoSuchDomain, nullptr, 0};
  if (zone->null_mx) return {mta::DnsStatus::NullMx, nullptr, 0};
  return {mta::DnsStatus::Found, zone->hosts.data(), zone->hosts.size()};
}

bool Dns::txt(std::string_view domain, std::vector<std::string_view>& records) const {
  records.clear();
  const DomainRecords* d = this->records(domain);
  if (d != nullptr) records.assign(d->txt.begin(), d->txt.end());
  return d != nullptr || mta_named(domain) != mta::kNoSuchHost;
}

// An MTA's name is a host name with its address; agents' names are not in the DNS.
std::uint32_t Dns::mta_named(std::string_view name) const {
  const std::uint32_t node = topology_.find(name);
  return node != mta::kNoSuchHost && topology_.node(node).kind == NodeKind::Mta ? node : mta::kNoSuchHost;
}

void Dns::addresses(std::string_view domain, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (const DomainRecords* d = records(domain); d != nullptr && d->address) out.push_back(*d->address);
  if (const std::uint32_t node = mta_named(domain); node != mta::kNoSuchHost) out.push_back(topology_.node(node).ip);
}

void Dns::mx_hosts(std::string_view domain, std::vector<std::string_view>& out) const {
  out.clear();
  const DomainRecords* d = records(domain);
  if (d == nullptr) return;
  for (const MxRecord& mx : d->mx) out.push_back(mx.host);
}

const DomainRecords* Dns::records(std::string_view domain) const {
  const Zone* zone = zones_.find(domain);
  return zone == nullptr ? nullptr : zone->records;
}

}  // namespace relaysim::world

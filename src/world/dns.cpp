#include "world/dns.h"

namespace relaysim::world {

Dns::Dns(const std::vector<DomainRecords>& domains, const Topology& topology) {
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
    zones_.emplace(d.name, std::move(zone));
  }
}

mta::MxAnswer Dns::lookup_mx(std::string_view domain) const {
  const auto it = zones_.find(domain);
  if (it == zones_.end()) return {mta::DnsStatus::NoSuchDomain, nullptr, 0};
  if (it->second.null_mx) return {mta::DnsStatus::NullMx, nullptr, 0};
  return {mta::DnsStatus::Found, it->second.hosts.data(), it->second.hosts.size()};
}

const DomainRecords* Dns::records(std::string_view domain) const {
  const auto it = zones_.find(domain);
  return it == zones_.end() ? nullptr : it->second.records;
}

}  // namespace relaysim::world

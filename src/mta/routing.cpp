#include "mta/routing.h"

namespace relaysim::mta {

RouteStatus route_domain(std::string_view domain, std::uint32_t self,
                         std::optional<std::uint32_t> relayhost, const MxLookup& dns,
                         std::vector<std::uint32_t>& hops) {
  hops.clear();
  if (relayhost && *relayhost != self) {
    hops.push_back(*relayhost);
    return RouteStatus::Hosts;
  }
  const MxAnswer answer = dns.lookup_mx(domain);
  if (answer.status == DnsStatus::NullMx) return RouteStatus::NullMx;
  if (answer.status == DnsStatus::NoSuchDomain || answer.count == 0) return RouteStatus::NoSuchDomain;
  // RFC 5321 5.1: when we are one of the MX hosts, only more preferred hosts are candidates.
  std::uint32_t own_preference = UINT32_MAX;
  for (std::size_t i = 0; i < answer.count; ++i) {
    if (answer.hosts[i].mta == self && answer.hosts[i].preference < own_preference) {
      own_preference = answer.hosts[i].preference;
    }
  }
  for (std::size_t i = 0; i < answer.count; ++i) {
    if (answer.hosts[i].preference < own_preference && answer.hosts[i].mta != self) {
      hops.push_back(answer.hosts[i].mta);
    }
  }
  return hops.empty() ? RouteStatus::LoopsToSelf : RouteStatus::Hosts;
}

}  // namespace relaysim::mta

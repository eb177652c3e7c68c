// Where a domain's mail goes next: the relayhost, else the MX hosts by preference (never to
// ourselves or a less preferred host, RFC 5321 5.1), the implicit MX, or nowhere (a bounce).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace relaysim::mta {

inline constexpr std::uint32_t kNoSuchHost = UINT32_MAX;  // an address no simulated host answers

struct MxHost {
  std::uint32_t mta = kNoSuchHost;  // index of the MTA in the world
  std::uint16_t preference = 0;
};

enum class DnsStatus : std::uint8_t { Found, NullMx, NoSuchDomain };

struct MxAnswer {
  DnsStatus status = DnsStatus::NoSuchDomain;
  const MxHost* hosts = nullptr;  // sorted by preference; owned by the DNS
  std::size_t count = 0;
};

// The DNS as an MTA sees it. The world implements it from the scenario's records.
class MxLookup {
 public:
  virtual ~MxLookup() = default;
  // MX records of `domain`, or its address record as an implicit MX of preference 0.
  virtual MxAnswer lookup_mx(std::string_view domain) const = 0;
};

enum class RouteStatus : std::uint8_t {
  Hosts,         // try `hops` in order
  NullMx,        // the domain accepts no mail (RFC 7505): bounce with 556 5.1.10
  NoSuchDomain,  // no MX and no address: bounce with 5.4.4 (Postfix: Host or domain name not found)
  LoopsToSelf,   // we are the best MX yet do not accept the domain: bounce with 5.4.6
};

// Fills `hops` (cleared first, capacity reused) with the MTAs to try for `domain` from `self`.
RouteStatus route_domain(std::string_view domain, std::uint32_t self,
                         std::optional<std::uint32_t> relayhost, const MxLookup& dns,
                         std::vector<std::uint32_t>& hops);

}  // namespace relaysim::mta

// The scenario's DNS: MX and address records of its domains, answered as an MTA would see
// them (MX hosts resolved to the simulated MTAs that answer at those names).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "defence/spf.h"
#include "mta/routing.h"
#include "sim/prefetch.h"
#include "world/name_map.h"
#include "world/topology.h"
#include "world/world_config.h"

namespace relaysim::world {

class Dns final : public mta::MxLookup, public defence::SpfDns {
 public:
  // `domains` and `topology` must outlive the DNS.
  Dns(const std::vector<DomainRecords>& domains, const Topology& topology);
  // Cache warming ahead of lookup_mx(domain), a step at a time (see NameMap::warm).
  void warm_mx(std::string_view domain, int step) const {
    const Zone* zone = zones_.warm(domain, step);
    if (zone) sim::prefetch(zone->hosts.data());
  }
  mta::MxAnswer lookup_mx(std::string_view domain) const override;
  // What SPF asks: a domain's TXT records, the A records of a domain or an MTA's name, explicit MX hosts.
  bool txt(std::string_view domain, std::vector<std::string_view>& records) const override;
  void addresses(std::string_view domain, std::vector<std::uint32_t>& out) const override;
  void mx_hosts(std::string_view domain, std::vector<std::string_view>& out) const override;
  // The domain's records as the scenario gave them (SPF, DMARC), or nullptr for an unknown domain.
  const DomainRecords* records(std::string_view domain) const;

 private:
  struct Zone {
    bool null_mx = false;
    std::vector<mta::MxHost> hosts;
    const DomainRecords* records = nullptr;
  };
  std::uint32_t mta_named(std::string_view name) const;

  NameMap<Zone> zones_;
  const Topology& topology_;
};

}  // namespace relaysim::world

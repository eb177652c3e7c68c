// The scenario's DNS: MX and address records of its domains, answered as an MTA would see
// them (MX hosts resolved to the simulated MTAs that answer at those names).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mta/routing.h"
#include "world/topology.h"
#include "world/world_config.h"

namespace relaysim::world {

class Dns final : public mta::MxLookup {
 public:
  Dns(const std::vector<DomainRecords>& domains, const Topology& topology);
  mta::MxAnswer lookup_mx(std::string_view domain) const override;

 private:
  struct Zone {
    bool null_mx = false;
    std::vector<mta::MxHost> hosts;
  };
  std::unordered_map<std::string, Zone> zones_;
};

}  // namespace relaysim::world

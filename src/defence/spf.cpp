#include "defence/spf.h"

#include <algorithm>

namespace relaysim::defence {

SpfResult check_spf(const std::vector<mta::Cidr>* record, std::uint32_t ip) {
  if (record == nullptr) return SpfResult::None;
  const bool authorized =
      std::any_of(record->begin(), record->end(), [ip](const mta::Cidr& net) { return net.contains(ip); });
  return authorized ? SpfResult::Pass : SpfResult::Fail;
}

DmarcDisposition dmarc_disposition(DmarcPolicy policy, SpfResult spf) {
  if (spf == SpfResult::Pass) return DmarcDisposition::Deliver;
  switch (policy) {
    case DmarcPolicy::Absent:
    case DmarcPolicy::None:
      return DmarcDisposition::Deliver;
    case DmarcPolicy::Quarantine:
      return DmarcDisposition::Quarantine;
    case DmarcPolicy::Reject:
      return DmarcDisposition::Reject;
  }
  return DmarcDisposition::Deliver;  // unreachable: every policy is handled above
}

}  // namespace relaysim::defence

#include "defence/dmarc.h"

namespace relaysim::defence {

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

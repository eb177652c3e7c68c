// DMARC (RFC 7489), simplified: the policy a domain publishes, applied when SPF does not pass.
#pragma once

#include <cstdint>

#include "defence/spf.h"

namespace relaysim::defence {

enum class DmarcPolicy {
  Absent,      // no DMARC record: the receiver's own judgment, here delivery
  None,        // p=none: monitor only
  Quarantine,  // p=quarantine: to the junk folder
  Reject,      // p=reject: refused at the end of DATA, once the From header is known
};

enum class DmarcDisposition { Deliver, Quarantine, Reject };

// DMARC passes when SPF passes: the model has no DKIM yet and checks the envelope sender's
// domain, so SPF's identifier counts as aligned. Otherwise the policy applies to every failing
// message (pct=100).
DmarcDisposition dmarc_disposition(DmarcPolicy policy, SpfResult spf);

}  // namespace relaysim::defence

// Sender authentication, simplified: SPF (RFC 7208) as a list of networks allowed to send
// for a domain, and DMARC (RFC 7489) as the policy applied when SPF does not pass.
#pragma once

#include <cstdint>
#include <vector>

#include "mta/ipv4.h"

namespace relaysim::defence {

enum class SpfResult {
  None,  // the domain publishes no SPF record
  Pass,  // the client is among the authorized networks
  Fail,  // it is not: every record here ends in "-all"
};

// `record` lists the networks the domain authorizes ("ip4:" terms; the caller expands "a" and
// "mx" into addresses), or is nullptr when the domain has none. No DNS lookups happen here,
// so RFC 7208's limit of 10 lookups is the caller's to enforce.
SpfResult check_spf(const std::vector<mta::Cidr>* record, std::uint32_t ip);

enum class DmarcPolicy {
  Absent,      // no DMARC record: the receiver's own judgment, here delivery
  None,        // p=none: monitor only
  Quarantine,  // p=quarantine: to the junk folder
  Reject,      // p=reject: refused at the end of DATA, once the From header is known
};

enum class DmarcDisposition { Deliver, Quarantine, Reject };

// DMARC passes when SPF passes: the model has no DKIM, and its one sender address is both
// the envelope and the header From, so SPF's identifier is always aligned. Otherwise the
// policy applies to every failing message (pct=100).
DmarcDisposition dmarc_disposition(DmarcPolicy policy, SpfResult spf);

}  // namespace relaysim::defence

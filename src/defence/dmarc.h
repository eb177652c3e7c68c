// DMARC (RFC 7489): the policy a domain publishes for mail whose header From names it, applied
// when neither SPF nor DKIM passes for a domain aligned with that From.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "defence/dkim.h"
#include "defence/spf.h"

namespace relaysim::defence {

enum class DmarcPolicy : std::uint8_t {
  Absent,      // no DMARC record: the receiver's own judgment, here delivery
  None,        // p=none: monitor only
  Quarantine,  // p=quarantine: to the junk folder
  Reject,      // p=reject: refused at the end of DATA, once the From header is known
};

// The _dmarc TXT record: "v=DMARC1; p=reject; pct=50; aspf=s; adkim=r".
struct DmarcRecord {
  DmarcPolicy policy = DmarcPolicy::Absent;
  int pct = 100;             // the share of failing mail the policy applies to
  bool strict_spf = false;   // aspf=s: the envelope sender's domain must equal the From domain
  bool strict_dkim = false;  // adkim=s: the signing domain must equal the From domain
};

// "v=DMARC1; p=reject; pct=50; aspf=s": the tags this model uses (v, p, pct, aspf, adkim) are
// checked, the others (rua, ruf, sp, fo, ri) accepted and ignored; nullopt for a record a
// receiver would discard (no v=DMARC1 first, no valid p=).
std::optional<DmarcRecord> parse_dmarc_record(std::string_view text);

enum class DmarcResult : std::uint8_t { None, Pass, Fail };
std::string_view dmarc_result_name(DmarcResult result);

// What the receiver authenticated, and for which domains.
struct DmarcInput {
  std::string_view from_domain;  // the header From's
  SpfResult spf = SpfResult::None;
  std::string_view spf_domain;   // the domain SPF checked (the envelope sender's)
  DkimResult dkim = DkimResult::None;
  std::string_view dkim_domain;  // the signature's d=
};

// Organizational domains are the last two labels: the model has no Public Suffix List (a
// scenario's domains are one label under a TLD such as .example).
std::string_view organizational_domain(std::string_view domain);
// RFC 7489 3.1: relaxed alignment is the same organizational domain, strict the same domain.
bool aligned(std::string_view a, std::string_view b, bool strict);

// Pass when SPF or DKIM passes for an aligned domain; none without a record.
DmarcResult dmarc_result(const DmarcRecord& record, const DmarcInput& input);

enum class DmarcDisposition : std::uint8_t { Deliver, Quarantine, Reject };

// What the receiver does with a message: the policy for one that fails, applied to `pct` % of
// them; `draw` (uniform in [0, 1)) picks which. The others get the next gentler policy
// (RFC 7489 6.6.4: reject becomes quarantine, quarantine becomes none).
DmarcDisposition dmarc_disposition(const DmarcRecord& record, DmarcResult result, double draw);

}  // namespace relaysim::defence

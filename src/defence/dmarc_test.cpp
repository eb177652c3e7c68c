// DMARC against RFC 7489: its record, identifier alignment and what a receiver does.
#include "defence/dmarc.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using defence::DkimResult;
using defence::DmarcDisposition;
using defence::DmarcPolicy;
using defence::DmarcResult;
using defence::SpfResult;

namespace {

defence::DmarcRecord reject(bool strict = false) {
  defence::DmarcRecord r;
  r.policy = DmarcPolicy::Reject;
  r.strict_spf = r.strict_dkim = strict;
  return r;
}

}  // namespace

TEST_CASE("A DMARC record reads its policy, pct and alignment modes, and a record without v=DMARC1 first is none",
          "[defence][dmarc]") {
  const auto r = defence::parse_dmarc_record("v=DMARC1; p=quarantine; pct=25; aspf=s; rua=mailto:d@bank.example");
  REQUIRE(r);
  CHECK(r->policy == DmarcPolicy::Quarantine);
  CHECK(r->pct == 25);
  CHECK(r->strict_spf);
  CHECK_FALSE(r->strict_dkim);
  CHECK(defence::parse_dmarc_record("v=DMARC1;p=reject")->pct == 100);
  CHECK_FALSE(defence::parse_dmarc_record("p=reject; v=DMARC1"));
  CHECK_FALSE(defence::parse_dmarc_record("v=DMARC1; p=block"));
  CHECK_FALSE(defence::parse_dmarc_record("v=DMARC1; p=reject; pct=101"));
  CHECK_FALSE(defence::parse_dmarc_record("v=DMARC1"));
}

TEST_CASE("Relaxed alignment is the same organizational domain, strict the same domain", "[defence][dmarc]") {
  CHECK(defence::organizational_domain("mail.bank.example") == "bank.example");
  CHECK(defence::aligned("mail.bank.example", "bank.example", false));
  CHECK_FALSE(defence::aligned("mail.bank.example", "bank.example", true));
  CHECK(defence::aligned("bank.example", "bank.example", true));
  CHECK_FALSE(defence::aligned("bank-secure.example", "bank.example", false));
}

TEST_CASE("DMARC passes on SPF or DKIM for a domain aligned with the header From, and on nothing else",
          "[defence][dmarc]") {
  // A phisher's own domain passes SPF, but it is not the bank's.
  CHECK(defence::dmarc_result(reject(), {"bank.example", SpfResult::Pass, "phish.example", DkimResult::None, {}}) ==
        DmarcResult::Fail);
  CHECK(defence::dmarc_result(reject(), {"bank.example", SpfResult::Pass, "bank.example", DkimResult::None, {}}) ==
        DmarcResult::Pass);
  // Forwarded: SPF fails at the final server, the bank's signature survives.
  CHECK(defence::dmarc_result(reject(), {"bank.example", SpfResult::Fail, "bank.example", DkimResult::Pass,
                                         "bank.example"}) == DmarcResult::Pass);
  CHECK(defence::dmarc_result(reject(true), {"bank.example", SpfResult::Pass, "mail.bank.example", DkimResult::None,
                                             {}}) == DmarcResult::Fail);
  CHECK(defence::dmarc_result({}, {"bank.example", SpfResult::Fail, "x.example", DkimResult::None, {}}) ==
        DmarcResult::None);
}

TEST_CASE("A failing message meets its policy, pct of them, the others the next gentler one", "[defence][dmarc]") {
  defence::DmarcRecord r = reject();
  CHECK(defence::dmarc_disposition(r, DmarcResult::Pass, 0.0) == DmarcDisposition::Deliver);
  CHECK(defence::dmarc_disposition(r, DmarcResult::Fail, 0.99) == DmarcDisposition::Reject);
  r.pct = 50;
  CHECK(defence::dmarc_disposition(r, DmarcResult::Fail, 0.49) == DmarcDisposition::Reject);
  CHECK(defence::dmarc_disposition(r, DmarcResult::Fail, 0.5) == DmarcDisposition::Quarantine);
  r.policy = DmarcPolicy::Quarantine;
  CHECK(defence::dmarc_disposition(r, DmarcResult::Fail, 0.5) == DmarcDisposition::Deliver);
  r.policy = DmarcPolicy::None;
  CHECK(defence::dmarc_disposition(r, DmarcResult::Fail, 0.0) == DmarcDisposition::Deliver);
}

TEST_CASE("A DKIM signature verifies with a valid key on an unaltered message only", "[defence][dkim]") {
  CHECK(defence::verify_dkim(false, defence::DkimKey::Valid, false) == DkimResult::None);
  CHECK(defence::verify_dkim(true, defence::DkimKey::Valid, false) == DkimResult::Pass);
  CHECK(defence::verify_dkim(true, defence::DkimKey::Valid, true) == DkimResult::Fail);
  CHECK(defence::verify_dkim(true, defence::DkimKey::Broken, false) == DkimResult::Fail);
  CHECK(defence::verify_dkim(true, defence::DkimKey::Missing, false) == DkimResult::PermError);
  CHECK(defence::dkim_result_name(DkimResult::PermError) == "permerror");
}

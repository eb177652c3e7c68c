#include "defence/dmarc.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using defence::DmarcDisposition;
using defence::DmarcPolicy;
using defence::SpfResult;

TEST_CASE("DMARC delivers whatever its policy when SPF passes", "[defence][dmarc]") {
  for (const auto policy :
       {DmarcPolicy::Absent, DmarcPolicy::None, DmarcPolicy::Quarantine, DmarcPolicy::Reject}) {
    CHECK(defence::dmarc_disposition(policy, SpfResult::Pass) == DmarcDisposition::Deliver);
  }
}

TEST_CASE("DMARC applies its policy when SPF fails or is missing", "[defence][dmarc]") {
  for (const auto spf : {SpfResult::Fail, SpfResult::None, SpfResult::SoftFail, SpfResult::PermError}) {
    CHECK(defence::dmarc_disposition(DmarcPolicy::Absent, spf) == DmarcDisposition::Deliver);
    CHECK(defence::dmarc_disposition(DmarcPolicy::None, spf) == DmarcDisposition::Deliver);
    CHECK(defence::dmarc_disposition(DmarcPolicy::Quarantine, spf) == DmarcDisposition::Quarantine);
    CHECK(defence::dmarc_disposition(DmarcPolicy::Reject, spf) == DmarcDisposition::Reject);
  }
}

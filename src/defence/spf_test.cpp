#include "defence/spf.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using defence::DmarcDisposition;
using defence::DmarcPolicy;
using defence::SpfResult;

namespace {
constexpr std::uint32_t kMx = 0xC000020A;          // 192.0.2.10
constexpr std::uint32_t kCampusHost = 0xC6336405;  // 198.51.100.5
constexpr std::uint32_t kForgingBot = 0xCB007107;         // 203.0.113.7
}  // namespace

TEST_CASE("a domain without an SPF record gives none", "[defence][spf]") {
  CHECK(defence::check_spf(nullptr, kForgingBot) == SpfResult::None);
}

TEST_CASE("SPF passes an authorized address or network and fails any other", "[defence][spf]") {
  const std::vector<mta::Cidr> record{{kMx, 32}, {0xC6336400, 24}};
  CHECK(defence::check_spf(&record, kMx) == SpfResult::Pass);
  CHECK(defence::check_spf(&record, kCampusHost) == SpfResult::Pass);
  CHECK(defence::check_spf(&record, kMx + 1) == SpfResult::Fail);
  CHECK(defence::check_spf(&record, kForgingBot) == SpfResult::Fail);
}

TEST_CASE("an empty SPF record authorizes nobody", "[defence][spf]") {
  const std::vector<mta::Cidr> record;  // "v=spf1 -all"
  CHECK(defence::check_spf(&record, kMx) == SpfResult::Fail);
}

TEST_CASE("DMARC delivers whatever its policy when SPF passes", "[defence][dmarc]") {
  for (const auto policy :
       {DmarcPolicy::Absent, DmarcPolicy::None, DmarcPolicy::Quarantine, DmarcPolicy::Reject}) {
    CHECK(defence::dmarc_disposition(policy, SpfResult::Pass) == DmarcDisposition::Deliver);
  }
}

TEST_CASE("DMARC applies its policy when SPF fails or is missing", "[defence][dmarc]") {
  for (const auto spf : {SpfResult::Fail, SpfResult::None}) {
    CHECK(defence::dmarc_disposition(DmarcPolicy::Absent, spf) == DmarcDisposition::Deliver);
    CHECK(defence::dmarc_disposition(DmarcPolicy::None, spf) == DmarcDisposition::Deliver);
    CHECK(defence::dmarc_disposition(DmarcPolicy::Quarantine, spf) == DmarcDisposition::Quarantine);
    CHECK(defence::dmarc_disposition(DmarcPolicy::Reject, spf) == DmarcDisposition::Reject);
  }
}

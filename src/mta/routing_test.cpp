#include "mta/routing.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

using namespace relaysim;

namespace {

// A DNS with fixed answers for the routing rules under test.
class FixedDns final : public mta::MxLookup {
 public:
  std::map<std::string, std::vector<mta::MxHost>> zones;
  std::map<std::string, bool> null_mx;
  mta::MxAnswer lookup_mx(std::string_view domain) const override {
    const std::string d(domain);
    if (null_mx.count(d)) return {mta::DnsStatus::NullMx, nullptr, 0};
    const auto it = zones.find(d);
    if (it == zones.end()) return {mta::DnsStatus::NoSuchDomain, nullptr, 0};
    return {mta::DnsStatus::Found, it->second.data(), it->second.size()};
  }
};

}  // namespace

TEST_CASE("MX hosts are tried in order of preference") {
  FixedDns dns;
  dns.zones["example.org"] = {{1, 10}, {2, 20}};
  std::vector<std::uint32_t> hops;
  CHECK(mta::route_domain("example.org", 0, std::nullopt, dns, hops) == mta::RouteStatus::Hosts);
  CHECK(hops == std::vector<std::uint32_t>{1, 2});
}

TEST_CASE("a backup MX only passes mail to more preferred hosts") {
  FixedDns dns;
  dns.zones["example.org"] = {{1, 10}, {2, 20}, {3, 30}};
  std::vector<std::uint32_t> hops;
  CHECK(mta::route_domain("example.org", 2, std::nullopt, dns, hops) == mta::RouteStatus::Hosts);
  CHECK(hops == std::vector<std::uint32_t>{1});
}

TEST_CASE("the most preferred MX that does not accept the domain finds that mail loops back to itself") {
  FixedDns dns;
  dns.zones["example.org"] = {{1, 10}, {2, 20}};
  std::vector<std::uint32_t> hops;
  CHECK(mta::route_domain("example.org", 1, std::nullopt, dns, hops) == mta::RouteStatus::LoopsToSelf);
}

TEST_CASE("a relayhost takes all mail whatever the MX records say") {
  FixedDns dns;
  dns.zones["example.org"] = {{1, 10}};
  std::vector<std::uint32_t> hops;
  CHECK(mta::route_domain("example.org", 0, 7u, dns, hops) == mta::RouteStatus::Hosts);
  CHECK(hops == std::vector<std::uint32_t>{7});
}

TEST_CASE("a null MX and an unknown domain are not routable") {
  FixedDns dns;
  dns.null_mx["nomail.example"] = true;
  std::vector<std::uint32_t> hops;
  CHECK(mta::route_domain("nomail.example", 0, std::nullopt, dns, hops) == mta::RouteStatus::NullMx);
  CHECK(mta::route_domain("nowhere.example", 0, std::nullopt, dns, hops) == mta::RouteStatus::NoSuchDomain);
}

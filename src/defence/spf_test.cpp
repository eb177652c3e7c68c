// check_host() against RFC 7208: the zone of its Appendix A and the rules of sections 4 and 5.
#include "defence/spf.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

using namespace relaysim;
using defence::SpfResult;

namespace {

constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) { return (a << 24) | (b << 16) | (c << 8) | d; }

// A DNS of plain maps, as the tests write it.
struct TestDns : defence::SpfDns {
  std::map<std::string, std::vector<std::string>, std::less<>> txts;
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> a;
  std::map<std::string, std::vector<std::string>, std::less<>> mx;

  bool txt(std::string_view domain, std::vector<std::string_view>& out) const override {
    out.clear();
    const auto it = txts.find(domain);
    if (it == txts.end()) return a.contains(domain) || mx.contains(domain);
    out.assign(it->second.begin(), it->second.end());
    return true;
  }
  void addresses(std::string_view domain, std::vector<std::uint32_t>& out) const override {
    const auto it = a.find(domain);
    out = it == a.end() ? std::vector<std::uint32_t>{} : it->second;
  }
  void mx_hosts(std::string_view domain, std::vector<std::string_view>& out) const override {
    out.clear();
    const auto it = mx.find(domain);
    if (it != mx.end()) out.assign(it->second.begin(), it->second.end());
  }
};

// RFC 7208 Appendix A: example.com's hosts and MX, in IPv4.
TestDns appendix_a() {
  TestDns dns;
  dns.a["example.com"] = {ip(192, 0, 2, 10), ip(192, 0, 2, 11)};
  dns.a["amy.example.com"] = {ip(192, 0, 2, 65)};
  dns.a["bob.example.com"] = {ip(192, 0, 2, 66)};
  dns.a["mail-a.example.com"] = {ip(192, 0, 2, 129)};
  dns.a["mail-b.example.com"] = {ip(192, 0, 2, 130)};
  dns.a["www.example.com"] = {ip(192, 0, 2, 10), ip(192, 0, 2, 11)};
  dns.mx["example.com"] = {"mail-a.example.com", "mail-b.example.com"};
  dns.a["mail-c.example.org"] = {ip(192, 0, 2, 140)};
  dns.mx["example.org"] = {"mail-c.example.org"};
  return dns;
}

SpfResult check(TestDns dns, const std::string& record, std::uint32_t client) {
  dns.txts["example.com"] = {record};
  defence::SpfEvaluator spf(dns);
  return spf.check_host(client, "example.com").result;
}

}  // namespace

TEST_CASE("The examples of RFC 7208 appendix A.1 give the results it lists", "[defence][spf]") {
  const TestDns dns = appendix_a();
  CHECK(check(dns, "v=spf1 +all", ip(203, 0, 113, 7)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 a -all", ip(192, 0, 2, 10)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 a -all", ip(192, 0, 2, 65)) == SpfResult::Fail);
  CHECK(check(dns, "v=spf1 a:example.org -all", ip(192, 0, 2, 10)) == SpfResult::Fail);  // example.org has no A
  CHECK(check(dns, "v=spf1 mx -all", ip(192, 0, 2, 129)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 mx -all", ip(192, 0, 2, 10)) == SpfResult::Fail);
  CHECK(check(dns, "v=spf1 mx:example.org -all", ip(192, 0, 2, 140)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 mx mx:example.org -all", ip(192, 0, 2, 140)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 mx/30 mx:example.org/30 -all", ip(192, 0, 2, 131)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 ip4:192.0.2.128/28 -all", ip(192, 0, 2, 140)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 ip4:192.0.2.128/28 -all", ip(192, 0, 2, 65)) == SpfResult::Fail);
}

TEST_CASE("Each qualifier gives its result, and a record where nothing matches is neutral", "[defence][spf]") {
  const TestDns dns = appendix_a();
  CHECK(check(dns, "v=spf1 -all", ip(192, 0, 2, 10)) == SpfResult::Fail);
  CHECK(check(dns, "v=spf1 ~all", ip(192, 0, 2, 10)) == SpfResult::SoftFail);
  CHECK(check(dns, "v=spf1 ?all", ip(192, 0, 2, 10)) == SpfResult::Neutral);
  CHECK(check(dns, "v=spf1 ip4:192.0.2.10", ip(203, 0, 113, 7)) == SpfResult::Neutral);
  CHECK(check(dns, "v=spf1 ip6:2001:db8::/32 -all", ip(192, 0, 2, 10)) == SpfResult::Fail);  // never an IPv4 client
  CHECK(check(dns, "V=SPF1 IP4:192.0.2.10 -ALL", ip(192, 0, 2, 10)) == SpfResult::Pass);     // names in any case
}

TEST_CASE("A domain without an SPF record, or that does not exist, gives none", "[defence][spf]") {
  TestDns dns = appendix_a();
  dns.txts["example.com"] = {"google-site-verification=abc", "v=spf10 -all"};
  defence::SpfEvaluator spf(dns);
  CHECK(spf.check_host(ip(192, 0, 2, 10), "example.com").result == SpfResult::None);
  CHECK(spf.check_host(ip(192, 0, 2, 10), "nowhere.example").result == SpfResult::None);
  CHECK(spf.check_host(ip(192, 0, 2, 10), "not a domain").result == SpfResult::None);
}

TEST_CASE("include passes on its target's pass only, and a target without a record is a permerror",
          "[defence][spf]") {
  TestDns dns = appendix_a();
  dns.txts["_spf.provider.example"] = {"v=spf1 ip4:198.51.100.0/24 -all"};
  CHECK(check(dns, "v=spf1 include:_spf.provider.example -all", ip(198, 51, 100, 9)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 include:_spf.provider.example -all", ip(203, 0, 113, 7)) == SpfResult::Fail);
  CHECK(check(dns, "v=spf1 include:_spf.provider.example ~all", ip(203, 0, 113, 7)) == SpfResult::SoftFail);
  CHECK(check(dns, "v=spf1 include:amy.example.com -all", ip(192, 0, 2, 65)) == SpfResult::PermError);
}

TEST_CASE("redirect hands the whole check to another domain when nothing matched here", "[defence][spf]") {
  TestDns dns = appendix_a();
  dns.txts["_spf.provider.example"] = {"v=spf1 ip4:198.51.100.0/24 -all"};
  CHECK(check(dns, "v=spf1 redirect=_spf.provider.example", ip(198, 51, 100, 9)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 redirect=_spf.provider.example", ip(203, 0, 113, 7)) == SpfResult::Fail);
  // A mechanism that matches first wins; "all" makes the redirect unused.
  CHECK(check(dns, "v=spf1 ip4:203.0.113.7 redirect=_spf.provider.example", ip(203, 0, 113, 7)) == SpfResult::Pass);
  CHECK(check(dns, "v=spf1 ?all redirect=_spf.provider.example", ip(203, 0, 113, 7)) == SpfResult::Neutral);
  CHECK(check(dns, "v=spf1 redirect=nowhere.example", ip(203, 0, 113, 7)) == SpfResult::PermError);
}

TEST_CASE("More than 10 terms that query the DNS make the record a permerror", "[defence][spf]") {
  TestDns dns = appendix_a();
  for (int i = 0; i < 11; ++i) dns.txts["l" + std::to_string(i) + ".example"] = {"v=spf1 a:example.com"};
  std::string ten = "v=spf1";
  for (int i = 0; i < 5; ++i) ten += " include:l" + std::to_string(i) + ".example";  // 5 includes + 5 a: = 10
  CHECK(check(dns, ten + " -all", ip(203, 0, 113, 7)) == SpfResult::Fail);
  CHECK(check(dns, ten + " a -all", ip(203, 0, 113, 7)) == SpfResult::PermError);  // the 11th
  // An include that loops reaches the limit too.
  dns.txts["loop.example"] = {"v=spf1 include:loop.example -all"};
  CHECK(check(dns, "v=spf1 include:loop.example -all", ip(203, 0, 113, 7)) == SpfResult::PermError);
  // Terms that query nothing (ip4, all) do not count.
  std::string many = "v=spf1";
  for (int i = 0; i < 20; ++i) many += " ip4:198.51.100." + std::to_string(i);
  CHECK(check(dns, many + " -all", ip(198, 51, 100, 19)) == SpfResult::Pass);
}

TEST_CASE("More than two lookups that find nothing make the record a permerror", "[defence][spf]") {
  const TestDns dns = appendix_a();
  CHECK(check(dns, "v=spf1 a:n1.example a:n2.example -all", ip(203, 0, 113, 7)) == SpfResult::Fail);
  CHECK(check(dns, "v=spf1 a:n1.example a:n2.example a:n3.example -all", ip(203, 0, 113, 7)) == SpfResult::PermError);
}

TEST_CASE("A syntax error anywhere, two records or two redirects make a permerror", "[defence][spf]") {
  TestDns dns = appendix_a();
  CHECK(check(dns, "v=spf1 +all ip4:192.0.2.300", ip(203, 0, 113, 7)) == SpfResult::PermError);
  CHECK(check(dns, "v=spf1 ip4:192.0.2.1/33 -all", ip(203, 0, 113, 7)) == SpfResult::PermError);
  CHECK(check(dns, "v=spf1 a:%{d}.example -all", ip(203, 0, 113, 7)) == SpfResult::PermError);  // macros: not modelled
  CHECK(check(dns, "v=spf1 aa -all", ip(203, 0, 113, 7)) == SpfResult::PermError);
  CHECK(check(dns, "v=spf1 all:x", ip(203, 0, 113, 7)) == SpfResult::PermError);
  CHECK(check(dns, "v=spf1 redirect=a.example redirect=b.example", ip(203, 0, 113, 7)) == SpfResult::PermError);
  CHECK(check(dns, "v=spf1 -all exp=explain.example", ip(203, 0, 113, 7)) == SpfResult::Fail);  // exp= is fine
  dns.txts["example.com"] = {"v=spf1 -all", "v=spf1 +all"};
  defence::SpfEvaluator spf(dns);
  CHECK(spf.check_host(ip(203, 0, 113, 7), "example.com").result == SpfResult::PermError);
}

TEST_CASE("The verdict names the mechanism that decided and the domain whose record held it", "[defence][spf]") {
  TestDns dns = appendix_a();
  dns.txts["example.com"] = {"v=spf1 include:_spf.provider.example -all"};
  dns.txts["_spf.provider.example"] = {"v=spf1 ip4:198.51.100.0/24 -all"};
  defence::SpfEvaluator spf(dns);
  const defence::SpfVerdict fail = spf.check_host(ip(203, 0, 113, 7), "example.com");
  CHECK(fail.term == "-all");
  CHECK(fail.domain == "example.com");
  const defence::SpfVerdict pass = spf.check_host(ip(198, 51, 100, 1), "example.com");
  CHECK(pass.term == "include:_spf.provider.example");
  CHECK(defence::spf_result_name(pass.result) == "pass");
}

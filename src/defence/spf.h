// Sender Policy Framework (RFC 7208): check_host() evaluating the "v=spf1" TXT record a domain
// publishes, with ip4/ip6, a, mx, include, exists and all, qualifiers, redirect, and the limits
// of 10 DNS-querying terms and 2 void lookups. Sans-IO: the DNS answers through SpfDns.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace relaysim::defence {

// RFC 7208 2.6, in the order of section 2.6's list.
enum class SpfResult : std::uint8_t { None, Neutral, Pass, Fail, SoftFail, TempError, PermError };
// "none", "neutral", "pass", "fail", "softfail", "temperror", "permerror" (as Authentication-Results writes them).
std::string_view spf_result_name(SpfResult result);

// What check_host() asks the DNS. Answers go into the caller's buffers, which it reuses, so that
// a check allocates nothing once they have grown.
class SpfDns {
 public:
  virtual ~SpfDns() = default;
  // The domain's TXT records; false if the domain does not exist (NXDOMAIN).
  virtual bool txt(std::string_view domain, std::vector<std::string_view>& records) const = 0;
  // Its A records (IPv4, host byte order).
  virtual void addresses(std::string_view domain, std::vector<std::uint32_t>& out) const = 0;
  // The host names of its MX records, explicit ones only (RFC 7208 5.4: no implicit MX).
  virtual void mx_hosts(std::string_view domain, std::vector<std::string_view>& out) const = 0;
};

// One evaluation's answer, and the term that decided it (for --explain and the headers): the
// matching mechanism as written, "" when none matched (neutral by default) or there was no record.
struct SpfVerdict {
  SpfResult result = SpfResult::None;
  std::string_view term;
  std::string_view domain;  // whose record decided (an include's or a redirect's target)
};

class SpfEvaluator {
 public:
  explicit SpfEvaluator(const SpfDns& dns) : dns_(dns) {}
  // check_host(ip, domain, sender) for a client at `ip` sending as someone at `domain` (the
  // envelope sender's domain, or the HELO name for the null sender). Macros (RFC 7208 7) are
  // not expanded: a record that uses one is a permerror here.
  SpfVerdict check_host(std::uint32_t ip, std::string_view domain);

 private:
  SpfVerdict evaluate(std::uint32_t ip, std::string_view domain, int depth);
  void lookup_addresses(std::string_view domain);
  bool matches_addresses(std::uint32_t ip, std::string_view domain, int prefix);
  bool count_lookup();

  const SpfDns& dns_;
  int lookups_ = 0;
  int void_lookups_ = 0;
  bool limit_exceeded_ = false;
  std::vector<std::string_view> records_;
  std::vector<std::string_view> hosts_;
  std::vector<std::uint32_t> addresses_;
};

}  // namespace relaysim::defence

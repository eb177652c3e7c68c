#include "defence/spf.h"

#include <optional>

#include "mta/ipv4.h"
#include "smtp/ascii_case.h"

namespace relaysim::defence {
namespace {

// RFC 7208 4.6.4: at most 10 terms that query the DNS, and at most 2 of them answered with nothing.
constexpr int kMaxLookups = 10;
constexpr int kMaxVoidLookups = 2;
constexpr int kMaxMxHosts = 10;
// include and redirect nest; the lookup limit ends any loop long before this.
constexpr int kMaxDepth = 12;

enum class Mechanism : std::uint8_t { All, Include, A, Mx, Ptr, Ip4, Ip6, Exists };

// One term of a record, parsed. Views point into the record's text.
struct Term {
  bool modifier = false;
  std::string_view text;  // the whole term, for the verdict
  // A mechanism:
  SpfResult on_match = SpfResult::Pass;  // its qualifier: + pass, - fail, ~ softfail, ? neutral
  Mechanism mechanism = Mechanism::All;
  std::string_view domain;  // empty: the domain being checked
  std::uint32_t ip4 = 0;
  int prefix = 32;
  // A modifier: name=value.
  std::string_view name;
  std::string_view value;
};

bool in_network(std::uint32_t ip, std::uint32_t network, int prefix) {
  return (ip & mta::cidr_mask(prefix)) == (network & mta::cidr_mask(prefix));
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A domain-spec without macros: dot-separated labels of letters, digits, '-' and '_'.
bool valid_domain(std::string_view d) {
  if (d.empty() || d.front() == '.' || d.back() == '.' || d.find("..") != std::string_view::npos) return false;
  for (const char c : d) {
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::optional<int> number(std::string_view text, int max) {
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text.front() == '0')) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value <= max ? std::optional{value} : std::nullopt;
}

std::optional<std::uint32_t> ipv4(std::string_view text) {
  std::uint32_t address = 0;
  for (int octet = 0; octet < 4; ++octet) {
    const std::size_t dot = octet < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos) return std::nullopt;
    const auto value = number(text.substr(0, dot), 255);
    if (!value) return std::nullopt;
    address = (address << 8) | static_cast<std::uint32_t>(*value);
    text.remove_prefix(octet < 3 ? dot + 1 : dot);
  }
  return address;
}

// Enough of RFC 4291's text form to tell a valid ip6: term from a typo; no IPv4 client matches it.
bool ipv6(std::string_view text) {
  if (text.size() < 2 || text.find(':') == std::string_view::npos) return false;
  for (const char c : text) {
    if (!is_digit(c) && !(smtp::to_lower(c) >= 'a' && smtp::to_lower(c) <= 'f') && c != ':' && c != '.') return false;
  }
  return true;
}

// "a", "a:example.org", "a/24", "a:example.org/24//64": the domain and the IPv4 prefix.
bool domain_and_cidr(std::string_view rest, Term& term) {
  const std::size_t slash = rest.find('/');
  std::string_view cidr = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  std::string_view domain = rest.substr(0, slash);
  if (!domain.empty()) {
    if (domain.front() != ':' || !valid_domain(domain.substr(1))) return false;
    term.domain = domain.substr(1);
  }
  if (cidr.empty()) return true;
  const std::size_t ip6 = cidr.find("//");
  if (ip6 != std::string_view::npos) {
    if (!number(cidr.substr(ip6 + 2), 128)) return false;
    cidr = cidr.substr(0, ip6);
  }
  if (cidr.empty()) return true;
  const auto prefix = number(cidr.substr(1), 32);
  if (!prefix) return false;
  term.prefix = *prefix;
  return true;
}

// A term as RFC 7208 4.6.1 writes it, or nullopt for a syntax error (a permerror).
std::optional<Term> parse_term(std::string_view text) {
  Term term;
  term.text = text;
  const std::size_t name_end = text.find_first_of(":/=");
  if (name_end != std::string_view::npos && text[name_end] == '=') {
    term.modifier = true;
    term.name = text.substr(0, name_end);
    term.value = text.substr(name_end + 1);
    if (term.name.empty() || !is_alpha(term.name.front())) return std::nullopt;
    return term;
  }
  switch (text.empty() ? '\0' : text.front()) {
    case '+': term.on_match = SpfResult::Pass; text.remove_prefix(1); break;
    case '-': term.on_match = SpfResult::Fail; text.remove_prefix(1); break;
    case '~': term.on_match = SpfResult::SoftFail; text.remove_prefix(1); break;
    case '?': term.on_match = SpfResult::Neutral; text.remove_prefix(1); break;
    default: break;
  }
  const std::size_t end = text.find_first_of(":/");
  const std::string_view name = text.substr(0, end);
  const std::string_view rest = end == std::string_view::npos ? std::string_view() : text.substr(end);
  const bool has_domain = rest.size() > 1 && rest.front() == ':';
  if (smtp::equal_ignoring_case(name, "all")) {
    term.mechanism = Mechanism::All;
    return rest.empty() ? std::optional{term} : std::nullopt;
  }
  if (smtp::equal_ignoring_case(name, "include") || smtp::equal_ignoring_case(name, "exists")) {
    term.mechanism = smtp::equal_ignoring_case(name, "include") ? Mechanism::Include : Mechanism::Exists;
    if (!has_domain || !valid_domain(rest.substr(1))) return std::nullopt;
    term.domain = rest.substr(1);
    return term;
  }
  if (smtp::equal_ignoring_case(name, "a") || smtp::equal_ignoring_case(name, "mx")) {
    term.mechanism = smtp::equal_ignoring_case(name, "a") ? Mechanism::A : Mechanism::Mx;
    return domain_and_cidr(rest, term) ? std::optional{term} : std::nullopt;
  }
  if (smtp::equal_ignoring_case(name, "ptr")) {
    term.mechanism = Mechanism::Ptr;
    if (!rest.empty() && (!has_domain || !valid_domain(rest.substr(1)))) return std::nullopt;
    return term;
  }
  if (smtp::equal_ignoring_case(name, "ip4") && has_domain) {
    term.mechanism = Mechanism::Ip4;
    const std::string_view value = rest.substr(1);
    const std::size_t slash = value.find('/');
    const auto address = ipv4(value.substr(0, slash));
    const auto prefix = slash == std::string_view::npos ? std::optional{32} : number(value.substr(slash + 1), 32);
    if (!address || !prefix) return std::nullopt;
    term.ip4 = *address;
    term.prefix = *prefix;
    return term;
  }
  if (smtp::equal_ignoring_case(name, "ip6") && has_domain) {
    term.mechanism = Mechanism::Ip6;
    const std::string_view value = rest.substr(1);
    const std::size_t slash = value.find('/');
    if (!ipv6(value.substr(0, slash)) || (slash != std::string_view::npos && !number(value.substr(slash + 1), 128))) {
      return std::nullopt;
    }
    return term;
  }
  return std::nullopt;  // an unknown mechanism
}

// Calls `each` with every term of the record after "v=spf1".
template <class Each>
void for_each_term(std::string_view record, Each each) {
  record.remove_prefix(6);
  std::size_t at = 0;
  while (at < record.size()) {
    if (record[at] == ' ') {
      ++at;
      continue;
    }
    const std::size_t end = std::min(record.find(' ', at), record.size());
    if (!each(record.substr(at, end - at))) return;
    at = end;
  }
}

bool is_spf_record(std::string_view txt) {
  return txt.size() >= 6 && smtp::equal_ignoring_case(txt.substr(0, 6), "v=spf1") && (txt.size() == 6 || txt[6] == ' ');
}

// include's and redirect's targets: "none" there means the domain published nothing to ask.
SpfVerdict nested_none_is_permerror(SpfVerdict v) {
  if (v.result == SpfResult::None) v.result = SpfResult::PermError;
  return v;
}

}  // namespace

std::string_view spf_result_name(SpfResult result) {
  switch (result) {
    case SpfResult::None: return "none";
    case SpfResult::Neutral: return "neutral";
    case SpfResult::Pass: return "pass";
    case SpfResult::Fail: return "fail";
    case SpfResult::SoftFail: return "softfail";
    case SpfResult::TempError: return "temperror";
    case SpfResult::PermError: return "permerror";
  }
  return "none";
}

SpfVerdict SpfEvaluator::check_host(std::uint32_t ip, std::string_view domain) {
  lookups_ = 0;
  void_lookups_ = 0;
  limit_exceeded_ = false;
  if (!valid_domain(domain)) return {SpfResult::None, {}, domain};  // RFC 7208 4.3
  return evaluate(ip, domain, 0);
}

// Counts a term that queries the DNS; false once the limit is passed (a permerror).
bool SpfEvaluator::count_lookup() {
  if (++lookups_ > kMaxLookups) limit_exceeded_ = true;
  return !limit_exceeded_;
}

// The domain's A records into addresses_; an empty answer is a void lookup.
void SpfEvaluator::lookup_addresses(std::string_view domain) {
  dns_.addresses(domain, addresses_);
  if (addresses_.empty() && ++void_lookups_ > kMaxVoidLookups) limit_exceeded_ = true;
}

bool SpfEvaluator::matches_addresses(std::uint32_t ip, std::string_view domain, int prefix) {
  lookup_addresses(domain);
  for (const std::uint32_t address : addresses_) {
    if (in_network(ip, address, prefix)) return true;
  }
  return false;
}

SpfVerdict SpfEvaluator::evaluate(std::uint32_t ip, std::string_view domain, int depth) {
  if (depth > kMaxDepth) return {SpfResult::PermError, {}, domain};
  // RFC 7208 4.5: exactly one record that starts "v=spf1".
  std::string_view record;
  int found = 0;
  if (!dns_.txt(domain, records_)) return {SpfResult::None, {}, domain};
  for (const std::string_view txt : records_) {
    if (is_spf_record(txt)) {
      record = txt;
      ++found;
    }
  }
  if (found == 0) return {SpfResult::None, {}, domain};
  if (found > 1) return {SpfResult::PermError, {}, domain};

  // 4.6: a syntax error anywhere makes the whole record a permerror, before anything is evaluated.
  bool valid = true;
  std::string_view redirect;
  int redirects = 0;
  for_each_term(record, [&](std::string_view text) {
    const auto term = parse_term(text);
    if (!term) return valid = false;
    if (term->modifier && smtp::equal_ignoring_case(term->name, "redirect")) {
      redirect = term->value;
      ++redirects;
    }
    return true;
  });
  if (!valid || redirects > 1 || (redirects == 1 && !valid_domain(redirect))) return {SpfResult::PermError, {}, domain};

  std::optional<SpfVerdict> decided;
  for_each_term(record, [&](std::string_view text) {
    const Term term = *parse_term(text);
    if (term.modifier) return true;
    const std::string_view target = term.domain.empty() ? domain : term.domain;
    bool match = false;
    switch (term.mechanism) {
      case Mechanism::All: match = true; break;
      case Mechanism::Ip4: match = in_network(ip, term.ip4, term.prefix); break;
      case Mechanism::Ip6: break;  // every client here is IPv4
      case Mechanism::Ptr:         // deprecated (RFC 7208 5.5); counted, and never matches here
        count_lookup();
        break;
      case Mechanism::A:
        if (count_lookup()) match = matches_addresses(ip, target, term.prefix);
        break;
      case Mechanism::Exists:
        if (count_lookup()) {
          lookup_addresses(target);
          match = !addresses_.empty();
        }
        break;
      case Mechanism::Mx:
        if (!count_lookup()) break;
        dns_.mx_hosts(target, hosts_);
        if (hosts_.size() > kMaxMxHosts) limit_exceeded_ = true;
        for (std::size_t i = 0; i < hosts_.size() && !match && !limit_exceeded_; ++i) {
          match = matches_addresses(ip, hosts_[i], term.prefix);
        }
        break;
      case Mechanism::Include: {
        if (!count_lookup()) break;
        const SpfVerdict inner = nested_none_is_permerror(evaluate(ip, target, depth + 1));
        if (inner.result == SpfResult::TempError || inner.result == SpfResult::PermError) {
          decided = inner;
          return false;
        }
        match = inner.result == SpfResult::Pass;
        break;
      }
    }
    if (limit_exceeded_) {
      decided = SpfVerdict{SpfResult::PermError, term.text, domain};
      return false;
    }
    if (match) decided = SpfVerdict{term.on_match, term.text, domain};
    return !match;
  });
  if (decided) return *decided;
  if (redirects == 1) {
    if (!count_lookup()) return {SpfResult::PermError, {}, domain};
    return nested_none_is_permerror(evaluate(ip, redirect, depth + 1));
  }
  return {SpfResult::Neutral, {}, domain};  // 4.7: nothing matched
}

}  // namespace relaysim::defence

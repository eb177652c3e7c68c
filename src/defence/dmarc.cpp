#include "defence/dmarc.h"

namespace relaysim::defence {

std::string_view dmarc_result_name(DmarcResult result) {
  switch (result) {
    case DmarcResult::None: return "none";
    case DmarcResult::Pass: return "pass";
    case DmarcResult::Fail: return "fail";
  }
  return "none";
}

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::optional<DmarcPolicy> policy_named(std::string_view name) {
  if (name == "none") return DmarcPolicy::None;
  if (name == "quarantine") return DmarcPolicy::Quarantine;
  if (name == "reject") return DmarcPolicy::Reject;
  return std::nullopt;
}

// One tag=value of the record into `record`; false if its value is not valid.
bool read_tag(std::string_view tag, std::string_view value, DmarcRecord& record) {
  if (tag == "p") {
    const auto policy = policy_named(value);
    if (policy) record.policy = *policy;
    return policy.has_value();
  }
  if (tag == "pct") {
    if (value.empty() || value.size() > 3) return false;
    int pct = 0;
    for (const char c : value) {
      if (c < '0' || c > '9') return false;
      pct = pct * 10 + (c - '0');
    }
    record.pct = pct;
    return pct <= 100;
  }
  if (tag == "aspf" || tag == "adkim") {
    if (value != "r" && value != "s") return false;
    (tag == "aspf" ? record.strict_spf : record.strict_dkim) = value == "s";
  }
  return true;
}

}  // namespace

std::optional<DmarcRecord> parse_dmarc_record(std::string_view text) {
  DmarcRecord record;
  bool first = true;
  bool has_policy = false;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find(';'), text.size());
    const std::string_view part = trimmed(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view tag = trimmed(part.substr(0, eq));
    const std::string_view value = trimmed(part.substr(eq + 1));
    if (first && (tag != "v" || value != "DMARC1")) return std::nullopt;  // RFC 7489 6.4: v first
    if (!first && !read_tag(tag, value, record)) return std::nullopt;
    has_policy = has_policy || tag == "p";
    first = false;
  }
  if (!has_policy) return std::nullopt;
  return record;
}

std::string_view organizational_domain(std::string_view domain) {
  const std::size_t last = domain.rfind('.');
  if (last == std::string_view::npos || last == 0) return domain;
  const std::size_t before = domain.rfind('.', last - 1);
  return before == std::string_view::npos ? domain : domain.substr(before + 1);
}

bool aligned(std::string_view a, std::string_view b, bool strict) {
  if (a.empty() || b.empty()) return false;
  return strict ? a == b : organizational_domain(a) == organizational_domain(b);
}

DmarcResult dmarc_result(const DmarcRecord& record, const DmarcInput& input) {
  if (record.policy == DmarcPolicy::Absent) return DmarcResult::None;
  const bool spf = input.spf == SpfResult::Pass && aligned(input.spf_domain, input.from_domain, record.strict_spf);
  const bool dkim = input.dkim == DkimResult::Pass && aligned(input.dkim_domain, input.from_domain, record.strict_dkim);
  return spf || dkim ? DmarcResult::Pass : DmarcResult::Fail;
}

DmarcDisposition dmarc_disposition(const DmarcRecord& record, DmarcResult result, double draw) {
  if (result != DmarcResult::Fail) return DmarcDisposition::Deliver;
  const bool applies = draw * 100 < record.pct;
  switch (record.policy) {
    case DmarcPolicy::Absent:
    case DmarcPolicy::None:
      return DmarcDisposition::Deliver;
    case DmarcPolicy::Quarantine:
      return applies ? DmarcDisposition::Quarantine : DmarcDisposition::Deliver;
    case DmarcPolicy::Reject:
      return applies ? DmarcDisposition::Reject : DmarcDisposition::Quarantine;
  }
  return DmarcDisposition::Deliver;
}

}  // namespace relaysim::defence

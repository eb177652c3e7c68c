#include "defence/blocklist_zone.h"

#include <utility>

#include "smtp/ascii_case.h"

namespace relaysim::defence {
namespace {

BlocklistZone::Config with_normal_zone(BlocklistZone::Config config) {
  std::string& zone = config.zone;
  if (!zone.empty() && zone.back() == '.') zone.pop_back();
  for (char& c : zone) c = smtp::to_lower(c);
  return config;
}

// One decimal label of 1-3 digits, at most 255, taken from the front of `text`.
std::optional<std::uint32_t> take_octet(std::string_view& text) {
  std::size_t digits = 0;
  std::uint32_t value = 0;
  while (digits < text.size() && digits < 4 && text[digits] >= '0' && text[digits] <= '9') {
    value = value * 10 + static_cast<std::uint32_t>(text[digits] - '0');
    ++digits;
  }
  if (digits == 0 || digits > 3 || value > 255) return std::nullopt;
  text.remove_prefix(digits);
  return value;
}

// "d.c.b.a" to the address a.b.c.d.
std::optional<std::uint32_t> reversed_address(std::string_view labels) {
  std::uint32_t address = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (labels.empty() || labels.front() != '.') return std::nullopt;
      labels.remove_prefix(1);
    }
    const auto octet = take_octet(labels);
    if (!octet) return std::nullopt;
    address |= *octet << (8 * i);
  }
  if (!labels.empty()) return std::nullopt;
  return address;
}

}  // namespace

BlocklistZone::BlocklistZone(Config config, std::uint64_t seed)
    : config_(with_normal_zone(std::move(config))), random_(seed, "blocklist:" + config_.zone) {}

std::optional<sim::SimTime> BlocklistZone::report(std::uint32_t ip, sim::SimTime now) {
  if (ip == kAlwaysListed || ip == kNeverListed) return std::nullopt;  // RFC 5782 test entries
  const auto found = entries_.find(ip);
  if (found != entries_.end() && now < found->second.delisted_at) {
    Entry& entry = found->second;
    // Evidence while pending is already covered: the listing it leads to lasts longer.
    if (now >= entry.listed_at) entry.delisted_at = now + config_.listed_for;
    return std::nullopt;
  }
  const sim::SimTime listed_at = now + config_.listing_delay.sample(random_);
  entries_.insert_or_assign(ip, Entry{listed_at, listed_at + config_.listed_for});
  return listed_at;
}

bool BlocklistZone::listed(std::uint32_t ip, sim::SimTime now) const {
  if (ip == kAlwaysListed) return true;
  const auto found = entries_.find(ip);
  return found != entries_.end() && found->second.listed_at <= now && now < found->second.delisted_at;
}

std::optional<sim::SimTime> BlocklistZone::delisting_time(std::uint32_t ip) const {
  const auto found = entries_.find(ip);
  if (found == entries_.end()) return std::nullopt;
  return found->second.delisted_at;
}

std::size_t BlocklistZone::listed_count(sim::SimTime now) const {
  std::size_t count = 0;
  for (const auto& [ip, entry] : entries_) {
    count += entry.listed_at <= now && now < entry.delisted_at ? 1 : 0;
  }
  return count;
}

std::optional<std::uint32_t> BlocklistZone::query(std::string_view qname, sim::SimTime now) const {
  if (!qname.empty() && qname.back() == '.') qname.remove_suffix(1);
  const std::string_view zone = config_.zone;
  if (qname.size() <= zone.size() + 1) return std::nullopt;
  const std::size_t dot = qname.size() - zone.size() - 1;
  if (qname[dot] != '.' || !smtp::equal_ignoring_case(qname.substr(dot + 1), zone)) return std::nullopt;
  const auto ip = reversed_address(qname.substr(0, dot));
  if (!ip || !listed(*ip, now)) return std::nullopt;
  return kListedAnswer;
}

std::string BlocklistZone::query_name(std::uint32_t ip, std::string_view zone) {
  std::string name;
  for (int shift = 0; shift < 32; shift += 8) {
    name += std::to_string((ip >> shift) & 255u);
    name += '.';
  }
  name += zone;
  return name;
}

}  // namespace relaysim::defence

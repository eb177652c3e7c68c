#include "defence/greylist.h"

#include "mta/ipv4.h"
#include "smtp/ascii_case.h"

namespace relaysim::defence {
namespace {

// 64-bit FNV-1a (as sim::stable_hash), fed piece by piece so that nothing is concatenated.
class Fnv1a {
 public:
  void add_byte(unsigned char byte) {
    hash_ ^= byte;
    hash_ *= 0x100000001b3ULL;
  }
  void add_u64(std::uint64_t value) {
    for (int shift = 0; shift < 64; shift += 8) add_byte(static_cast<unsigned char>(value >> shift));
  }
  // ASCII lowercase, as postgrey lowercases its key; the length follows the text, so that
  // ("a/b", "c") and ("a", "b/c") differ.
  void add_lowercase(std::string_view text) {
    for (const char c : text) add_byte(static_cast<unsigned char>(smtp::to_lower(c)));
    add_u64(text.size());
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

GreylistAnswer Greylist::check(std::uint32_t client_ip, std::string_view sender, std::string_view recipient,
                               sim::SimTime now) {
  if (whitelisted(client_ip, now)) return GreylistAnswer::Whitelisted;

  const auto [found, is_new] =
      triplets_.try_emplace(triplet_key(client_ip, sender, recipient), Triplet{now, now});
  Triplet& triplet = found->second;
  bool passed_before = false;
  if (!is_new) {
    if (now - triplet.last_seen > config_.max_age) {
      triplet.first_seen = now;  // postgrey would have deleted the entry by now
    } else if (triplet.last_seen - triplet.first_seen >= config_.delay) {
      passed_before = true;
    } else if (now - triplet.first_seen > config_.retry_window) {
      triplet.first_seen = now;  // retried too late: start over
    }
    // An early retry keeps its first-seen time: the delay counts from the first attempt.
  }
  triplet.last_seen = now;

  if (now - triplet.first_seen < config_.delay) return GreylistAnswer::Greylisted;
  if (!passed_before) count_pass(client_ip, now);
  return GreylistAnswer::Pass;
}

bool Greylist::whitelisted(std::uint32_t client_ip, sim::SimTime now) {
  if (config_.auto_whitelist_after <= 0) return false;
  const auto found = clients_.find(client_ip);
  if (found == clients_.end()) return false;
  Client& client = found->second;
  if (now - client.last_counted > config_.max_age) {
    client = Client{};  // not seen for max_age: forgotten
    return false;
  }
  if (client.passes < config_.auto_whitelist_after) return false;
  // Whitelisted clients are seen again at most hourly, which keeps them from expiring.
  if (now >= client.last_counted + config_.auto_whitelist_interval) client.last_counted = now;
  return true;
}

void Greylist::count_pass(std::uint32_t client_ip, sim::SimTime now) {
  if (config_.auto_whitelist_after <= 0) return;
  const auto [found, is_new] = clients_.try_emplace(client_ip);
  Client& client = found->second;
  // One pass per interval: a burst of retries is one piece of evidence, not many.
  if (!is_new && now < client.last_counted + config_.auto_whitelist_interval) return;
  ++client.passes;
  client.last_counted = now;
}

std::uint64_t Greylist::triplet_key(std::uint32_t client_ip, std::string_view sender,
                                    std::string_view recipient) const {
  Fnv1a hash;
  hash.add_u64(client_ip & mta::cidr_mask(config_.client_prefix));
  hash.add_lowercase(sender);
  hash.add_lowercase(recipient);
  return hash.value();
}

}  // namespace relaysim::defence

#include "defence/message_rate_limit.h"

#include <limits>

namespace relaysim::defence {

bool MessageRateLimit::allow(std::uint32_t ip, sim::SimTime now) {
  if (config_.limit <= 0) return true;  // Postfix does not even ask anvil
  const auto [found, is_new] = windows_.try_emplace(ip, Window{now, 0});
  Window& window = found->second;
  if (!is_new && now - window.start > config_.time_unit) window = Window{now, 0};
  if (window.count < std::numeric_limits<int>::max()) ++window.count;
  return window.count <= config_.limit;
}

}  // namespace relaysim::defence

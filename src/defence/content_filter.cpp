#include "defence/content_filter.h"

#include <stdexcept>
#include <string>

namespace relaysim::defence {
namespace {

void require_probability(const char* name, double p) {
  if (!(p >= 0 && p <= 1)) {
    throw std::invalid_argument(std::string("content filter: ") + name + " must be in [0, 1], got " +
                                std::to_string(p));
  }
}

}  // namespace

ContentFilter::ContentFilter(Config config) : config_(config) {
  require_probability("detection", config_.detection);
  require_probability("false_positive", config_.false_positive);
}

}  // namespace relaysim::defence

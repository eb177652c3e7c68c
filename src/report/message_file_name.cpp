#include "report/message_file_name.h"

namespace relaysim::report {

std::string message_file_stem(std::uint64_t message) {
  const std::string digits = std::to_string(message);
  return "message-" + std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits;
}

}  // namespace relaysim::report

// The name a message's own files go by among a run's outputs: its transcript
// (transcripts/message-000042.txt) and the diagram and slide of its path (message-000042.svg).
#pragma once

#include <cstdint>
#include <string>

namespace relaysim::report {

// "message-000042": the id with at least six digits, so that a folder lists them in order.
std::string message_file_stem(std::uint64_t message);

}  // namespace relaysim::report

// One message's path: every hop in order with its time and the decisive reply, deferrals and
// retries, refused hops red and dashed with their code, the final state of every copy, and a
// bounce drawn back to the sender.
#pragma once

#include <cstdint>

#include "viz/graphviz.h"
#include "viz/run_record.h"

namespace relaysim::viz {

// Throws RunRecordError when the trace has no such message.
void build_message_path(Graph& graph, const RunRecord& run, std::uint64_t message);

// The first message of a class ("ham", "spam") in the trace, 0 when none.
std::uint64_t first_message_of(const RunRecord& run, const std::string& message_class);

}  // namespace relaysim::viz

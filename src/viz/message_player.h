// report.html's player: one key message followed hop by hop (play, pause, step forward and
// back, at a chosen speed), the current hop lit on its path and, beside it, the SMTP exchange
// of that hop with its explanations; and a list of the key messages' events, filterable by
// class, event and server, each a jump to its hop. Everything comes from the run's outputs.
#pragma once

#include <string>

#include "viz/graphviz.h"
#include "viz/run_record.h"
#include "viz/style.h"

namespace relaysim::viz {

// The player's HTML (with its data as JSON); empty when the run has no key messages.
std::string message_player_html(Context& context, const RunRecord& run, const style::Look& look = {});

// The script that drives every element message_player_html makes (inline, no dependencies).
extern const char* const kMessagePlayerScript;

}  // namespace relaysim::viz

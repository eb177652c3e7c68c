// One message's path: every hop in order with its time and the decisive reply, deferrals and
// retries, refused hops red and dashed with their code, the final state of every copy, and a
// bounce drawn back to the sender.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "viz/graphviz.h"
#include "viz/run_record.h"
#include "viz/style.h"

namespace relaysim::viz {

// One hop of a path: the RCPT answers from one host to another within a minute (one delivery
// attempt), or a session that ended before any RCPT (a 421 greeting, a connect that timed out).
struct Hop {
  std::string from, to;
  double first_t = 0, last_t = 0;
  std::map<std::string, std::vector<std::string>> replies;  // reply text -> recipients
  std::map<std::string, bool> positive;                     // reply text -> accepted?
  bool unanswered = false;  // the connect timed out: no server said anything
  int port = 25;            // 587: the submission port
  bool authenticated = false;  // the client had logged in (AUTH) before RCPT
};

// What each end of a hop was for this message and where it connected: "MUA -> MSA, port 587
// (AUTH)", "MTA as client -> MX, port 25". The receiving server is the recipient domain's MX
// when its DNS says so, an MSA on port 587, else a relay asked to pass the mail on.
std::string hop_roles(const Hop& hop, const TopologyRecord& topology, const text::Catalog& tr);

// A message's hops in order, from its events (RunRecord::events_of).
std::vector<Hop> hops_of(const std::vector<TraceEvent>& events);

// Throws RunRecordError when the trace has no such message.
void build_message_path(Graph& graph, const RunRecord& run, std::uint64_t message, const style::Look& look = {});

// The legend of a path of a message of `message_class`.
std::vector<style::LegendEntry> message_path_legend(const std::string& message_class, const text::Catalog& catalog);

// The first message of a class ("ham", "spam") in the trace, 0 when none.
std::uint64_t first_message_of(const RunRecord& run, const std::string& message_class);

}  // namespace relaysim::viz

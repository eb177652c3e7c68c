// The run aggregated for the flow map: recipient copies offered from one host to another,
// by message class and by whether the server accepted or refused them, within a time window.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <tuple>

#include "viz/run_record.h"

namespace relaysim::viz {

struct FlowKey {
  std::string from, to, message_class;
  std::string refusal;  // "" accepted, else the reply, e.g. "554 5.7.1"
  std::string login;    // the SASL login the client gave, "" without AUTH
  int port = 25;
  auto operator<=>(const FlowKey&) const = default;
};

struct HostCounts {
  std::map<std::string, std::uint64_t> delivered;  // to the inbox, by class
  std::map<std::string, std::uint64_t> junk;       // to the junk folder, by class
  std::uint64_t refused = 0;  // copies this server refused, at RCPT or after DATA
  std::uint64_t unanswered = 0;   // connects that timed out (the server was down)
  std::uint64_t turned_away = 0;  // sessions refused with a 421 before any RCPT
  std::uint64_t deferred = 0;  // delivery attempts that left a copy in this server's queue
  std::uint64_t queued = 0;  // copies still in its queue at the end
  std::uint64_t bounced = 0;  // copies it gave up on, sending a bounce
};

struct TimeWindow {
  double from_s = 0;
  double to_s = std::numeric_limits<double>::infinity();  // exclusive
  bool contains(double t) const { return t >= from_s && t < to_s; }
};

struct FlowCounts {
  // copies per answer, from the trace's rcpt events: the RCPT's, or the refusal after DATA that
  // followed its 250
  std::map<FlowKey, std::uint64_t> flows;
  std::map<std::string, HostCounts> hosts;
};

FlowCounts count_flows(const RunRecord& run, TimeWindow window = {});

// "554 5.7.1" for a reply's code and enhanced status; the status alone when no server replied.
std::string reply_text(int code, const std::string& status);

}  // namespace relaysim::viz

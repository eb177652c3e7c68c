#include "viz/flow_counts.h"

namespace relaysim::viz {

std::string reply_text(int code, const std::string& status) {
  if (code == 0) return status;
  return status.empty() ? std::to_string(code) : std::to_string(code) + " " + status;
}

FlowCounts count_flows(const RunRecord& run, TimeWindow window) {
  FlowCounts counts;
  for (const TraceEvent& e : run.trace) {
    if (!window.contains(e.t)) continue;
    if (e.event == "rcpt") {
      const std::string refusal = e.positive() ? "" : reply_text(e.code, e.status);
      ++counts.flows[{e.from, e.to, e.message_class, refusal, e.login, e.port}];
      if (!e.positive()) ++counts.hosts[e.to].refused;
    } else if (e.event == "session_refused") {
      ++counts.hosts[e.to].turned_away;
    } else if (e.event == "connect_timeout") {
      ++counts.hosts[e.to].unanswered;
    } else if (e.event == "delivered") {
      HostCounts& host = counts.hosts[e.at];
      ++(e.folder == "junk" ? host.junk : host.delivered)[e.message_class];
    } else if (e.event == "deferred") {
      ++counts.hosts[e.at].deferred;
    } else if (e.event == "queued") {
      ++counts.hosts[e.at].queued;
    } else if (e.event == "bounced") {
      ++counts.hosts[e.at].bounced;
    }
  }
  return counts;
}

}  // namespace relaysim::viz

#include "viz/flow_counts.h"

#include <unordered_map>
#include <vector>

namespace relaysim::viz {

std::string reply_text(int code, const std::string& status) {
  if (code == 0) return status;
  return status.empty() ? std::to_string(code) : std::to_string(code) + " " + status;
}

namespace {

bool settles_at_client(const TraceEvent& e) {
  return e.event == "rejected" || e.event == "bounced" || e.event == "deferred";
}

// For each RCPT the server said 250 to, the reply that refused the copy after DATA (a DMARC
// reject, a content filter), when one did: the client's next word on the copy is then its
// failure, not the server's "accepted". Indexed like run.trace.
std::vector<const TraceEvent*> refused_after_data(const RunRecord& run) {
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_message;
  for (std::size_t i = 0; i < run.trace.size(); ++i) by_message[run.trace[i].msg].push_back(i);
  std::vector<const TraceEvent*> refusals(run.trace.size(), nullptr);
  for (const auto& [message, indices] : by_message) {
    for (std::size_t k = 0; k < indices.size(); ++k) {
      const TraceEvent& rcpt = run.trace[indices[k]];
      if (rcpt.event != "rcpt" || !rcpt.positive()) continue;
      for (std::size_t later = k + 1; later < indices.size(); ++later) {
        const TraceEvent& next = run.trace[indices[later]];
        if (next.event == "accepted" && next.from == rcpt.from && next.to == rcpt.to) break;
        if (settles_at_client(next) && next.at == rcpt.from && next.rcpt == rcpt.rcpt) {
          if (next.code != 0) refusals[indices[k]] = &next;
          break;
        }
      }
    }
  }
  return refusals;
}

}  // namespace

FlowCounts count_flows(const RunRecord& run, TimeWindow window) {
  FlowCounts counts;
  const std::vector<const TraceEvent*> after_data = refused_after_data(run);
  for (std::size_t i = 0; i < run.trace.size(); ++i) {
    const TraceEvent& e = run.trace[i];
    if (!window.contains(e.t)) continue;
    if (e.event == "rcpt" && after_data[i] != nullptr) {
      ++counts.flows[{e.from, e.to, e.message_class, reply_text(after_data[i]->code, after_data[i]->status), e.login,
                      e.port}];
      ++counts.hosts[e.to].refused;
    } else if (e.event == "rcpt") {
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

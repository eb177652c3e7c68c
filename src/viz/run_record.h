// A finished run as its output folder records it (topology.json, summary.json, trace.jsonl),
// read back so that diagrams are drawn from what the run recorded, never from the model.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/summary_record.h"
#include "report/topology_record.h"

namespace relaysim::viz {

// The output folder is missing, incomplete or unreadable; what() names the file and the fix.
class RunRecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// summary.json and topology.json, as report/ writes them.
using report::ClassCounts;
using report::DomainRecord;
using report::KeyMessageRecord;
using report::LinkRecord;
using report::MtaCounts;
using report::MxRecord;
using report::NodeRecord;
using report::Outage;
using report::SummaryRecord;
using report::TopologyRecord;

// One line of trace.jsonl. Empty strings and zeros stand for fields the event does not carry.
struct TraceEvent {
  double t = 0;
  std::uint64_t msg = 0;
  std::string message_class;  // ham, spam, dsn
  // submitted, rcpt, session_refused, connect_timeout, accepted, deferred, delivered, rejected,
  // bounced, queued
  std::string event;
  std::string from, to, at, rcpt, sender, status;
  std::string sent_as;  // rcpt: the address in this RCPT when a server on the way rewrote it (empty: rcpt)
  std::string folder;  // delivered: inbox or junk
  std::string reason;  // what the sending side saw when no server replied ("Connection timed out")
  std::string login;   // rcpt: the SASL login the client had given
  int port = 25;       // rcpt: 587 on the submission port
  int code = 0;  // 0: no server replied (a timed-out connect)
  double retry_at = 0;
  std::uint32_t recipients = 0;  // submitted
  std::uint64_t about = 0;       // submitted, for a DSN: the message it reports on
  bool positive() const { return code >= 200 && code < 300; }
};

// metrics.csv: one row per interval of simulated time, a column per metric.
struct MetricsRecord {
  std::vector<std::string> columns;        // the numeric columns, from interval_start_s on
  std::vector<std::vector<double>> rows;   // per interval, in column order
  // The column's value in each row; empty when there is no such column.
  std::vector<double> series(const std::string& column) const;
};

struct RunRecord {
  std::filesystem::path dir;
  MetricsRecord metrics;  // empty when the folder has no metrics.csv
  TopologyRecord topology;
  SummaryRecord summary;
  std::vector<TraceEvent> trace;         // the messages' events, in the order recorded (by time)
  std::vector<TraceEvent> world_events;  // the rest: probes, relays found and closed, listings
  std::map<std::string, double> relay_closed_at;  // MTA -> when its operator closed it
  std::vector<TraceEvent> events_of(std::uint64_t msg) const;
};

// Reads OUTDIR; throws RunRecordError when a file is missing or malformed.
RunRecord load_run(const std::filesystem::path& dir);

}  // namespace relaysim::viz

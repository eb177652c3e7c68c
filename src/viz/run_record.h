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

#include "report/key_messages.h"
#include "text/catalog.h"

namespace relaysim::viz {

// The output folder is missing, incomplete or unreadable; what() names the file and the fix.
class RunRecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Outage {
  double from_s = 0;
  double to_s = 0;
};

struct NodeRecord {
  std::string name;
  std::string kind;  // mta, user, spammer, botnet
  std::string ip;
  // MTAs
  std::string policy;  // open, mynetworks, authenticated, closed
  std::vector<std::string> relay_restrictions, mydestination, relay_domains;
  bool submission = false;
  std::optional<std::string> relayhost;
  std::vector<Outage> outages;
  // agents
  std::string message_class;  // ham, spam
  std::string address;
  std::vector<std::string> via;
  std::uint32_t bots = 1;

  bool is_mta() const { return kind == "mta"; }
};

struct MxRecord {
  std::string host;
  int preference = 10;
};

struct DomainRecord {
  std::string name;
  std::vector<MxRecord> mx;
  bool null_mx = false;
  std::optional<std::string> address;
};

struct LinkRecord {
  std::string a, b;
  double latency_s = 0;
};

struct TopologyRecord {
  std::string scenario;
  std::string title;        // the scenario's title: the lesson's headline, may be empty
  std::string description;  // the scenario's description: the lesson in a few sentences
  std::map<std::string, std::pair<std::string, std::string>> translations;  // language -> (title, description)
  // The title and description in the catalogue's language, English where the scenario has none.
  std::string title_in(const text::Catalog& catalog) const;
  std::string description_in(const text::Catalog& catalog) const;
  std::uint64_t seed = 0;
  double duration_s = 0;
  std::vector<NodeRecord> nodes;  // MTAs first, then agents' hosts, in scenario order
  std::vector<DomainRecord> domains;
  std::vector<LinkRecord> links;
  const NodeRecord* find(const std::string& name) const;
};

struct ClassCounts {
  std::uint64_t submitted = 0, delivered = 0, rejected = 0, bounced = 0, queued = 0;
};

struct MtaCounts {
  std::uint64_t sessions = 0, accepted = 0, relayed = 0, delivered = 0, deferred = 0;
  std::map<std::string, std::uint64_t> rejected;  // by enhanced status
};

struct KeyMessageRecord {
  std::uint64_t msg = 0;
  std::string outcome;  // "spam refused with 554 5.7.1 (relay denied)", as the run wrote it in English
  std::optional<report::KeyMessage> key;  // its fields, to say it in another language; none in older folders
  // The outcome in the catalogue's language.
  std::string describe(const text::Catalog& catalog) const { return key ? key->describe(catalog) : outcome; }
};

struct SummaryRecord {
  std::map<std::string, ClassCounts> classes;  // ham, spam, dsn
  std::map<std::string, MtaCounts> mtas;
  std::vector<KeyMessageRecord> key_messages;  // the messages a lesson is about, in their order
};

// One line of trace.jsonl. Empty strings and zeros stand for fields the event does not carry.
struct TraceEvent {
  double t = 0;
  std::uint64_t msg = 0;
  std::string message_class;  // ham, spam, dsn
  // submitted, rcpt, session_refused, connect_timeout, accepted, deferred, delivered, rejected,
  // bounced, queued
  std::string event;
  std::string from, to, at, rcpt, sender, status;
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

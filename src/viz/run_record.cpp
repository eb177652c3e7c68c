#include "viz/run_record.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>

#include "report/file_text.h"
#include "report/schema_version.h"

namespace relaysim::viz {
namespace {

using nlohmann::json;

std::string read_text(const std::filesystem::path& file, const std::string& hint) {
  std::optional<std::string> text = report::read_file(file);
  if (!text) throw RunRecordError("cannot read " + file.string() + ": " + hint);
  return std::move(*text);
}

nlohmann::ordered_json parse(const std::string& text, const std::filesystem::path& file) {
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const json::exception& e) {
    throw RunRecordError(file.string() + ": not valid JSON (" + e.what() + ")");
  }
}

// `file`, a JSON output whose readers know schema version `known`, as its record.
template <typename Record>
Record read_record(const std::filesystem::path& file, int known, const std::string& hint) {
  const nlohmann::ordered_json j = parse(read_text(file, hint), file);
  if (const auto problem = report::schema_version_problem(j, known)) throw RunRecordError(file.string() + ": " + *problem);
  try {
    return j.get<Record>();
  } catch (const json::exception& e) {
    throw RunRecordError(file.string() + ": unexpected content (" + e.what() + ")");
  }
}

template <typename T>
T value_or(const json& object, const char* key, T fallback) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? fallback : it->get<T>();
}

TraceEvent read_event(const json& j) {
  TraceEvent e;
  e.t = j.at("t").get<double>();
  e.msg = value_or<std::uint64_t>(j, "msg", 0);  // none: an event of the world (a probe, a listing)
  e.message_class = value_or<std::string>(j, "class", "");
  e.event = j.at("event").get<std::string>();
  e.from = value_or<std::string>(j, "from", "");
  e.to = value_or<std::string>(j, "to", "");
  e.at = value_or<std::string>(j, "at", "");
  e.rcpt = value_or<std::string>(j, "rcpt", "");
  e.sent_as = value_or<std::string>(j, "sent_as", "");
  e.sender = value_or<std::string>(j, "sender", "");
  e.status = value_or<std::string>(j, "status", "");
  e.folder = value_or<std::string>(j, "folder", "");
  e.reason = value_or<std::string>(j, "reason", "");
  e.login = value_or<std::string>(j, "login", "");
  e.port = value_or<int>(j, "port", 25);
  e.code = value_or<int>(j, "code", 0);
  e.retry_at = value_or<double>(j, "retry_at", 0);
  e.recipients = value_or<std::uint32_t>(j, "recipients", 0);
  e.about = value_or<std::uint64_t>(j, "about", 0);
  return e;
}

// The message events and, apart, the world's (relay_closed, relay_found, listed...).
std::pair<std::vector<TraceEvent>, std::vector<TraceEvent>> read_trace(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw RunRecordError("cannot read " + file.string() +
                         ": diagrams need the trace; run the scenario again without --no-trace");
  }
  std::vector<TraceEvent> events, world_events;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    try {
      const json j = json::parse(line);
      // Lines about the world rather than one message (probes, listings) draw no message path.
      (j.contains("msg") ? events : world_events).push_back(read_event(j));
    } catch (const json::exception& e) {
      throw RunRecordError(file.string() + ":" + std::to_string(number) + ": unexpected line (" + e.what() + ")");
    }
  }
  return {std::move(events), std::move(world_events)};
}

}  // namespace

std::vector<TraceEvent> RunRecord::events_of(std::uint64_t msg) const {
  std::vector<TraceEvent> events;
  for (const TraceEvent& e : trace) {
    if (e.msg == msg) events.push_back(e);
  }
  return events;
}

std::vector<double> MetricsRecord::series(const std::string& column) const {
  const auto it = std::find(columns.begin(), columns.end(), column);
  if (it == columns.end()) return {};
  const std::size_t index = static_cast<std::size_t>(it - columns.begin());
  std::vector<double> values;
  for (const auto& row : rows) values.push_back(row[index]);
  return values;
}

// The numbers of metrics.csv; the scenario and variant fields (which may be quoted and hold
// commas) are skipped by reading every row's numbers from its end.
MetricsRecord read_metrics(const std::filesystem::path& file) {
  MetricsRecord m;
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return m;
  std::vector<std::string> header;
  for (std::size_t start = 0;;) {
    const std::size_t comma = line.find(',', start);
    header.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (header.size() < 3) return m;
  m.columns.assign(header.begin() + 3, header.end());  // after scenario, variant, seed
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    std::vector<double> row(m.columns.size());
    std::size_t end = line.size();
    for (std::size_t i = row.size(); i-- > 0;) {
      const std::size_t comma = line.rfind(',', end - 1);
      if (comma == std::string::npos) {
        throw RunRecordError(file.string() + ":" + std::to_string(number) + ": expected " +
                             std::to_string(header.size()) + " fields");
      }
      row[i] = std::strtod(line.c_str() + comma + 1, nullptr);
      end = comma;
    }
    m.rows.push_back(std::move(row));
  }
  return m;
}

RunRecord load_run(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw RunRecordError(dir.string() + ": no such output folder (make one with `relaysim run SCENARIO --out " +
                         dir.string() + "`)");
  }
  RunRecord run;
  run.dir = dir;
  run.summary = read_record<SummaryRecord>(dir / "summary.json", report::kSummarySchemaVersion,
                                           "is this the output folder of a `relaysim run`?");
  run.topology = read_record<TopologyRecord>(
      dir / "topology.json", report::kTopologySchemaVersion,
      "it is written by `relaysim run` since diagrams exist; run the scenario again");
  run.metrics = read_metrics(dir / "metrics.csv");
  std::tie(run.trace, run.world_events) = read_trace(dir / "trace.jsonl");
  for (const TraceEvent& e : run.world_events) {
    if (e.event == "relay_closed") run.relay_closed_at.try_emplace(e.at, e.t);
  }
  return run;
}

}  // namespace relaysim::viz

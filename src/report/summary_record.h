// summary.json as a record: the totals a run ended with, per message class and per MTA, and its
// key messages. run_totals.h counts them during a run; this is what the file holds, written by
// relaysim run and read back by viz/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "report/key_messages.h"
#include "report/run_totals.h"
#include "text/catalog.h"

namespace relaysim::report {

// Recipient copies of one class, by their fate.
struct ClassCounts {
  std::uint64_t submitted = 0, delivered = 0, rejected = 0, bounced = 0, queued = 0;
  friend bool operator==(const ClassCounts&, const ClassCounts&) = default;
};

struct MtaCounts {
  std::string name;
  std::uint64_t sessions = 0, accepted = 0, relayed = 0, delivered = 0, deferred = 0;
  std::map<std::string, std::uint64_t> rejected;  // MAIL and RCPT refusals by enhanced status, "5.7.1"
  friend bool operator==(const MtaCounts&, const MtaCounts&) = default;
};

struct KeyMessageRecord {
  std::uint64_t msg = 0;
  std::string outcome;  // "spam refused with 554 5.7.1 (relay denied)", as the run wrote it in English
  std::optional<KeyMessage> key;  // its fields, to say it in another language; none in older folders
  // The outcome in the catalogue's language.
  std::string describe(const text::Catalog& catalog) const { return key ? key->describe(catalog) : outcome; }
  friend bool operator==(const KeyMessageRecord&, const KeyMessageRecord&) = default;
};

struct SummaryRecord {
  std::string scenario;
  std::uint64_t seed = 0;
  sim::SimTime sim_time = 0;  // how long the run simulated
  std::uint64_t events = 0;
  std::map<std::string, ClassCounts> classes;  // ham, spam, dsn, probe
  std::vector<MtaCounts> mtas;                 // in the scenario's order
  std::vector<KeyMessageRecord> key_messages;  // the messages a lesson is about, in their order
  const MtaCounts* find_mta(const std::string& name) const;
  friend bool operator==(const SummaryRecord&, const SummaryRecord&) = default;
};

SummaryRecord summary_record(const RunTotals& totals);

// summary.json's text, laid out by hand (one line per class, MTA and key message) so that its
// bytes are the same on every platform; schema_version is report/schema_version.h's.
std::string summary_json(const SummaryRecord& summary);
// Read as ordered_json, so that the MTAs keep the order the file lists them in. Throws
// nlohmann::json::exception when a field is missing or of the wrong type; the caller checks
// schema_version first (schema_version.h) and names the file.
void from_json(const nlohmann::ordered_json& j, SummaryRecord& summary);

}  // namespace relaysim::report

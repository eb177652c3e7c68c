// The schema_version of every JSON output, in one place, and the check its readers share: a
// reader refuses a version it does not know rather than misread a file another relaysim wrote.
// A version goes up when a field of its file changes meaning or goes away; a new field needs none.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace relaysim::report {

// summary.json, and with it the run folder's files that carry no version of their own
// (trace.jsonl, metrics.csv, mailboxes.csv): a change to theirs raises this one.
inline constexpr int kSummarySchemaVersion = 1;
inline constexpr int kTopologySchemaVersion = 1;  // topology.json
inline constexpr int kPlanSchemaVersion = 1;      // an experiment's plan.json
inline constexpr int kShardSchemaVersion = 1;     // a shard's shard.json
inline constexpr int kJournalSchemaVersion = 1;   // the first line of relaysim serve's journal

// Why a reader of version `known` cannot read `file`, or nullopt when it can; the caller names
// the file. A file without schema_version was written before the outputs carried one, in what
// became version 1.
template <typename Json>
std::optional<std::string> schema_version_problem(const Json& file, int known) {
  const auto it = file.find("schema_version");
  if (it != file.end() && !it->is_number_integer()) return "its schema_version is not a whole number";
  const long long found = it == file.end() ? 1 : it->template get<long long>();
  if (found == known) return std::nullopt;
  return "schema_version " + std::to_string(found) + ", but this relaysim reads schema_version " +
         std::to_string(known) + (found > known ? " (a newer relaysim wrote it)" : "");
}

}  // namespace relaysim::report

// A deterministic slice of an experiment for one machine of many: shard K of N runs the runs
// whose number modulo N is K. K counts from 0, as SLURM_ARRAY_TASK_ID does with --array=0-(N-1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "experiment/run_outcome.h"

namespace relaysim::experiment {

struct Shard {
  std::uint64_t index = 0;  // K
  std::uint64_t count = 1;  // N
  bool has(std::size_t run) const { return run % count == index; }
  std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// "K/N" with 0 <= K < N; nullopt with `error` saying what was expected.
std::optional<Shard> parse_shard(std::string_view text, std::string& error);

// The run numbers of the shard among `total` runs, ascending.
std::vector<std::size_t> runs_of(const Shard& shard, std::size_t total);

// shard.json as a record: the shard, the fingerprint of the plan.json it belongs to, and its
// runs in file order with how many metrics.csv rows each wrote (so that merge can split
// metrics.csv again). Written by relaysim experiment --shard, read back by relaysim merge.
struct ShardRecord {
  struct Run {
    std::size_t run = 0;
    std::size_t metrics_rows = 0;
    friend bool operator==(const Run&, const Run&) = default;
  };
  Shard shard;
  std::string plan_fnv1a;  // hex64 of plan.json's stable hash
  std::vector<Run> runs;
};

ShardRecord shard_record(const Shard& shard, const std::string& plan_text, const std::vector<RunOutcome>& outcomes);
// The record's file, fields in a fixed order.
std::string shard_json(const ShardRecord& record);
// What shard_json wrote (the caller checks schema_version first); throws nlohmann::json's
// exceptions when a field is missing or of another type.
void from_json(const nlohmann::json& j, ShardRecord& record);

}  // namespace relaysim::experiment

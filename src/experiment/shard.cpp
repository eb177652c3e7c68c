#include "experiment/shard.h"

#include "experiment/csv.h"
#include "experiment/plan_json.h"
#include "report/schema_version.h"
#include "scenario/units.h"
#include "sim/random_stream.h"

namespace relaysim::experiment {

std::optional<Shard> parse_shard(std::string_view text, std::string& error) {
  const std::size_t slash = text.find('/');
  const auto k = scenario::parse_count(text.substr(0, slash));
  const auto n = slash == std::string_view::npos ? k : scenario::parse_count(text.substr(slash + 1));
  if (slash == std::string_view::npos || !k || !n || n.value() == 0 || k.value() >= n.value()) {
    error = "expected K/N with K from 0 to N-1 (K counts from 0, like SLURM_ARRAY_TASK_ID), got '" +
            std::string(text) + "'";
    return std::nullopt;
  }
  return Shard{k.value(), n.value()};
}

std::vector<std::size_t> runs_of(const Shard& shard, std::size_t total) {
  std::vector<std::size_t> runs;
  for (std::size_t r = shard.index; r < total; r += shard.count) runs.push_back(r);
  return runs;
}

std::string shard_json(const Shard& shard, const std::string& plan_text, const std::vector<RunOutcome>& outcomes) {
  std::string out = "{\n  \"schema_version\": " + std::to_string(report::kShardSchemaVersion) +
                    ",\n  \"shard\": " + std::to_string(shard.index) + ",\n  \"shards\": " +
                    std::to_string(shard.count) + ",\n  \"plan_fnv1a\": \"" + hex64(sim::stable_hash(plan_text)) +
                    "\",\n  \"runs\": [";
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::size_t rows = lines_of(outcomes[i].metrics_csv).size();
    out += (i ? ",\n    " : "\n    ") + std::string("{\"run\": ") + std::to_string(outcomes[i].run) +
           ", \"metrics_rows\": " + std::to_string(rows ? rows - 1 : 0) + "}";
  }
  return out + (outcomes.empty() ? "]" : "\n  ]") + "\n}\n";
}

}  // namespace relaysim::experiment

#include "experiment/run_outcome.h"

namespace relaysim::experiment {

Metrics metrics_from_totals(const report::RunTotals& totals) {
  Metrics metrics;
  for (int c = 0; c < world::kMessageClassCount; ++c) {
    const std::string name(world::class_name(static_cast<world::MessageClass>(c)));
    const report::ClassTotals& t = totals.classes[static_cast<std::size_t>(c)];
    metrics.emplace_back(name + "_submitted", static_cast<double>(t.submitted));
    for (int f = 0; f < world::kFateCount; ++f) {
      metrics.emplace_back(name + "_" + std::string(world::fate_name(static_cast<world::Fate>(f))),
                           static_cast<double>(t.fates[static_cast<std::size_t>(f)]));
    }
  }
  return metrics;
}

}  // namespace relaysim::experiment

// plan.json: an experiment's plan written down beside its results, so that the shards of one
// experiment can be recognised (their plan.json files are byte-identical) and merged.
#pragma once

#include <stdexcept>
#include <string>

#include "experiment/plan.h"

namespace relaysim::experiment {

class PlanFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string plan_json(const Plan& plan);

// Reads what plan_json wrote; throws PlanFileError naming `where` when it is not that.
Plan parse_plan_json(const std::string& text, const std::string& where);

// "0123456789abcdef": a 64-bit fingerprint as 16 hex digits.
std::string hex64(std::uint64_t value);

}  // namespace relaysim::experiment

// "Did you mean ...?" for misspelt keys and names: the closest allowed word by edit distance.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/catalog.h"

namespace relaysim::scenario {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// adjacent characters each cost 1 ("relayhsot" is 1 away from "relayhost").
std::size_t edit_distance(std::string_view a, std::string_view b);

// The first candidate at the smallest distance, if that distance is at most 2 and smaller than
// the longer word (so "to" does not suggest "ip").
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

// ", did you mean 'X'?" (in `catalog`'s language) or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates,
                         const text::Catalog& catalog = {});

}  // namespace relaysim::scenario

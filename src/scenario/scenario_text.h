// What a scenario's bytes must be before YAML reads them: UTF-8 text of printable characters
// (YAML 1.2's c-printable set), so that every output built from it is valid UTF-8 too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "text/catalog.h"

namespace relaysim::scenario {

// Scenario files larger than this are refused before they are parsed.
inline constexpr std::size_t kMaxScenarioBytes = 16u << 20;  // 16 MiB

struct TextProblem {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in characters (code points) of the line
  std::string message;
};

// The first byte sequence of `text` that is not valid UTF-8 or not a printable character
// (tab, LF and CR are allowed), or nullopt when there is none. A UTF-8 byte order mark at the
// very start is allowed.
std::optional<TextProblem> find_text_problem(std::string_view text, const text::Catalog& catalog = {});

// Why `name` cannot be a scenario's name, or nullopt when it can. The name becomes the default
// output folder (out/<name>), so it must be one path component: not empty, at most 100 bytes of
// printable UTF-8, no '/' or '\\', not starting with '.', '-' or a space, not ending in a
// space or '.'.
std::optional<std::string> scenario_name_problem(std::string_view name, const text::Catalog& catalog = {});

// `text` with every byte that is not printable UTF-8 written as \xNN, so that a message
// quoting hostile input is itself clean text; quoted_for_message puts it in single quotes.
std::string printable_text(std::string_view text);
std::string quoted_for_message(std::string_view text);

}  // namespace relaysim::scenario

// The little CSV the experiment files need (RFC 4180): rows of fields quoted as every CSV
// output quotes them, and numbers written so that they read back as the same double, bit for bit.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relaysim::experiment {

// Fields joined by commas, each through report::csv_field, ending in "\n".
std::string csv_row(const std::vector<std::string>& fields);
// One line (without its line break) split into fields, quotes undone.
std::vector<std::string> split_csv_row(std::string_view line);

// Whole numbers without decimals ("12"), others in the shortest form that reads back exactly.
std::string format_number(double value);
// The number `text` holds, if all of it is one.
std::optional<double> parse_number(std::string_view text);

// `text` cut at line breaks ("\n"; a final one ends the last line, it does not start another).
std::vector<std::string_view> lines_of(std::string_view text);

}  // namespace relaysim::experiment

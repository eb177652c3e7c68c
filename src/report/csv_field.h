// A CSV field as RFC 4180 quotes it, for every CSV file relaysim writes (metrics.csv,
// mailboxes.csv, an experiment's runs.csv and summaries), so that all of them read back alike.
#pragma once

#include <string>
#include <string_view>

namespace relaysim::report {

// `text`, in double quotes (inner quotes doubled) when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);

}  // namespace relaysim::report

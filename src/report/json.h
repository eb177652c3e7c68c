// The little JSON the outputs need: escaped strings (times are seconds_text.h's), written
// by hand so that the bytes are the same on every platform.
#pragma once

#include <string>
#include <string_view>

namespace relaysim::report {

// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace relaysim::report

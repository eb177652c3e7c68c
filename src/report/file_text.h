// A whole file read into a string, for what is read back in one piece: a run's outputs, an
// experiment's plan and shards, serve's journal. The bytes as they are, line breaks untouched.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace relaysim::report {

// Nothing when the file cannot be opened (errno then says why); each caller words that itself.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace relaysim::report

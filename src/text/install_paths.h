// Where an installed relaysim keeps its files: PREFIX/share beside the PREFIX/bin it was started
// from, so that a package in /usr and a staged install in any prefix both find theirs.
#pragma once

#include <filesystem>

namespace relaysim::text {

// PREFIX/share for this executable (empty when the executable cannot be found).
std::filesystem::path share_dir();

}  // namespace relaysim::text

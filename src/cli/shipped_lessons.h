// The lessons an installed relaysim ships (PREFIX/share/relaysim/scenarios), found by name:
// `relaysim run 03-authenticated` runs the shipped lesson when no such file is in the folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace relaysim::cli {

// Where the shipped lessons are: PREFIX/share/relaysim/scenarios (text::share_dir). Empty when
// there is none, as in a build tree.
std::filesystem::path shipped_lessons_dir();

// `argument` as given when it names a file, or has a '/', or names no shipped lesson; else the
// shipped lesson's file ("03-authenticated" or "03-authenticated.yaml").
std::string scenario_file(const std::string& argument);
std::vector<std::string> scenario_files(const std::vector<std::string>& arguments);

}  // namespace relaysim::cli

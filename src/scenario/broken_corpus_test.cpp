// Runs every scenario in tests/broken/: each begins with "# expect: <diagnostic>" lines, and
// loading it must produce exactly those diagnostics, in that order.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "scenario/scenario_loader.h"

namespace fs = std::filesystem;
using namespace relaysim::scenario;

namespace {

fs::path source_dir() {
  const char* dir = std::getenv("RELAYSIM_SOURCE_DIR");
  return dir != nullptr ? fs::path(dir) : fs::current_path();
}

// The "# expect: " lines at the top of the file, in order.
std::vector<std::string> expected_lines(const fs::path& file) {
  constexpr std::string_view kPrefix = "# expect: ";
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line) && line.starts_with(kPrefix);) lines.push_back(line.substr(kPrefix.size()));
  return lines;
}

// The diagnostics of loading `file`, with the file named as `shown` (the path relative to the
// source directory, as written in the expectations).
std::vector<std::string> actual_lines(const fs::path& file, const std::string& shown) {
  try {
    load_scenario_file(file.string());
  } catch (const ScenarioError& e) {
    std::vector<std::string> lines;
    for (Diagnostic d : e.diagnostics()) {
      CHECK(d.file == file.string());
      d.file = shown;
      lines.push_back(format_diagnostic(d));
    }
    return lines;
  }
  return {};
}

std::vector<fs::path> corpus() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests" / "broken")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("every broken scenario in tests/broken gives exactly the diagnostics its header expects", "[corpus]") {
  std::vector<fs::path> files = corpus();
  CHECK(files.size() >= 15);
  for (const fs::path& file : files) {
    std::string shown = "tests/broken/" + file.filename().string();
    INFO(shown);
    std::vector<std::string> expected = expected_lines(file);
    REQUIRE_FALSE(expected.empty());
    CHECK(actual_lines(file, shown) == expected);
  }
}

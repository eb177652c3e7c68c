// Runs every scenario in tests/broken/: each begins with "# expect: <diagnostic>" lines, and
// loading it must produce exactly those diagnostics, in that order.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "scenario/scenario_loader.h"
#include "scenario/scenario_text.h"

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

std::vector<fs::path> corpus(const std::string& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(source_dir() / "tests" / folder)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every file must be refused: a file that loads is no broken file. A file that cannot carry an
// expectation header (an empty one) has its expectation in `unannotated`, by file name.
void check_corpus(const std::string& folder, std::size_t at_least,
                  const std::map<std::string, std::string>& unannotated = {}) {
  const std::vector<fs::path> files = corpus(folder);
  CHECK(files.size() >= at_least);
  for (const fs::path& file : files) {
    const std::string shown = "tests/" + folder + "/" + file.filename().string();
    INFO(shown);
    std::vector<std::string> expected = expected_lines(file);
    if (const auto it = unannotated.find(file.filename().string()); it != unannotated.end()) expected = {shown + it->second};
    REQUIRE_FALSE(expected.empty());
    CHECK(actual_lines(file, shown) == expected);
  }
}

}  // namespace

TEST_CASE("every broken scenario in tests/broken gives exactly the diagnostics its header expects", "[corpus]") {
  check_corpus("broken", 15);
}

TEST_CASE("every hostile scenario in tests/hostile is refused with the diagnostic its header expects", "[corpus]") {
  // Files that cannot carry a header: nothing at all, and nothing but comments.
  const std::string empty = ":1:1: error: the file is empty (or only comments): a scenario needs at least name:, duration: and mtas:";
  check_corpus("hostile", 15, {{"empty.yaml", empty}});
}

namespace {

// The one diagnostic of loading `path`, formatted.
std::string only_diagnostic(const std::string& path, const std::vector<Override>& overrides = {}) {
  try {
    load_scenario_file(path, overrides);
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return format_diagnostic(e.diagnostics().front());
  }
  FAIL("the file loaded");
  return {};
}

struct ScratchFolder {
  fs::path path = fs::temp_directory_path() / ("relaysim-hostile-" + std::to_string(::getpid()));
  ScratchFolder() { fs::create_directories(path); }
  ~ScratchFolder() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("a file over 16 MiB is refused unparsed, and /dev/zero is not read forever", "[corpus]") {
  ScratchFolder scratch;
  const fs::path big = scratch.path / "big.yaml";
  {
    std::ofstream out(big);
    out << "name: big\nduration: 1h\ndescription: \"" << std::string(kMaxScenarioBytes, 'x') << "\"\n";
  }
  const std::string refusal = ":1:1: error: the file is larger than 16 MiB: a scenario is text of a few kilobytes (is this the right file?)";
  CHECK(only_diagnostic(big.string()) == big.string() + refusal);
  CHECK(only_diagnostic("/dev/zero") == "/dev/zero" + refusal);
}

TEST_CASE("a named pipe nobody writes to reads as an empty file instead of hanging", "[corpus]") {
  ScratchFolder scratch;
  const fs::path fifo = scratch.path / "scenario.yaml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(only_diagnostic(fifo.string()) ==
        fifo.string() + ":1:1: error: the file is empty (or only comments): a scenario needs at least name:, duration: and mtas:");
}

TEST_CASE("a name given with --set is checked like one in the file, and named as the override", "[corpus]") {
  const std::string file = (source_dir() / "scenarios" / "02-open-relay.yaml").string();
  std::string error;
  const auto up = parse_override("name=../../x", "--set", error);
  REQUIRE(up);
  CHECK(only_diagnostic(file, {*up}) ==
        "--set name=../../x: error: name: '../../x' is a path, not a name: expected a name for the output folder "
        "out/<name>, like open-relay (no '/' or '\\', not starting with '.', '-' or a space)");
  const auto bad_bytes = parse_override("name=open\xff", "--set", error);
  REQUIRE(bad_bytes);
  CHECK(only_diagnostic(file, {*bad_bytes}) ==
        "--set name=open\\xFF: error: the value is not printable UTF-8 text: expected text, like 2h or open");
}

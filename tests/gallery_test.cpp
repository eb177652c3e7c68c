// visualizations/ holds each shipped scenario's diagrams; this fails when the committed DOT
// files no longer match what the scenarios give now (then run scripts/gallery).
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "scenario_fixture.h"

namespace fs = std::filesystem;

namespace {

using relaysim::testing::read_file;

// Every .dot file under `dir`, by path relative to it.
std::set<std::string> dot_files(const fs::path& dir) {
  std::set<std::string> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() == ".dot") files.insert(fs::relative(entry.path(), dir).string());
  }
  return files;
}

}  // namespace

TEST_CASE("the gallery's DOT files are up to date with the scenarios") {
  const fs::path source = relaysim::testing::source_dir();
  const fs::path committed = source / "visualizations";
  const fs::path fresh = fs::temp_directory_path() / ("relaysim-gallery-" + std::to_string(getpid()));
  fs::remove_all(fresh);
  const std::string command = "RELAYSIM=" + std::string(RELAYSIM_BINARY) + " " + (source / "scripts/gallery").string() +
                              " --dot-only " + fresh.string() + " >/dev/null";
  const int raw = std::system(command.c_str());
  REQUIRE((WIFEXITED(raw) && WEXITSTATUS(raw) == 0));
  const std::string fix = "visualizations/ is stale: run scripts/gallery and commit the result";
  const std::set<std::string> expected = dot_files(fresh);
  REQUIRE(!expected.empty());
  INFO(fix);
  CHECK(dot_files(committed) == expected);
  for (const std::string& file : expected) {
    INFO(file + " differs; " + fix);
    CHECK(read_file(committed / file) == read_file(fresh / file));
  }
  fs::remove_all(fresh);
}

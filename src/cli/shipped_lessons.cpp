#include "cli/shipped_lessons.h"

#include <system_error>

#include "text/install_paths.h"

namespace relaysim::cli {

namespace fs = std::filesystem;

fs::path shipped_lessons_dir() {
  std::error_code ec;
  const fs::path share = text::share_dir();
  const fs::path dir = share / "relaysim/scenarios";
  return !share.empty() && fs::is_directory(dir, ec) ? dir : fs::path();
}

std::string scenario_file(const std::string& argument) {
  std::error_code ec;
  if (argument.empty() || fs::exists(argument, ec) || argument.find('/') != std::string::npos) return argument;
  const fs::path dir = shipped_lessons_dir();
  if (dir.empty()) return argument;
  for (const fs::path& candidate : {dir / argument, dir / (argument + ".yaml")}) {
    if (candidate.extension() == ".yaml" && fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return argument;
}

std::vector<std::string> scenario_files(const std::vector<std::string>& arguments) {
  std::vector<std::string> files;
  for (const std::string& a : arguments) files.push_back(scenario_file(a));
  return files;
}

}  // namespace relaysim::cli

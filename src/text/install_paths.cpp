#include "text/install_paths.h"

#include <system_error>

namespace relaysim::text {

std::filesystem::path share_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path().parent_path() / "share";
}

}  // namespace relaysim::text

#include "report/file_text.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace std::string_literals;
using relaysim::report::read_file;

TEST_CASE("a whole file is read byte for byte, and a missing one is nothing") {
  const fs::path dir = fs::temp_directory_path() / ("relaysim-file-text-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string bytes = "first line\r\nsecond\n\0 after a NUL, and no final line break"s;
  std::ofstream(dir / "bytes.txt", std::ios::binary) << bytes;
  std::ofstream(dir / "empty.txt", std::ios::binary).flush();
  CHECK(read_file(dir / "bytes.txt") == bytes);
  CHECK(read_file(dir / "empty.txt") == std::string());
  CHECK_FALSE(read_file(dir / "missing.txt").has_value());
  fs::remove_all(dir);
}

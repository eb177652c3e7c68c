// A file that appears under its name only when complete: it is written to a temporary
// name beside it and renamed on commit(), so a failed run leaves no half-written output.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace relaysim::report {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  // Flushes, checks for write errors (throws std::runtime_error) and renames into place.
  void commit();

 private:
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

// Writes `content` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace relaysim::report

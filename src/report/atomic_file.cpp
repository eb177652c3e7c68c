#include "report/atomic_file.h"

#include <stdexcept>
#include <system_error>

namespace relaysim::report {

AtomicFile::AtomicFile(std::filesystem::path path)
    : path_(std::move(path)), temporary_(path_.string() + ".tmp") {
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot write " + temporary_.string());
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) throw std::runtime_error("error while writing " + temporary_.string());
  out_.close();
  std::filesystem::rename(temporary_, path_);
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
  AtomicFile file(path);
  file.stream() << content;
  file.commit();
}

}  // namespace relaysim::report

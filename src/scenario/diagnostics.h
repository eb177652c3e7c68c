// Errors found in a scenario file, each with its position, formatted like a compiler's
// ("file:line:col: error: message") so editors and students can jump to them.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "text/catalog.h"

namespace relaysim::scenario {

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0: the error concerns the whole file (e.g. it cannot be opened)
  int column = 0;  // 1-based
  std::string message;
};

// "file:line:col: error: message", or "file: error: message" when line is 0.
std::string format_diagnostic(const Diagnostic& diagnostic);

// Thrown by the loader with every error it found, sorted by position. what() holds the
// formatted lines joined by '\n'. Bytes that are not printable UTF-8 in a file name or message
// are kept as \xNN.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Collects diagnostics for one file while loading goes on, so that one run reports them all.
class DiagnosticList {
 public:
  // Messages are made in `catalog`'s language (English by default).
  explicit DiagnosticList(std::string file, text::Catalog catalog = {})
      : file_(std::move(file)), catalog_(std::move(catalog)) {}

  // line and column are 1-based.
  void error(int line, int column, std::string message);
  // The translation of `msgid`, with `args` in its {1}, {2}...
  void error(int line, int column, const char* msgid, std::initializer_list<std::string_view> args = {}) {
    error(line, column, catalog_.tr(msgid, args));
  }
  const text::Catalog& catalog() const { return catalog_; }
  bool empty() const { return diagnostics_.empty(); }
  const std::string& file() const { return file_; }

  // Throws ScenarioError with the diagnostics sorted by position (stable), if there are any.
  void throw_if_any() const;

 private:
  std::string file_;
  text::Catalog catalog_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace relaysim::scenario

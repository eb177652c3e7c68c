#include "scenario/diagnostics.h"

#include "scenario/scenario_text.h"

#include <algorithm>

namespace relaysim::scenario {
namespace {

std::string join_formatted(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += format_diagnostic(d);
  }
  return text;
}

}  // namespace

// A message may quote the file (a name made with YAML escapes such as "\e[2J"): it is printed
// escaped, so that a terminal shows it and obeys none of it.
std::string format_diagnostic(const Diagnostic& d) {
  const std::string message = printable_text(d.message);
  if (d.line <= 0) return printable_text(d.file) + ": error: " + message;
  return printable_text(d.file) + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": error: " + message;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_formatted(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void DiagnosticList::error(int line, int column, std::string message) {
  diagnostics_.push_back({file_, line, column, std::move(message)});
}

void DiagnosticList::throw_if_any() const {
  if (diagnostics_.empty()) return;
  std::vector<Diagnostic> sorted = diagnostics_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  // A YAML alias makes the same node appear twice; its errors are worth reading once.
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.line == b.line && a.column == b.column && a.message == b.message;
  };
  sorted.erase(std::unique(sorted.begin(), sorted.end(), same), sorted.end());
  throw ScenarioError(std::move(sorted));
}

}  // namespace relaysim::scenario

#include "scenario/diagnostics.h"

#include "scenario/scenario_text.h"

#include <algorithm>

namespace relaysim::scenario {
namespace {

// A message may quote the file (a name made with YAML escapes such as "\e[2J", a lone CR in a
// value): it is kept escaped, so that a terminal shows it and obeys none of it.
std::vector<Diagnostic> printable(std::vector<Diagnostic> diagnostics) {
  for (Diagnostic& d : diagnostics) {
    d.file = printable_text(d.file);
    d.message = printable_text(d.message);
  }
  return diagnostics;
}

std::string join_formatted(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += format_diagnostic(d);
  }
  return text;
}

}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  if (d.line <= 0) return d.file + ": error: " + d.message;
  return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": error: " + d.message;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_formatted(printable(diagnostics))), diagnostics_(printable(std::move(diagnostics))) {}

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

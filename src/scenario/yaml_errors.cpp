#include "scenario/yaml_errors.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include <yaml-cpp/depthguard.h>

namespace relaysim::scenario {
namespace {

struct Wording {
  std::string_view yaml_cpp;  // the start of yaml-cpp's message (ErrorMsg in yaml-cpp/exceptions.h)
  const char* plain;  // a text of the catalogue
};

constexpr std::array<Wording, 28> kWordings{{
    {"end of map not found", text::N_("a mapping is not closed: expected another 'key: value' at the same indentation")},
    {"end of map flow not found", text::N_("a '{' mapping is not closed: expected '}'")},
    {"end of sequence not found", text::N_("a list is not closed: expected another '- ' item at the same indentation")},
    {"end of sequence flow not found", text::N_("a '[' list is not closed: expected ']'")},
    {"illegal map value", text::N_("a ':' where no key can start: expected 'key: value' with the key on one line, "
                          "at the indentation of its neighbours")},
    {"illegal map key", text::N_("a '?' key where none can start: expected 'key: value'")},
    {"illegal block entry", text::N_("a '- ' list item where a key was expected: check the indentation")},
    {"illegal flow end", text::N_("a ']' or '}' that closes nothing")},
    {"illegal EOF in scalar", text::N_("a quoted string is not closed: expected its closing quote before the end of the file")},
    {"illegal document indicator in scalar", text::N_("a quoted string is not closed: expected its closing quote before '---' or '...'")},
    {"illegal character in scalar", text::N_("a character that cannot start or appear in an unquoted value here: put the value in quotes")},
    {"unknown token", text::N_("unexpected character: expected a key, a value or a list item")},
    {"the referenced anchor is not defined", text::N_("an alias '*name' refers to no anchor '&name' defined before it")},
    {"alias not found after *", text::N_("a '*' starts an alias but no name follows: put the value in quotes")},
    {"anchor not found after &", text::N_("a '&' starts an anchor but no name follows: put the value in quotes")},
    {"bad character found while scanning hex number", text::N_("a '\\x', '\\u' or '\\U' escape in a double-quoted string needs hexadecimal digits")},
    {"invalid unicode: ", text::N_("a '\\u' or '\\U' escape names no Unicode character")},
    {"unexpected character in block scalar", text::N_("unexpected character after '|' or '>': expected a line break or an indentation digit")},
    {"cannot set zero indentation for a block scalar", text::N_("a block scalar's indentation cannot be 0")},
    {"illegal tab when looking for indentation", text::N_("a tab in the indentation: YAML indents with spaces only")},
    {"invalid character in single-quoted string", text::N_("a character that cannot appear in a single-quoted string")},
    {"cannot assign multiple tags", text::N_("a value with two '!' tags: a scenario uses none")},
    {"cannot assign multiple anchors", text::N_("a value with two '&' anchors: give it one")},
    {"cannot assign multiple aliases", text::N_("a value with two '*' aliases: give it one")},
    {"aliases can't have any content", text::N_("an alias '*name' stands for a whole value: nothing may follow it")},
    {"illegal character found while scanning", text::N_("a character that cannot appear in an anchor, alias or tag name")},
    {"unexpected end", text::N_("a list or mapping closes that was never opened")},
    {"YAML directive", text::N_("a %YAML directive that cannot be read: a scenario needs none")},
}};

const char* plain_words(const std::string& message) {
  for (const Wording& w : kWordings) {
    if (message.starts_with(w.yaml_cpp)) return w.plain;
  }
  return nullptr;
}

// "unknown escape character: q" (the character may be anything, a line break included).
std::string escape_message(const std::string& message, std::string_view prefix, const text::Catalog& catalog) {
  const std::string rest = message.substr(prefix.size());
  std::string shown = rest;
  if (rest.size() != 1 || static_cast<unsigned char>(rest[0]) < 0x21 || static_cast<unsigned char>(rest[0]) > 0x7E) {
    shown.clear();
    for (unsigned char c : rest) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
      shown += buffer;
    }
  }
  return catalog.tr(text::N_("unknown escape '\\{1}' in a double-quoted string: expected one of \\\\ \\\" \\n \\t "
                             "\\xXX \\uXXXX (or use single quotes, where a backslash is just a backslash)"),
                    {shown});
}

// The first tab before the first character of a line, at or before `line` (0-based): yaml-cpp
// reports a tab-indented key as a misplaced ':' further on.
std::optional<std::pair<int, int>> tab_in_indentation(std::string_view text, int last_line) {
  int line = 0;
  std::size_t start = 0;
  while (start <= text.size() && line <= last_line) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    for (std::size_t i = start; i < end && (text[i] == ' ' || text[i] == '\t'); ++i) {
      if (text[i] == '\t' && text.find_first_not_of(" \t\r", i) < end) {
        return std::pair{line + 1, static_cast<int>(i - start) + 1};
      }
    }
    start = end + 1;
    ++line;
  }
  return std::nullopt;
}

// The length of the plain key that ends just before the ':' at `mark`, on its line.
std::size_t key_length_before(std::string_view text, const YAML::Mark& mark) {
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) > text.size()) return 0;
  const std::size_t colon = static_cast<std::size_t>(mark.pos);
  const std::size_t line_start = text.rfind('\n', colon == 0 ? 0 : colon - 1);
  const std::size_t from = line_start == std::string_view::npos ? 0 : line_start + 1;
  const std::string_view before = text.substr(from, colon - from);
  const std::size_t first = before.find_first_not_of(" -");
  return first == std::string_view::npos ? 0 : before.size() - first;
}

}  // namespace

void report_yaml_error(const YAML::Exception& error, std::string_view text, DiagnosticList& diagnostics) {
  const text::Catalog& catalog = diagnostics.catalog();
  const int line = error.mark.line < 0 ? 1 : error.mark.line + 1;
  const int column = error.mark.column < 0 ? 1 : error.mark.column + 1;
  if (dynamic_cast<const YAML::DeepRecursion*>(&error) != nullptr) {
    diagnostics.error(line, column,
                      text::N_("invalid YAML: lists and mappings nest more than 2000 levels deep here; a scenario needs a few"));
    return;
  }
  const std::string& message = error.msg;
  if (message.starts_with("illegal map value")) {
    if (const auto tab = tab_in_indentation(text, line - 1)) {
      diagnostics.error(tab->first, tab->second, text::N_("invalid YAML: a tab in the indentation: YAML indents with spaces only"));
      return;
    }
    if (key_length_before(text, error.mark) > 1024) {
      diagnostics.error(line, column, text::N_("invalid YAML: a key longer than 1024 characters: expected a short key "
                                               "(YAML allows at most 1024 for a key without '?')"));
      return;
    }
  }
  constexpr std::string_view kEscape = "unknown escape character: ";
  if (message.starts_with(kEscape)) {
    diagnostics.error(line, column, text::N_("invalid YAML: {1}"), {escape_message(message, kEscape, catalog)});
    return;
  }
  // A message yaml-cpp has that the table lacks is shown as yaml-cpp wrote it, in English.
  const char* plain = plain_words(message);
  diagnostics.error(line, column, text::N_("invalid YAML: {1}"), {plain ? catalog.tr(plain) : message});
}

}  // namespace relaysim::scenario

#include "scenario/scenario_text.h"

#include "smtp/utf8.h"

#include <cstdint>
#include <cstdio>

namespace relaysim::scenario {
namespace {

std::string hex_bytes(std::string_view bytes) {
  std::string out;
  for (unsigned char b : bytes) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%s0x%02X", out.empty() ? "" : " ", b);
    out += buffer;
  }
  return out;
}

// YAML 1.2 c-printable, less what a scenario never needs (NEL is allowed, as YAML does).
bool printable(std::uint32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return true;
  if (cp < 0x20 || cp == 0x7F) return false;
  if (cp >= 0x80 && cp <= 0x9F) return cp == 0x85;
  return cp != 0xFFFE && cp != 0xFFFF;
}

std::string control_name(std::uint32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

bool is_line_character(std::uint32_t cp) { return printable(cp) && cp != '\t' && cp != '\n' && cp != '\r'; }

}  // namespace

std::optional<TextProblem> find_text_problem(std::string_view text, const text::Catalog& catalog) {
  int line = 1, column = 1;
  std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < text.size()) {
    const smtp::Utf8Char d = smtp::decode_utf8(text, i);
    if (d.length == 0) {
      // The lead byte and the continuation bytes that follow it: the broken character alone.
      std::size_t shown = 1;
      while (shown < 4 && i + shown < text.size() && (static_cast<unsigned char>(text[i + shown]) & 0xC0) == 0x80) ++shown;
      const char* msgid = shown == 1 ? text::N_("the file is not UTF-8 text: byte {1} is not a UTF-8 character here "
                                                "(save the file as UTF-8)")
                                     : text::N_("the file is not UTF-8 text: bytes {1} are not a UTF-8 character here "
                                                "(save the file as UTF-8)");
      return TextProblem{line, column, catalog.tr(msgid, {hex_bytes(text.substr(i, shown))})};
    }
    if (!printable(d.code_point)) {
      const std::string what = d.code_point == 0 ? catalog.tr(text::N_("a NUL byte (U+0000)"))
                                                 : catalog.tr(text::N_("the control character {1}"), {control_name(d.code_point)});
      return TextProblem{line, column,
                         catalog.tr(text::N_("the file holds {1}: expected text (YAML allows only printable characters, "
                                             "tabs and line breaks)"),
                                    {what})};
    }
    if (d.code_point == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += d.length;
  }
  return std::nullopt;
}

std::string quoted_for_message(std::string_view text) { return "'" + printable_text(text) + "'"; }

std::string printable_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const smtp::Utf8Char d = smtp::decode_utf8(text, i);
    if (d.length > 0 && is_line_character(d.code_point)) {
      out.append(text.substr(i, d.length));
      i += d.length;
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned char>(text[i]));
      out += buffer;
      ++i;
    }
  }
  return out;
}

std::optional<std::string> scenario_name_problem(std::string_view name, const text::Catalog& catalog) {
  const std::string shown = quoted_for_message(name);
  // What is wrong, then what was expected.
  const auto problem = [&](const char* msgid) {
    return catalog.tr(msgid, {shown}) +
           catalog.tr(text::N_(": expected a name for the output folder out/<name>, like open-relay (no '/' or "
                               "'\\', not starting with '.', '-' or a space)"));
  };
  if (name.empty()) return problem(text::N_("the name is empty"));
  if (name.size() > 100) return problem(text::N_("the name is longer than 100 bytes"));
  for (std::size_t i = 0; i < name.size();) {
    const smtp::Utf8Char d = smtp::decode_utf8(name, i);
    if (d.length == 0) return problem(text::N_("{1} is not UTF-8 text"));
    if (!is_line_character(d.code_point)) return problem(text::N_("{1} holds a control character"));
    i += d.length;
  }
  if (name.find_first_of("/\\") != std::string_view::npos) return problem(text::N_("{1} is a path, not a name"));
  if (name.front() == '.' || name.front() == '-' || name.front() == ' ' || name.back() == ' ' || name.back() == '.') {
    return problem(text::N_("{1} starts or ends with '.', '-' or a space"));
  }
  return std::nullopt;
}

}  // namespace relaysim::scenario

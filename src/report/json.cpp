#include "report/json.h"

#include <cstdio>

#include "smtp/utf8.h"

namespace relaysim::report {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      // A live client's bytes may be anything; JSON is UTF-8 text (RFC 8259), so a byte that is
      // not part of a character becomes U+FFFD.
      const smtp::Utf8Char u = smtp::decode_utf8(text, i);
      if (u.length == 0) {
        out += "\xEF\xBF\xBD";
      } else {
        out.append(text.substr(i, u.length));
        i += u.length - 1;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

}  // namespace relaysim::report

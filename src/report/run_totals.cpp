#include "report/run_totals.h"

#include "report/reader_words.h"

namespace relaysim::report {

std::uint64_t ClassTotals::settled() const {
  std::uint64_t sum = 0;
  for (std::uint64_t n : fates) sum += n;
  return sum;
}

void StatusCounts::count(const smtp::EnhancedStatus& status) {
  for (auto& [known, n] : counts_) {
    if (known == status) {
      ++n;
      return;
    }
  }
  counts_.emplace_back(status, 1);
}

std::map<std::string, std::uint64_t> StatusCounts::by_text() const {
  std::map<std::string, std::uint64_t> texts;
  for (const auto& [status, n] : counts_) texts[smtp::enhanced_status_text(status)] += n;
  return texts;
}

namespace {

std::string rejected_text(const MtaTotals& m) {
  std::string text;
  for (const auto& [status, n] : m.rejected.by_text()) {
    if (!text.empty()) text += ", ";
    text += std::to_string(n) + " x " + status;
  }
  return text.empty() ? "-" : text;
}

// Columns as wide as their widest cell, counted in characters, not bytes ("sesión" is 6 wide).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

// Rows of cells, the first column left-aligned and the others right-aligned; the last column,
// when `free_last`, as it is.
std::string table(const std::vector<std::vector<std::string>>& rows, bool free_last) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    out += " ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(widths[i] - display_width(row[i]), ' ');
      const bool last = i + 1 == row.size();
      if (i == 0) {
        out += " " + row[i] + pad;
      } else if (last && free_last) {
        out += "  " + row[i];
      } else {
        out += "  " + pad + row[i];
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string summary_table(const RunTotals& t, const text::Catalog& catalog) {
  std::vector<std::vector<std::string>> classes = {{catalog.tr("class"), catalog.tr("submitted"),
                                                    catalog.tr("delivered"), catalog.tr("rejected"),
                                                    catalog.tr("bounced"), catalog.tr("queued")}};
  for (int c = 0; c < world::kMessageClassCount; ++c) {
    const ClassTotals& ct = t.classes[c];
    // Only spam and ham always show; notifications and probes when there were any.
    if (c >= static_cast<int>(world::MessageClass::Dsn) && ct.submitted == 0) continue;
    classes.push_back({class_words(static_cast<world::MessageClass>(c), catalog), std::to_string(ct.submitted),
                       std::to_string(ct.fates[0]), std::to_string(ct.fates[1]), std::to_string(ct.fates[2]),
                       std::to_string(ct.fates[3])});
  }
  std::vector<std::vector<std::string>> servers = {{catalog.tr("name"), catalog.tr("sessions"), catalog.tr("accepted"),
                                                    catalog.tr("relayed"), catalog.tr("delivered"),
                                                    catalog.tr("deferred"),
                                                    catalog.tr("refused (MAIL, RCPT; by status)")}};
  for (const MtaTotals& m : t.mtas) {
    servers.push_back({m.name, std::to_string(m.sessions), std::to_string(m.accepted), std::to_string(m.relayed),
                       std::to_string(m.delivered), std::to_string(m.deferred), rejected_text(m)});
  }
  std::string out = catalog.tr("Messages (one per recipient copy)") + "\n" + table(classes, false);
  out += "\n" + catalog.tr("Mail servers") + "\n" + table(servers, true);
  if (!t.key_messages.empty()) {
    out += "\n" + catalog.tr("Key messages (the first of each outcome; --transcripts key writes theirs)") + "\n";
    for (const KeyMessage& k : t.key_messages) out += "  " + std::to_string(k.id) + ": " + k.describe(catalog) + "\n";
  }
  return out;
}

}  // namespace relaysim::report

#include "mail/mailbox_writer.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace relaysim::mail {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, std::string_view text, std::ios::openmode mode) {
  std::ofstream out(path, std::ios::binary | mode);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A Maildir: cur/, new/ and tmp/ (a Maildir++ subfolder also holds the empty file maildirfolder).
fs::path make_maildir(const fs::path& dir, bool subfolder) {
  for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(dir / sub);
  if (subfolder && !fs::exists(dir / "maildirfolder")) write_file(dir / "maildirfolder", "", std::ios::trunc);
  return dir;
}

// mboxrd: a line that reads "From " after any number of '>' gains one more '>', so that
// readers that strip one get the text back and none mistakes it for the next message.
std::string mboxrd_quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::string_view line = text.substr(at, end - at);
    const std::size_t quotes = line.find_first_not_of('>');
    if (quotes != std::string_view::npos && line.substr(quotes, 5) == "From ") out += '>';
    out += line;
    at = end;
  }
  return out;
}

}  // namespace

std::optional<MailboxFormat> parse_mailbox_format(std::string_view text) {
  if (text == "maildir") return MailboxFormat::Maildir;
  if (text == "mbox") return MailboxFormat::Mbox;
  return std::nullopt;
}

std::string_view mailbox_format_name(MailboxFormat format) {
  return format == MailboxFormat::Maildir ? "maildir" : "mbox";
}

std::string mailbox_file_name(std::string_view mailbox) {
  static constexpr std::string_view kKept = "@._+-";
  std::string out;
  for (std::size_t i = 0; i < mailbox.size(); ++i) {
    const auto c = static_cast<unsigned char>(mailbox[i]);
    const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      (kKept.find(static_cast<char>(c)) != std::string_view::npos && !(i == 0 && c == '.'));
    if (kept) {
      out += static_cast<char>(c);
    } else {
      std::array<char, 4> escaped{};
      static constexpr std::string_view kHex = "0123456789ABCDEF";
      escaped = {'%', kHex[c >> 4], kHex[c & 15], '\0'};
      out += escaped.data();
    }
  }
  if (out.empty()) return "%";
  // File systems take 255 bytes a name: a longer one keeps its start and a hash of the whole
  // (FNV-1a), so that two long addresses still get two files.
  constexpr std::size_t kMaxName = 200;
  if (out.size() <= kMaxName) return out;
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : mailbox) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  std::array<char, 17> digits{};
  std::snprintf(digits.data(), digits.size(), "%016llx", static_cast<unsigned long long>(hash));
  return out.substr(0, kMaxName - 17) + "~" + digits.data();
}

MailboxWriter::MailboxWriter(const fs::path& out_dir, MailboxFormat format)
    : format_(format),
      final_(out_dir / std::string(mailbox_format_name(format))),
      staging_(out_dir / (std::string(mailbox_format_name(format)) + ".tmp")) {
  fs::remove_all(staging_);
  fs::create_directories(staging_);
}

MailboxWriter::~MailboxWriter() {
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
}

void MailboxWriter::add(const StoredMessage& message) {
  if (format_ == MailboxFormat::Maildir) {
    add_to_maildir(message);
  } else {
    add_to_mbox(message);
  }
}

// As a delivery agent does: written in tmp/, then renamed into new/ (unread, never seen).
void MailboxWriter::add_to_maildir(const StoredMessage& message) {
  const fs::path box = make_maildir(staging_ / mailbox_file_name(message.mailbox), false);
  const fs::path folder = message.junk ? make_maildir(box / ".Junk", true) : box;
  write_file(folder / "tmp" / message.unique, message.text, std::ios::trunc);
  fs::rename(folder / "tmp" / message.unique, folder / "new" / message.unique);
}

void MailboxWriter::add_to_mbox(const StoredMessage& message) {
  const std::string name = mailbox_file_name(message.mailbox) + (message.junk ? ".Junk.mbox" : ".mbox");
  const std::string sender = message.envelope_sender.empty() ? "MAILER-DAEMON" : message.envelope_sender;
  std::string entry = "From " + sender + " " + asctime_date(message.delivered) + "\n";
  entry += mboxrd_quoted(message.text);
  entry += "\n";  // the empty line that ends a message in an mbox
  write_file(staging_ / name, entry, std::ios::app);
}

void MailboxWriter::commit() {
  fs::remove_all(final_);
  fs::rename(staging_, final_);
}

}  // namespace relaysim::mail

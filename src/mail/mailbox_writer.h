// Delivered mail written where mail programs read it: one Maildir per mailbox (the junk folder
// as the Maildir++ subfolder .Junk) or one mbox file per mailbox and folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "mail/mail_date.h"

namespace relaysim::mail {

enum class MailboxFormat : std::uint8_t { Maildir, Mbox };
// "maildir" or "mbox".
std::optional<MailboxFormat> parse_mailbox_format(std::string_view text);
std::string_view mailbox_format_name(MailboxFormat format);

// A mailbox's address as one file name: letters, digits and "@._+-" kept, every other byte as
// %XX, a leading dot too, so that no address can name a path outside the folder or a hidden one;
// at most 200 bytes (a longer name ends in '~' and a hash of the address).
std::string mailbox_file_name(std::string_view mailbox);

struct StoredMessage {
  std::string mailbox;           // the address it was delivered to
  bool junk = false;             // filed in the junk folder
  std::string envelope_sender;   // "" for the null sender
  UnixSeconds delivered = 0;
  std::string unique;            // unique among the messages of the run: the Maildir file's name
  std::string text;              // the whole message, lines ending in \n
};

// Writes into OUT/maildir or OUT/mbox, built beside it and put in place by commit(), so that a
// folder never mixes this run's mail with an earlier run's. Throws std::runtime_error when a
// file cannot be written.
class MailboxWriter {
 public:
  MailboxWriter(const std::filesystem::path& out_dir, MailboxFormat format);
  ~MailboxWriter();  // a run that failed leaves no half-written folder
  MailboxWriter(const MailboxWriter&) = delete;
  MailboxWriter& operator=(const MailboxWriter&) = delete;
  void add(const StoredMessage& message);
  void commit();

 private:
  void add_to_maildir(const StoredMessage& message);
  void add_to_mbox(const StoredMessage& message);

  MailboxFormat format_;
  std::filesystem::path final_;
  std::filesystem::path staging_;
};

}  // namespace relaysim::mail

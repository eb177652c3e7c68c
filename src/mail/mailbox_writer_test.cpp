// The folders as mail programs expect them; tests/mailbox_files_test.py reads a whole run's with
// Python's mailbox module.
#include "mail/mailbox_writer.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace relaysim::mail;
namespace fs = std::filesystem;

namespace {

struct ScratchFolder {
  ScratchFolder() : path(fs::temp_directory_path() / ("relaysim-mailbox-writer-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchFolder() { fs::remove_all(path); }
  fs::path path;
};

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

StoredMessage a_message(std::string unique, bool junk) {
  StoredMessage m;
  m.mailbox = "ana@campus.example";
  m.junk = junk;
  m.envelope_sender = "bob@isp.example";
  m.delivered = 1772442000;
  m.unique = std::move(unique);
  m.text = "Subject: hi\n\nFrom here on\n>From there\nbye\n";
  return m;
}

}  // namespace

TEST_CASE("A Maildir holds cur, new and tmp, new mail in new, and junk in the Maildir++ subfolder .Junk") {
  ScratchFolder out;
  MailboxWriter writer(out.path, MailboxFormat::Maildir);
  writer.add(a_message("1772442000.M1P1.sim", false));
  writer.add(a_message("1772442000.M2P1.sim", true));
  writer.commit();
  const fs::path box = out.path / "maildir" / "ana@campus.example";
  for (const char* sub : {"cur", "new", "tmp"}) {
    CHECK(fs::is_directory(box / sub));
    CHECK(fs::is_directory(box / ".Junk" / sub));
  }
  CHECK(fs::exists(box / ".Junk" / "maildirfolder"));
  CHECK(file_text(box / "new" / "1772442000.M1P1.sim") == a_message("", false).text);
  CHECK(fs::exists(box / ".Junk" / "new" / "1772442000.M2P1.sim"));
  CHECK(fs::is_empty(box / "tmp"));
  CHECK_FALSE(fs::exists(out.path / "maildir.tmp"));
}

TEST_CASE("An mbox entry starts with a From_ line and quotes body lines that begin with From") {
  ScratchFolder out;
  MailboxWriter writer(out.path, MailboxFormat::Mbox);
  writer.add(a_message("a", false));
  StoredMessage bounce = a_message("b", false);
  bounce.envelope_sender = "";
  writer.add(bounce);
  writer.commit();
  const std::string entry =
      "Subject: hi\n\n>From here on\n>>From there\nbye\n\n";
  CHECK(file_text(out.path / "mbox" / "ana@campus.example.mbox") ==
        "From bob@isp.example Mon Mar  2 09:00:00 2026\n" + entry +
        "From MAILER-DAEMON Mon Mar  2 09:00:00 2026\n" + entry);
}

TEST_CASE("A second run's folder replaces the first one's instead of mixing with it") {
  ScratchFolder out;
  {
    MailboxWriter first(out.path, MailboxFormat::Mbox);
    first.add(a_message("a", false));
    first.commit();
  }
  MailboxWriter second(out.path, MailboxFormat::Mbox);
  second.add(a_message("a", true));
  second.commit();
  CHECK_FALSE(fs::exists(out.path / "mbox" / "ana@campus.example.mbox"));
  CHECK(fs::exists(out.path / "mbox" / "ana@campus.example.Junk.mbox"));
}

TEST_CASE("No mailbox address can name a file outside its folder or a hidden one") {
  CHECK(mailbox_file_name("ana@campus.example") == "ana@campus.example");
  CHECK(mailbox_file_name("../../etc/passwd") == "%2E.%2F..%2Fetc%2Fpasswd");
  CHECK(mailbox_file_name(".Junk") == "%2EJunk");
  CHECK(mailbox_file_name("a b/c") == "a%20b%2Fc");
  CHECK(mailbox_file_name("") == "%");
  CHECK(mailbox_file_name("ñ@x") == "%C3%B1@x");
}

TEST_CASE("A mailbox address too long for a file name is cut, and two such addresses stay apart") {
  const std::string a = std::string(300, 'a') + "@x.example";
  const std::string b = std::string(300, 'a') + "@y.example";
  CHECK(mailbox_file_name(a).size() == 200);
  CHECK(mailbox_file_name(a) != mailbox_file_name(b));
  CHECK(mailbox_file_name(a).find('~') == 183);
}

TEST_CASE("The mailbox format is named maildir or mbox") {
  CHECK(parse_mailbox_format("maildir") == MailboxFormat::Maildir);
  CHECK(parse_mailbox_format("mbox") == MailboxFormat::Mbox);
  CHECK_FALSE(parse_mailbox_format("Maildir"));
  CHECK(mailbox_format_name(MailboxFormat::Mbox) == "mbox");
}

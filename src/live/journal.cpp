// The journal's lines are JSON (nlohmann), written through a plain file descriptor so that
// wait_for_disk() can fdatasync, on a thread of its own, before serve tells a client 250.
#include "live/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "mta/ipv4.h"
#include "report/file_text.h"
#include "report/schema_version.h"
#include "scenario/diagnostics.h"
#include "scenario/scenario_loader.h"
#include "scenario/spec_names.h"
#include "scenario/units.h"
#include "sim/random_stream.h"
#include "smtp/base64.h"
#include "smtp/wire.h"
#include "text/catalog.h"

namespace relaysim::live {
namespace {

using json = nlohmann::ordered_json;
using Handover = world::LiveHandover;

constexpr const char* kJournalKind = "relaysim serve journal";

std::runtime_error system_error(const std::string& what, const std::filesystem::path& path) {
  return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

// Client input may hold bytes that are not UTF-8: they become U+FFFD rather than stopping serve.
std::string line_of(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; }

std::string hex(std::uint64_t value) {
  char digits[17];
  const auto end = std::to_chars(digits, digits + sizeof digits, value, 16).ptr;
  std::string text(digits, end);
  for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
  return text;
}

json header_json(const LiveSetup& s) {
  json listeners = json::array();
  for (const LiveSetup::Face& f : s.listeners) listeners.push_back({{"mta", f.mta}, {"submission", f.submission}});
  return {{"journal", kJournalKind},
          {"schema_version", report::kJournalSchemaVersion},
          {"scenario_file", s.scenario_file},
          {"scenario_path", s.scenario_path},
          {"scenario_fnv1a", hex(sim::stable_hash(s.scenario_text))},
          {"set", s.overrides},
          {"client_ip", mta::format_ipv4(s.client_ip)},
          {"class", world::class_name(s.message_class)},
          {"listeners", listeners},
          {"transcripts", s.transcripts},
          {"live_transcripts", s.live_transcripts},
          {"explain", s.explain},
          {"trace", s.trace},
          {"lang", s.language},
          {"mailboxes", s.mailboxes ? std::string(mail::mailbox_format_name(*s.mailboxes)) : std::string()}};
}

// A client's message may hold any octet; JSON strings hold UTF-8 only.
std::string content_base64(std::string_view content) {
  std::string text;
  smtp::base64_encode(content, text);
  return text;
}

// The reply as the client saw it, and what it takes to type it again (reply_from).
json reply_json(const Handover::Recipient& r, std::string_view host) {
  std::string wire;
  smtp::format_reply(r.full_reply(), smtp::ServerIdentity{host}, wire);
  while (!wire.empty() && (wire.back() == '\n' || wire.back() == '\r')) wire.pop_back();
  json j = {{"rcpt", r.path}, {"reply", wire}};
  if (!r.reply_arg.empty()) j["arg"] = r.reply_arg;
  if (r.reply.number != 0) j["number"] = r.reply.number;
  return j;
}

json message_json(const Handover& h, std::string_view mta) {
  json recipients = json::array();
  for (const Handover::Recipient& r : h.recipients) recipients.push_back(reply_json(r, mta));
  return {{"kind", "message"},
          {"t_us", h.at},
          {"session", h.session_id},
          {"mta", mta},
          {"submission", h.submission_port},
          {"queue_id", hex(h.queue_id)},
          {"helo", h.helo},
          {"ehlo", h.extended},
          {"auth", h.authenticated_user},
          {"sender", h.sender},
          {"size", h.size},
          {"recipients", recipients},
          {"content_base64", content_base64(h.content)}};
}

void write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw system_error("cannot write", path);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void sync_fd(int fd, const std::filesystem::path& path) {
  if (::fdatasync(fd) != 0) throw system_error("cannot sync", path);
}

// The new file's name must be on disk too, or a crash could lose the whole journal.
void sync_folder(const std::filesystem::path& file) {
  const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw system_error("cannot open", folder);
  const int result = ::fsync(fd);
  ::close(fd);
  if (result != 0) throw system_error("cannot sync", folder);
}

// ---- reading ----

struct LineReader {
  const std::filesystem::path& path;
  std::size_t number = 0;

  [[noreturn]] void fail(const std::string& why) const {
    throw JournalError(path.string() + ":" + std::to_string(number) + ": " + why);
  }
};

std::uint64_t hex_from(const std::string& text, const std::string& what, const LineReader& at) {
  std::uint64_t value = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size()) at.fail(what + ": not hex: " + text);
  return value;
}

LiveSetup setup_from(const json& j, const LineReader& at) {
  if (!j.is_object() || j.value("journal", "") != kJournalKind) {
    at.fail("not the journal of relaysim serve (its first line names no setup)");
  }
  // (Journals written before schema_version had "version": 1, which is schema_version 1.)
  if (const auto problem = report::schema_version_problem(j, report::kJournalSchemaVersion)) at.fail(*problem);
  LiveSetup s;
  s.scenario_file = j.at("scenario_file").get<std::string>();
  s.scenario_path = j.at("scenario_path").get<std::string>();
  s.overrides = j.at("set").get<std::vector<std::string>>();
  const auto ip = scenario::parse_ipv4(j.at("client_ip").get<std::string>());
  if (!ip) at.fail("client_ip: " + ip.error());
  s.client_ip = ip.value();
  const auto message_class = scenario::message_class_from_string(j.at("class").get<std::string>());
  if (!message_class) at.fail("class: expected ham or spam");
  s.message_class = *message_class;
  for (const json& f : j.at("listeners")) s.listeners.push_back({f.at("mta").get<std::string>(), f.at("submission").get<bool>()});
  s.transcripts = j.at("transcripts").get<std::vector<std::string>>();
  s.live_transcripts = j.at("live_transcripts").get<std::uint64_t>();
  s.explain = j.at("explain").get<bool>();
  s.trace = j.at("trace").get<bool>();
  // Journals written before serve had --lang are in English.
  s.language = j.value("lang", std::string("en"));
  if (!text::language_from_name(s.language)) at.fail("lang: expected en or es");
  if (const std::string format = j.value("mailboxes", std::string()); !format.empty()) {
    s.mailboxes = mail::parse_mailbox_format(format);
    if (!s.mailboxes) at.fail("mailboxes: expected maildir or mbox");
  }
  return s;
}

smtp::EnhancedStatus status_of(std::string_view text) {
  smtp::EnhancedStatus s;
  unsigned klass = 0, subject = 0, detail = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  auto r = std::from_chars(p, end, klass);
  if (r.ec != std::errc{} || r.ptr == end || *r.ptr != '.') return s;
  r = std::from_chars(r.ptr + 1, end, subject);
  if (r.ec != std::errc{} || r.ptr == end || *r.ptr != '.') return s;
  r = std::from_chars(r.ptr + 1, end, detail);
  if (r.ec != std::errc{} || (r.ptr != end && *r.ptr != ' ')) return s;
  return {static_cast<std::uint8_t>(klass), static_cast<std::uint8_t>(subject), static_cast<std::uint16_t>(detail)};
}

// The typed reply whose wire text is `wire`: the one wording that formats to it. Kept as wire
// text, the journal stays readable and does not depend on the order of smtp::ReplyText.
void reply_from(const json& j, std::string_view host, Handover::Recipient& r, const LineReader& at) {
  const std::string wire = j.at("reply").get<std::string>();
  r.reply_arg = j.value("arg", "");
  const std::uint64_t number = j.value("number", std::uint64_t{0});
  unsigned code = 0;
  if (wire.size() < 3 || std::from_chars(wire.data(), wire.data() + 3, code).ec != std::errc{}) {
    at.fail("a recipient's reply has no code: " + wire);
  }
  const std::string_view rest = wire.size() > 4 ? std::string_view(wire).substr(4) : std::string_view{};
  const smtp::EnhancedStatus status = status_of(rest);
  // Several texts share a wording ("Ok"): first the one whose own code and status these are,
  // then one a policy gave another code (a deferral: 454 4.7.1 Relay access denied).
  for (const bool own_code : {true, false}) {
    for (int t = 0; t <= static_cast<int>(smtp::ReplyText::Diagnostic); ++t) {
      smtp::Reply candidate = smtp::make_reply(static_cast<smtp::ReplyText>(t), r.reply_arg);
      if (own_code && (candidate.code != code || candidate.status != status)) continue;
      candidate.code = static_cast<std::uint16_t>(code);
      candidate.status = status;
      candidate.number = number;
      std::string formatted;
      smtp::format_reply(candidate, smtp::ServerIdentity{host}, formatted);
      if (formatted == wire + "\r\n") {
        r.reply = candidate;
        r.reply.arg = {};
        return;
      }
    }
  }
  // A wording this relaysim does not have (the journal of another version): the words as they were.
  r.reply = smtp::make_reply(smtp::ReplyText::Diagnostic);
  r.reply.code = static_cast<std::uint16_t>(code);
  r.reply.status = status;
  const std::size_t words = status == smtp::EnhancedStatus{} ? 0 : rest.find(' ');
  r.reply_arg = words == std::string_view::npos ? std::string() : std::string(rest.substr(words == 0 ? 0 : words + 1));
}

JournalMessage message_from(const json& j, const LineReader& at) {
  JournalMessage m;
  m.mta = j.at("mta").get<std::string>();
  Handover& h = m.handover;
  h.at = j.at("t_us").get<sim::SimTime>();
  h.session_id = j.at("session").get<std::uint64_t>();
  h.submission_port = j.at("submission").get<bool>();
  h.queue_id = hex_from(j.at("queue_id").get<std::string>(), "queue_id", at);
  h.helo = j.at("helo").get<std::string>();
  h.extended = j.value("ehlo", false);  // journals before it: as HELO
  h.authenticated_user = j.at("auth").get<std::string>();
  h.sender = j.at("sender").get<std::string>();
  h.size = j.at("size").get<std::uint64_t>();
  // Journals written before serve kept content have none: the stand-in's words are used.
  if (!smtp::base64_decode(j.value("content_base64", std::string()), h.content)) at.fail("content_base64: not base64");
  for (const json& rj : j.at("recipients")) {
    Handover::Recipient& r = h.recipients.emplace_back();
    r.path = rj.at("rcpt").get<std::string>();
    reply_from(rj, m.mta, r, at);
    r.accepted = r.reply.positive_completion();
  }
  if (std::none_of(h.recipients.begin(), h.recipients.end(), [](const auto& r) { return r.accepted; })) {
    at.fail("a message the MTA took has no accepted recipient");
  }
  return m;
}

void read_line(const json& j, Journal& journal, const LineReader& at) {
  const std::string kind = j.at("kind").get<std::string>();
  const sim::SimTime t = j.at("t_us").get<sim::SimTime>();
  if (t < journal.reached) at.fail("its time goes back (t_us " + std::to_string(t) + ")");
  journal.reached = t;
  if (journal.ending != Journal::Ending::None && kind != "recovered") {
    at.fail("a line after serve stopped");
  }
  if (kind == "message") {
    journal.messages.push_back(message_from(j, at));
  } else if (kind == "stopped") {
    journal.ending = Journal::Ending::Stopped;
  } else if (kind == "recovered") {
    journal.ending = Journal::Ending::Recovered;
  } else if (kind != "clock") {
    at.fail("unknown kind of line: " + kind);
  }
}

}  // namespace

// ---- writing ----

JournalWriter::JournalWriter(const std::filesystem::path& path, const LiveSetup& setup) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw system_error("cannot create", path);
  buffer_ = line_of(header_json(setup));
  sync();
  sync_folder(path_);
}

JournalWriter::~JournalWriter() {
  if (fd_ < 0) return;
  try {
    flush();
  } catch (const std::exception&) {
    // Lines not yet synced were never promised to anyone.
  }
  ::close(fd_);
}

void JournalWriter::message(const world::LiveHandover& handover, std::string_view mta) {
  buffer_ += line_of(message_json(handover, mta));
  ++messages_;
}

void JournalWriter::clock(sim::SimTime reached) {
  buffer_ += line_of({{"kind", "clock"}, {"t_us", reached}});
  flush();
}

void JournalWriter::flush() {
  write_all(fd_, buffer_, path_);
  buffer_.clear();
}

void JournalWriter::wait_for_disk() const { sync_fd(fd_, path_); }

void JournalWriter::sync() {
  flush();
  wait_for_disk();
}

void JournalWriter::stopped(sim::SimTime reached, std::string_view how) {
  buffer_ += line_of({{"kind", "stopped"}, {"t_us", reached}, {"how", how}});
  sync();
}

// ---- reading ----

Journal read_journal(const std::filesystem::path& path) {
  const std::optional<std::string> read = report::read_file(path);
  if (!read) throw JournalError(path.string() + ": cannot open: " + std::strerror(errno));
  const std::string& text = *read;
  Journal journal;
  LineReader at{path};
  std::size_t begin = 0;
  while (begin < text.size()) {
    ++at.number;
    const std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) {
      // Written when serve died: never synced, so no client was told 250 for it.
      journal.warnings.push_back(path.string() + ":" + std::to_string(at.number) +
                                 ": ignored a torn last line (serve stopped while writing it)");
      break;
    }
    const std::string_view line(text.data() + begin, end - begin);
    begin = end + 1;
    try {
      const json j = json::parse(line);
      if (at.number == 1) {
        journal.setup = setup_from(j, at);
        journal.scenario_hash = hex_from(j.at("scenario_fnv1a").get<std::string>(), "scenario_fnv1a", at);
      } else {
        read_line(j, journal, at);
      }
    } catch (const json::exception& e) {
      at.fail(std::string("not a journal line relaysim wrote (") + e.what() + ")");
    }
    journal.complete_bytes = begin;
  }
  if (at.number == 0 || journal.complete_bytes == 0) at.fail("no setup line: the journal is empty");
  return journal;
}

std::string scenario_text_of(const Journal& journal, const text::Catalog& catalog) {
  const std::string& path = journal.setup.scenario_path;
  std::string text;
  try {
    text = scenario::read_scenario_text(path, catalog);
  } catch (const scenario::ScenarioError& e) {
    throw JournalError(catalog.tr(text::N_("the scenario serve ran: {1}"), {e.what()}));
  }
  if (sim::stable_hash(text) != journal.scenario_hash) {
    throw JournalError(
        catalog.tr(text::N_("the scenario serve ran, {1}, has changed since: put back the version serve ran"), {path}));
  }
  return text;
}

void mark_recovered(const std::filesystem::path& path, std::uintmax_t complete_bytes, sim::SimTime reached) {
  std::filesystem::resize_file(path, complete_bytes);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) throw system_error("cannot open", path);
  try {
    write_all(fd, line_of({{"kind", "recovered"}, {"t_us", reached}}), path);
    sync_fd(fd, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

}  // namespace relaysim::live

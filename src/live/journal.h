// The journal of `relaysim serve`: an append-only file in the output folder whose lines a
// killed serve leaves behind, from which `relaysim recover` rebuilds complete outputs.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "live/live_setup.h"
#include "sim/sim_time.h"
#include "world/world.h"

namespace relaysim::live {

// Its lines, one JSON object each: first the LiveSetup (the scenario by name and hash); then one line per message a simulated
// MTA took from a real client, on disk before the client is told 250; now and then the
// simulated time reached; and last how serve stopped (or that recover rebuilt the outputs).
inline constexpr const char* kJournalFile = "journal.jsonl";

class JournalWriter {
 public:
  // Creates (or replaces) the file and makes the setup line durable. Throws std::runtime_error.
  JournalWriter(const std::filesystem::path& path, const LiveSetup& setup);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // Buffered until flush(): the message the MTA named `mta` took.
  void message(const world::LiveHandover& handover, std::string_view mta);
  // The simulated time reached, written at once but not waited for: recover runs the world
  // on to about where a killed serve was.
  void clock(sim::SimTime reached);
  // Writes what is buffered (write(2): the lines survive the process, not yet the machine).
  void flush();
  // Waits until everything flushed before the call is on disk (fdatasync). It may run on
  // another thread while this one goes on flushing. Throws std::runtime_error.
  void wait_for_disk() const;
  // flush(), then wait_for_disk().
  void sync();
  // The last line: how serve stopped ("interrupted", "until"), made durable.
  void stopped(sim::SimTime reached, std::string_view how);

  // Messages journalled; the waits that made them durable and the time those took (counted
  // by whoever waits, with note_wait()).
  std::uint64_t messages() const { return messages_; }
  std::uint64_t waits() const { return waits_; }
  std::chrono::nanoseconds wait_time() const { return wait_time_; }
  void note_wait(std::chrono::nanoseconds took) {
    ++waits_;
    wait_time_ += took;
  }

 private:

  std::filesystem::path path_;
  int fd_ = -1;
  std::string buffer_;
  std::uint64_t messages_ = 0;
  std::uint64_t waits_ = 0;
  std::chrono::nanoseconds wait_time_{0};
};

// A bad journal: `what()` says where and why ("journal.jsonl:3: ...").
class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JournalMessage {
  std::string mta;                     // the MTA's name (handover.mta is not set)
  world::LiveHandover handover;
};

struct Journal {
  LiveSetup setup;                       // without scenario_text: see scenario_text_of
  std::uint64_t scenario_hash = 0;       // of the text serve ran (sim::stable_hash)
  std::vector<JournalMessage> messages;  // in the order they were taken
  sim::SimTime reached = 0;              // the latest simulated time the journal names
  enum class Ending : std::uint8_t { None, Stopped, Recovered };
  Ending ending = Ending::None;          // None: serve was killed before writing its outputs
  std::uintmax_t complete_bytes = 0;     // up to the end of the last complete line
  std::vector<std::string> warnings;     // a torn last line, ignored
};

// Reads the whole journal. Throws JournalError.
Journal read_journal(const std::filesystem::path& path);

// The scenario's text as serve ran it, read again from its file: the journal keeps the file's
// hash, not its text, which may hold passwords (sasl_users). Throws JournalError when the file
// cannot be read or has changed since, saying so in `catalog`'s language.
std::string scenario_text_of(const Journal& journal, const text::Catalog& catalog = {});

// Cuts off a torn last line (past `complete_bytes`) and appends a line saying that recover
// rebuilt the outputs up to `reached`, so that a new serve may reuse the folder. Throws
// std::runtime_error.
void mark_recovered(const std::filesystem::path& path, std::uintmax_t complete_bytes, sim::SimTime reached);

}  // namespace relaysim::live

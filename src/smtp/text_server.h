// A sans-IO byte adapter around ServerSession: client bytes in, reply bytes out, so a real
// listener (or a test) speaks SMTP text to the same state machine the simulator drives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "smtp/server_session.h"
#include "smtp/wire.h"

namespace relaysim::smtp {

// Postfix smtpd_sasl_response_limit: a SASL response line may be up to 12288 octets, LF included.
inline constexpr std::size_t kMaxAuthLine = 12288;

class TextServer {
 public:
  // Told of every reply as the adapter produces it, with the command it answers: for logs and
  // transcripts of real sessions. `command` is null for the greeting; a line the parser refused
  // arrives as Verb::Unknown whose argument is the line's first octets (raw bytes: sanitize
  // before showing). AUTH continuation lines arrive as Verb::AuthResponse: they hold secrets.
  // Views in `command` and `reply` are valid only during the call.
  class Observer {
   public:
    virtual ~Observer() = default;
    virtual void exchanged(const Command* command, const Reply& reply) = 0;
  };

  // Keeps a reference to `session`, which must outlive this adapter; `identity` names the
  // server in replies (its view must outlive it too).
  TextServer(ServerSession& session, ServerIdentity identity);

  // `observer` (or nullptr) must outlive this adapter's use of it.
  void set_observer(Observer* observer) { observer_ = observer; }
  // Keep each message's content (dot-unstuffed, lines ending in \n, up to the size limit) and
  // hand it to the session with the end of DATA or the last BDAT chunk: for the mailboxes.
  void keep_content(bool keep) { keep_content_ = keep; }

  // Starts the session and returns the greeting's bytes.
  // Returned views point into this adapter and stay valid until the next open()/feed().
  std::string_view open(std::uint32_t client_ip);

  // Feeds bytes as they arrive, split anywhere. Lines are read as Postfix's smtp_get reads them:
  // they end at LF, every CR before it is dropped, and at most kMaxCommandLine octets are kept
  // (the rest of a longer command line is discarded; a longer message line is read in pieces).
  // BDAT chunks are read by count. Returns the bytes of every reply the input caused, in order
  // (PIPELINING: one feed may hold a whole transaction). After the session closes, further input
  // is ignored.
  std::string_view feed(std::string_view bytes);

  bool closed() const { return session_.closed(); }
  bool receiving_data() const { return mode_ == Mode::Data; }
  // The current (or last) message's octets as Postfix counts them: each line (or each piece of a
  // line longer than kMaxCommandLine) with 2 for its line end, DATA's lines dot-unstuffed.
  std::uint64_t message_octets() const { return message_octets_; }

 private:
  enum class Mode : std::uint8_t { Commands, Data, Chunk };
  enum class RecordEnd : std::uint8_t { None, Line, Cut };  // Cut: the length bound came first

  static RecordEnd take_record(std::string& record, std::string_view& bytes, std::size_t bound);
  void skip_rest_of_line(std::string_view& bytes);
  void take_chunk(std::string_view& bytes);
  void handle_line(bool complete);
  void handle_data_record(RecordEnd end);
  void handle_command(std::string_view line);
  void start_chunk(const Command& bdat);
  void finish_chunk();
  void send(const Command* command, const Reply& reply);
  void keep(std::string_view piece, bool line_ends);
  std::size_t line_bound() const;

  ServerSession& session_;
  ServerIdentity identity_;
  Observer* observer_ = nullptr;
  std::string out_;
  Mode mode_ = Mode::Commands;
  std::string line_;          // the line (or the piece of one) being read
  bool skipping_ = false;     // the rest of an over-long command line, discarded up to its LF
  bool continued_ = false;    // DATA: the last piece was not a whole line
  std::uint64_t message_octets_ = 0;
  bool keep_content_ = false;
  std::string content_;  // the message being read, when kept
  // BDAT: the chunk being read, what of it is still to come, and the message's last unfinished
  // line (chunks join into one message; only its length and last octet matter).
  Command chunk_;
  std::uint64_t chunk_left_ = 0;
  std::string chunk_line_;
};

}  // namespace relaysim::smtp

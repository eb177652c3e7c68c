// A sans-IO byte adapter around ServerSession: client bytes in, reply bytes out, so a real
// listener (or a test) speaks SMTP text to the same state machine the simulator drives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "smtp/server_session.h"
#include "smtp/wire.h"

namespace relaysim::smtp {

// RFC 4954 4: a SASL response line may be up to 12288 octets, far above the command limit.
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

  // Starts the session and returns the greeting's bytes.
  // Returned views point into this adapter and stay valid until the next open()/feed().
  std::string_view open(std::uint32_t client_ip);

  // Feeds bytes as they arrive, split anywhere. Lines end in CRLF (a bare LF is tolerated).
  // Returns the bytes of every reply they caused, in order (PIPELINING: one feed may hold
  // a whole transaction). After the session closes, further input is ignored.
  std::string_view feed(std::string_view bytes);

  bool closed() const { return session_.closed(); }
  bool receiving_data() const { return receiving_data_; }
  // The current (or last) message: its octets after dot-unstuffing, each line counted with
  // CRLF, and how many of its text lines exceeded RFC 5321's 1000 octets (any such line gets
  // the message refused at the final dot with 500 5.5.2; the session goes on).
  std::uint64_t message_octets() const { return message_octets_; }
  std::uint64_t long_text_lines() const { return long_text_lines_; }

 private:
  void append_to_line(std::string_view bytes);
  void complete_line();
  void handle_data_line(std::string_view line, std::size_t length);
  void handle_command_line(std::string_view line, std::size_t length);
  void send(const Command* command, const Reply& reply);
  std::size_t line_storage_limit() const;

  ServerSession& session_;
  ServerIdentity identity_;
  Observer* observer_ = nullptr;
  std::string out_;
  std::string line_;            // the current line's first octets (the rest only counted)
  std::size_t line_length_ = 0; // octets of the current line so far, CR included
  bool line_ends_in_cr_ = false;
  bool receiving_data_ = false;
  std::uint64_t message_octets_ = 0;
  std::uint64_t long_text_lines_ = 0;
};

}  // namespace relaysim::smtp

// Line framing and mode switching (commands, AUTH continuations, message content, BDAT chunks)
// around ServerSession; every reply is formatted as it is produced, so pipelined replies keep order.
#include "smtp/text_server.h"

#include <algorithm>

namespace relaysim::smtp {

TextServer::TextServer(ServerSession& session, ServerIdentity identity)
    : session_(session), identity_(identity) {}

std::string_view TextServer::open(std::uint32_t client_ip) {
  out_.clear();
  mode_ = Mode::Commands;
  line_.clear();
  skipping_ = false;
  continued_ = false;
  message_octets_ = 0;
  chunk_left_ = 0;
  chunk_line_.clear();
  send(nullptr, session_.open(client_ip));
  return out_;
}

std::string_view TextServer::feed(std::string_view bytes) {
  out_.clear();
  while (!bytes.empty() && !session_.closed()) {
    if (mode_ == Mode::Chunk) {
      take_chunk(bytes);
    } else if (skipping_) {
      skip_rest_of_line(bytes);
    } else {
      const RecordEnd end = take_record(line_, bytes, line_bound());
      if (end == RecordEnd::None) break;
      if (mode_ == Mode::Data) {
        handle_data_record(end);
      } else if (end == RecordEnd::Line) {
        handle_line(true);
      } else {
        skipping_ = true;  // handled once its LF has come, as Postfix skips to it first
      }
    }
  }
  return out_;
}

// Postfix's smtp_get: up to `bound` octets are read, the LF included. A LF within them ends a
// Line, without it and the CRs before it. Otherwise the record is Cut at the bound, except that
// a CR there waits for the next octet: a LF makes it a Line after all. (A Cut command line is
// what is kept of it, and the rest up to the LF goes; a message line goes on in the next piece.)
TextServer::RecordEnd TextServer::take_record(std::string& record, std::string_view& bytes, std::size_t bound) {
  const auto whole_line = [&] {
    while (!record.empty() && record.back() == '\r') record.pop_back();
    return RecordEnd::Line;
  };
  if (record.size() < bound) {
    const std::size_t room = bound - record.size();
    const std::size_t lf = bytes.substr(0, room).find('\n');
    if (lf != std::string_view::npos) {
      record.append(bytes.substr(0, lf));
      bytes.remove_prefix(lf + 1);
      return whole_line();
    }
    const std::size_t taken = std::min(bytes.size(), room);
    record.append(bytes.substr(0, taken));
    bytes.remove_prefix(taken);
    if (record.size() < bound) return RecordEnd::None;
    if (record.back() != '\r') return RecordEnd::Cut;
  }
  if (bytes.empty()) return RecordEnd::None;
  if (bytes.front() != '\n') return RecordEnd::Cut;
  bytes.remove_prefix(1);
  return whole_line();
}

// Commands and message lines: line_length_limit; AUTH responses: smtpd_sasl_response_limit.
std::size_t TextServer::line_bound() const {
  return session_.awaiting_auth_response() ? kMaxAuthLine : kMaxCommandLine;
}

void TextServer::skip_rest_of_line(std::string_view& bytes) {
  const std::size_t lf = bytes.find('\n');
  if (lf == std::string_view::npos) {
    bytes = {};
    return;
  }
  bytes.remove_prefix(lf + 1);
  skipping_ = false;
  handle_line(false);
}

// A command line, or an AUTH response; `complete` false: it was longer than its bound.
void TextServer::handle_line(bool complete) {
  if (session_.awaiting_auth_response()) {
    const Command response = make_command(Verb::AuthResponse, line_);
    send(&response, complete ? session_.handle(response)
                             : session_.handle_parse_error(make_reply(ReplyText::AuthLineTooLong)));
  } else {
    // Postfix's tokenizers (the command's and tok822's for the address) take every isspace()
    // octet for a space: a bare CR inside a command, even inside "<...>", separates like one.
    std::replace_if(line_.begin(), line_.end(), [](char c) { return c == '\r' || c == '\v' || c == '\f'; }, ' ');
    handle_command(line_);
  }
  line_.clear();
}

void TextServer::handle_command(std::string_view line) {
  const ParsedLine parsed = parse_command_line(line, ParseRules{session_.config().smtputf8});
  if (const Reply* error = std::get_if<Reply>(&parsed)) {
    const Command unparsed = make_command(Verb::Unknown, line);
    send(&unparsed, session_.handle_parse_error(*error));
    return;
  }
  const Command& command = std::get<Command>(parsed);
  if (command.verb == Verb::Bdat && !command.faulty()) {
    start_chunk(command);
    return;
  }
  send(&command, session_.handle(command));
  if (session_.state() == ServerState::ReceivingData) {
    mode_ = Mode::Data;
    message_octets_ = 0;
    continued_ = false;
    content_.clear();
  }
}

// RFC 5321 4.5.2 as Postfix reads it: a whole line "." ends the message; otherwise a line's
// leading dot is removed, and each line or piece counts its octets and 2 for its line end.
void TextServer::handle_data_record(RecordEnd end) {
  if (!continued_ && end == RecordEnd::Line && line_ == ".") {
    mode_ = Mode::Commands;
    line_.clear();
    Command end_of_data = make_command(Verb::EndOfData);
    end_of_data.size = message_octets_;
    end_of_data.content = content_;
    send(&end_of_data, session_.handle(end_of_data));
    return;
  }
  const bool stuffed = !continued_ && !line_.empty() && line_.front() == '.';
  message_octets_ += line_.size() - (stuffed ? 1 : 0) + 2;
  keep(std::string_view(line_).substr(stuffed ? 1 : 0), end == RecordEnd::Line);
  continued_ = end == RecordEnd::Cut;
  line_.clear();
}

// The chunk's octets are read whatever the session will say of them; a transfer's chunks make
// one message whose lines Postfix counts as it counts DATA's (no dot-unstuffing).
void TextServer::start_chunk(const Command& bdat) {
  if (!session_.receiving_chunks()) {
    message_octets_ = 0;
    chunk_line_.clear();
    content_.clear();
  }
  chunk_ = bdat;
  chunk_left_ = bdat.size;
  mode_ = Mode::Chunk;
  if (chunk_left_ == 0) finish_chunk();
}

void TextServer::take_chunk(std::string_view& bytes) {
  std::string_view piece = bytes.substr(0, static_cast<std::size_t>(std::min<std::uint64_t>(chunk_left_, bytes.size())));
  bytes.remove_prefix(piece.size());
  chunk_left_ -= piece.size();
  while (!piece.empty()) {
    const RecordEnd end = take_record(chunk_line_, piece, kMaxCommandLine);
    if (end == RecordEnd::None) break;
    message_octets_ += chunk_line_.size() + 2;
    keep(chunk_line_, end == RecordEnd::Line);
    chunk_line_.clear();
  }
  if (chunk_left_ == 0) finish_chunk();
}

void TextServer::finish_chunk() {
  mode_ = Mode::Commands;
  // The last chunk's unfinished line is a line of the message too.
  if (chunk_.last_chunk && !chunk_line_.empty()) {
    message_octets_ += chunk_line_.size() + 2;
    keep(chunk_line_, true);
  }
  chunk_.content_octets = message_octets_;
  chunk_.content = chunk_.last_chunk ? std::string_view(content_) : std::string_view();
  send(&chunk_, session_.handle(chunk_));
  if (chunk_.last_chunk) chunk_line_.clear();
}

// A message over the size limit is refused whole (552), so its content is not kept past it.
void TextServer::keep(std::string_view piece, bool line_ends) {
  const std::uint64_t limit = session_.config().message_size_limit;
  if (!keep_content_ || (limit != 0 && content_.size() + piece.size() > limit)) return;
  content_ += piece;
  if (line_ends) content_ += '\n';
}

void TextServer::send(const Command* command, const Reply& reply) {
  format_reply(reply, identity_, out_);
  if (observer_) observer_->exchanged(command, reply);
}

}  // namespace relaysim::smtp

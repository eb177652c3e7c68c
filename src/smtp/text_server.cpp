// Line framing and mode switching (commands, AUTH continuations, message content) around
// ServerSession; every reply is formatted as it is produced, so pipelined replies keep order.
#include "smtp/text_server.h"

#include <algorithm>

namespace relaysim::smtp {

TextServer::TextServer(ServerSession& session, ServerIdentity identity)
    : session_(session), identity_(identity) {}

std::string_view TextServer::open(std::uint32_t client_ip) {
  out_.clear();
  line_.clear();
  line_length_ = 0;
  line_ends_in_cr_ = false;
  receiving_data_ = false;
  message_octets_ = 0;
  long_text_lines_ = 0;
  send(nullptr, session_.open(client_ip));
  return out_;
}

std::string_view TextServer::feed(std::string_view bytes) {
  out_.clear();
  while (!bytes.empty() && !session_.closed()) {
    const std::size_t newline = bytes.find('\n');
    append_to_line(bytes.substr(0, newline));
    if (newline == std::string_view::npos) break;
    bytes.remove_prefix(newline + 1);
    complete_line();
  }
  return out_;
}

// Only a bounded prefix of each line is stored: enough to parse a command or an AUTH
// response, or to see a data line's leading dot. Longer lines are counted, not kept.
std::size_t TextServer::line_storage_limit() const {
  if (receiving_data_) return kMaxTextLine;
  return session_.awaiting_auth_response() ? kMaxAuthLine : kMaxCommandLine;
}

void TextServer::append_to_line(std::string_view bytes) {
  if (bytes.empty()) return;
  const std::size_t room = line_storage_limit() - std::min(line_.size(), line_storage_limit());
  line_.append(bytes.substr(0, room));
  line_length_ += bytes.size();
  line_ends_in_cr_ = bytes.back() == '\r';
}

void TextServer::complete_line() {
  const std::size_t length = line_length_ - (line_ends_in_cr_ ? 1 : 0);
  std::string_view line(line_);
  line = line.substr(0, std::min(line.size(), length));  // drops the CR when it was stored
  if (receiving_data_) {
    handle_data_line(line, length);
  } else {
    handle_command_line(line, length);
  }
  line_.clear();
  line_length_ = 0;
  line_ends_in_cr_ = false;
}

// RFC 5321 4.5.2: "." alone ends the message; otherwise one leading dot is removed.
// RFC 5321 4.5.3.1.6 and .10: a text line over 1000 octets gets "500 Line too long", sent at
// the final dot (a server says nothing before it); the session goes on.
void TextServer::handle_data_line(std::string_view line, std::size_t length) {
  if (length == 1 && line == ".") {
    receiving_data_ = false;
    Command end_of_data;
    end_of_data.verb = Verb::EndOfData;
    end_of_data.size = message_octets_;
    const Reply reply = long_text_lines_ > 0
                            ? session_.refuse_content(make_reply(ReplyText::LineTooLong), message_octets_)
                            : session_.handle(end_of_data);
    send(&end_of_data, reply);
    return;
  }
  const bool stuffed = !line.empty() && line.front() == '.';
  message_octets_ += length - (stuffed ? 1 : 0) + 2;
  if (length + 2 > kMaxTextLine) ++long_text_lines_;
}

void TextServer::handle_command_line(std::string_view line, std::size_t length) {
  if (session_.awaiting_auth_response()) {
    Command response;
    response.verb = Verb::AuthResponse;
    response.argument = line;
    if (length > kMaxAuthLine - 2) {
      send(&response, session_.handle_parse_error(make_reply(ReplyText::AuthLineTooLong)));
      return;
    }
    send(&response, session_.handle(response));
    return;
  }
  // Postfix answers an over-long command line and keeps the session going.
  const ParsedLine parsed =
      length > kMaxCommandLine - 2 ? ParsedLine{make_reply(ReplyText::LineTooLong)} : parse_command_line(line);
  if (const Reply* error = std::get_if<Reply>(&parsed)) {
    const Command unparsed = make_command(Verb::Unknown, line);
    send(&unparsed, session_.handle_parse_error(*error));
    return;
  }
  const Command& command = std::get<Command>(parsed);
  send(&command, session_.handle(command));
  if (session_.state() == ServerState::ReceivingData) {
    receiving_data_ = true;
    message_octets_ = 0;
    long_text_lines_ = 0;
  }
}

void TextServer::send(const Command* command, const Reply& reply) {
  format_reply(reply, identity_, out_);
  if (observer_) observer_->exchanged(command, reply);
}

}  // namespace relaysim::smtp

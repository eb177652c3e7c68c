// libFuzzer target: any bytes from a client, fed to the byte-level SMTP server in arbitrary
// pieces, must give well-formed replies and never a crash, and the session must stay consistent.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "smtp/server_policy.h"
#include "smtp/server_session.h"
#include "smtp/text_server.h"

namespace {

using relaysim::smtp::Reply;
using relaysim::smtp::ReplyText;

// Accepts one user and every recipient under example.org; refuses the rest.
class FuzzPolicy final : public relaysim::smtp::ServerPolicy {
 public:
  bool check_credentials(std::string_view user, std::string_view password) override {
    return user == "alice" && password == "secret";
  }
  Reply check_recipient(const relaysim::smtp::SessionFacts&, std::string_view path) override {
    return relaysim::smtp::make_reply(path.ends_with("@example.org") ? ReplyText::RecipientOk : ReplyText::RelayDenied,
                                      path);
  }
  Reply accept_message(const relaysim::smtp::SessionFacts&, const Envelope&) override {
    return relaysim::smtp::make_reply(ReplyText::Queued);
  }
};

[[noreturn]] void fail(const char* what, std::string_view bytes) {
  std::fprintf(stderr, "smtp_fuzz: %s\n  replies: [%.*s]\n", what, static_cast<int>(bytes.size()), bytes.data());
  std::abort();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 5321 4.2: each reply line is a code from 200 to 599, '-' (more lines follow) or ' ', text
// without control characters (a client's CR echoed back would break the line framing), CRLF;
// every line of a multi-line reply has the same code, and the last one ends it.
void check_replies(std::string_view out) {
  std::string_view code;
  for (std::string_view rest = out; !rest.empty();) {
    const std::size_t end = rest.find("\r\n");
    if (end == std::string_view::npos) fail("a reply line without CRLF", out);
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 2);
    if (line.size() < 4 || line[0] < '2' || line[0] > '5' || !is_digit(line[1]) || !is_digit(line[2]) ||
        (line[3] != ' ' && line[3] != '-')) {
      fail("a reply line that does not start with a code", out);
    }
    if (!code.empty() && line.substr(0, 3) != code) fail("a multi-line reply changes its code", out);
    for (char c : line) {
      if (static_cast<unsigned char>(c) < 32 || c == 127) fail("a control character in a reply", out);
    }
    code = line[3] == '-' ? line.substr(0, 3) : std::string_view();
  }
  if (!code.empty()) fail("a multi-line reply without its last line", out);
}

void check_state(const relaysim::smtp::TextServer& server, const relaysim::smtp::ServerSession& session,
                 const relaysim::smtp::ServerConfig& config, std::string_view out) {
  check_replies(out);
  if (server.receiving_data() && session.closed()) fail("receiving a message in a closed session", out);
  if (server.receiving_data() != (session.state() == relaysim::smtp::ServerState::ReceivingData)) {
    fail("the text layer and the session disagree about DATA", out);
  }
  // Postfix: at the hard limit the session ends with 421, so the count cannot pass it.
  if (session.errors() > config.hard_error_limit) fail("more errors than the hard limit allows", out);
}

// The first byte picks the server's configuration, so small limits and the submission port get fuzzed too.
relaysim::smtp::ServerConfig config_from(std::uint8_t bits) {
  relaysim::smtp::ServerConfig config;
  config.hostname = "mx.example.org";
  config.submission = bits & 1;
  config.auth_enabled = (bits & 2) == 0;
  config.vrfy_enabled = bits & 4;
  if (bits & 8) config.recipient_limit = 2;
  if (bits & 16) config.message_size_limit = 100;
  if (bits & 32) config.hard_error_limit = 3;
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  FuzzPolicy policy;
  const relaysim::smtp::ServerConfig config = config_from(data[0]);
  relaysim::smtp::ServerSession session(config, policy, 0xC0000201);
  relaysim::smtp::TextServer server(session, relaysim::smtp::ServerIdentity{config.hostname});
  check_state(server, session, config, server.open(0xC0000201));
  // Split the rest of the input at pseudo-random points, as TCP might.
  std::size_t at = 1;
  while (at < size) {
    const bool was_closed = server.closed();
    const std::size_t piece = 1 + (data[at] % 64);
    const std::size_t n = piece < size - at ? piece : size - at;
    const std::string_view out = server.feed(std::string_view(reinterpret_cast<const char*>(data + at), n));
    if (was_closed && !out.empty()) fail("a reply after the session closed", out);
    check_state(server, session, config, out);
    at += n;
  }
  return 0;
}

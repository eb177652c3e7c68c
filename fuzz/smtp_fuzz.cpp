// libFuzzer target: any bytes from a client, fed to the byte-level SMTP server in arbitrary
// pieces, must give replies and never a crash; the session must stay consistent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smtp/server_policy.h"
#include "smtp/server_session.h"
#include "smtp/text_server.h"

namespace {

// Accepts one user and every recipient under example.org; refuses the rest.
class FuzzPolicy final : public relaysim::smtp::ServerPolicy {
 public:
  bool check_credentials(std::string_view user, std::string_view password) override {
    return user == "alice" && password == "secret";
  }
  relaysim::smtp::Reply check_recipient(const relaysim::smtp::SessionFacts&, std::string_view path) override {
    using relaysim::smtp::ReplyText;
    return relaysim::smtp::make_reply(path.ends_with("@example.org") ? ReplyText::RecipientOk : ReplyText::RelayDenied,
                                      path);
  }
  relaysim::smtp::Reply accept_message(const relaysim::smtp::SessionFacts&, const Envelope&) override {
    return relaysim::smtp::make_reply(relaysim::smtp::ReplyText::Queued);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzPolicy policy;
  relaysim::smtp::ServerConfig config;
  config.hostname = "mx.example.org";
  config.auth_enabled = true;
  config.submission = size > 0 && (data[0] & 1);
  relaysim::smtp::ServerSession session(config, policy, 0xC0000201);
  relaysim::smtp::TextServer server(session, relaysim::smtp::ServerIdentity{config.hostname});
  server.open(0xC0000201);
  // Split the input at pseudo-random points, as TCP might.
  std::size_t at = 0;
  while (at < size) {
    const std::size_t piece = 1 + (data[at] % 64);
    const std::size_t n = piece < size - at ? piece : size - at;
    server.feed(std::string_view(reinterpret_cast<const char*>(data + at), n));
    at += n;
  }
  return 0;
}

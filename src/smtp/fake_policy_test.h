// Test double for ServerPolicy: campus.example is local, alice/secret may log in, anyone
// authenticated may relay, everyone else gets Postfix's "Relay access denied".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/server_policy.h"

namespace relaysim::smtp::testing {

class FakePolicy : public ServerPolicy {
 public:
  bool check_credentials(std::string_view user, std::string_view password) override {
    return user == "alice" && password == "secret";
  }

  Reply check_recipient(const SessionFacts& facts, std::string_view forward_path) override {
    if (facts.verifying) ++verified;
    if (forward_path.ends_with("@campus.example")) {
      if (forward_path.starts_with("nobody@")) return make_reply(ReplyText::UnknownLocalUser, forward_path);
      return make_reply(ReplyText::RecipientOk);
    }
    if (!facts.authenticated_user.empty()) return make_reply(ReplyText::RecipientOk);
    Reply refusal = make_reply(ReplyText::RelayDenied, forward_path);
    if (defer_relay) {
      refusal.code = 454;
      refusal.status = {4, 7, 1};
    }
    return refusal;
  }

  Reply accept_message(const SessionFacts& facts, const Envelope& envelope) override {
    last_sender = envelope.reverse_path;
    last_recipients.assign(envelope.recipients, envelope.recipients + envelope.recipient_count);
    last_size = envelope.size;
    last_content.assign(envelope.content);
    last_user = facts.authenticated_user;
    if (refuse_message_with) return *refuse_message_with;
    Reply queued = make_reply(ReplyText::Queued);
    queued.number = 0x4F1A2B00 + ++queued_count;
    return queued;
  }

  bool defer_relay = false;
  std::optional<Reply> refuse_message_with;  // the end-of-data reply instead of Queued
  int queued_count = 0;
  int verified = 0;  // check_recipient calls for VRFY
  std::string last_sender;
  std::vector<std::string> last_recipients;
  std::uint64_t last_size = 0;
  std::string last_content;  // what the text layer kept of the message, if anything
  std::string last_user;
};

}  // namespace relaysim::smtp::testing

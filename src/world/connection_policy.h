// What a simulated MTA answers on one SMTP connection: its relay rules, then the defences it
// enables. Each answer comes back to the world as a value kept with the connection, never
// through state shared by the MTA's other sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "mta/mta.h"
#include "sim/simulator.h"
#include "smtp/server_policy.h"
#include "world/defences.h"

namespace relaysim::world {

// One RCPT TO (or VRFY) decided by the MTA's relay rules and, for mail on port 25, its
// smtpd_recipient_restrictions: the reply, the verdict and where the recipient resolved.
mta::RecipientDecision decide_recipient(const mta::Mta& mta, Defences& defences, const smtp::SessionFacts& facts,
                                        std::string_view forward_path, sim::SimTime now);

// Who takes a message at the end of DATA: the world's queue manager.
class MessageTaker {
 public:
  virtual ~MessageTaker() = default;
  // The reply to the end of DATA on `connection`: Queued, or a refusal. What the world then
  // does with the message waits until the server's reply is sent (SmtpConnection::taken).
  virtual smtp::Reply take_message(std::uint32_t connection, mta::Mta& mta, const smtp::SessionFacts& facts) = 0;
};

class ConnectionPolicy final : public smtp::ServerPolicy {
 public:
  ConnectionPolicy(Defences& defences, const sim::Simulator& clock, MessageTaker& taker)
      : defences_(defences), clock_(clock), taker_(taker) {}

  // The MTA that answers on `connection` from now on (a connection's policy serves the next
  // connection too); a decision not taken is forgotten.
  void bind(mta::Mta& mta, std::uint32_t connection) {
    mta_ = &mta;
    connection_ = connection;
    decision_.reset();
  }

  bool check_credentials(std::string_view user, std::string_view password) override {
    return mta_->check_credentials(user, password);
  }
  smtp::Reply check_sender(const smtp::SessionFacts& facts, std::string_view) override {
    return defences_.check_sender(*mta_, facts, clock_.now());
  }
  smtp::Reply check_recipient(const smtp::SessionFacts& facts, std::string_view forward_path) override {
    decision_ = decide_recipient(*mta_, defences_, facts, forward_path, clock_.now());
    return decision_->reply;
  }
  smtp::Reply accept_message(const smtp::SessionFacts& facts, const Envelope&) override {
    return taker_.take_message(connection_, *mta_, facts);
  }

  // The decision behind the last RCPT reply, once; nullopt when the session answered that RCPT
  // by itself (a 452 over the recipient limit, a 503 out of sequence). Its reply's arg views
  // the RCPT command's argument.
  std::optional<mta::RecipientDecision> take_decision() { return std::exchange(decision_, std::nullopt); }

 private:
  mta::Mta* mta_ = nullptr;
  Defences& defences_;
  const sim::Simulator& clock_;
  MessageTaker& taker_;
  std::uint32_t connection_ = 0;
  std::optional<mta::RecipientDecision> decision_;
};

}  // namespace relaysim::world

// One simulated mail server: it answers SMTP sessions through its RelayPolicy and hands
// each accepted message to its environment (the world), which queues and relays it.
#pragma once

#include <cstdint>
#include <string_view>

#include "mta/mail_queue.h"
#include "mta/mta_config.h"
#include "mta/relay_policy.h"
#include "mta/retry_schedule.h"
#include "smtp/server_policy.h"
#include "smtp/server_session.h"

namespace relaysim::mta {

class Mta;

// What a server relies on outside itself: the queue manager that takes accepted mail, and
// the checks whose state is not the server's own (DNS blocklists, policy services such as
// postgrey and policyd-spf, anvil's rate limits). The world provides them.
class MtaEnvironment {
 public:
  virtual ~MtaEnvironment() = default;
  // The message has arrived (end of DATA): returns the reply to send (Queued, or a refusal).
  virtual smtp::Reply accept(Mta& mta, const smtp::SessionFacts& facts,
                             const smtp::ServerPolicy::Envelope& envelope) = 0;
  // MAIL FROM passed the session's checks: SenderOk, or a refusal (a rate limit).
  virtual smtp::Reply check_sender(const Mta& mta, const smtp::SessionFacts& facts) = 0;
  // The relay rules accepted a recipient; smtpd_recipient_restrictions may still refuse it.
  // Changes `decision` (reply and verdict) when one does.
  virtual void check_recipient_restrictions(const Mta& mta, const smtp::SessionFacts& facts,
                                            std::string_view forward_path, RecipientDecision& decision) = 0;
};

class Mta final : public smtp::ServerPolicy {
 public:
  Mta(MtaConfig config, std::uint32_t index, MtaEnvironment& environment);
  Mta(const Mta&) = delete;
  Mta& operator=(const Mta&) = delete;

  const MtaConfig& config() const { return config_; }
  std::uint32_t index() const { return index_; }
  // The session settings of port 25 (MX) or port 587 (submission).
  const smtp::ServerConfig& server_config(bool submission_port) const {
    return submission_port ? submission_ : smtp_;
  }
  const RelayPolicy& relay_policy() const { return policy_; }
  const RetrySchedule& retry_schedule() const { return retry_; }
  MailQueue& queue() { return queue_; }

  // The last check_recipient decision: its reason (for transcripts and statistics) and the
  // destination the recipient resolved to (what the MTA acts on once it accepts the message).
  // Its reply's arg views the RCPT command's argument.
  const RecipientDecision& last_decision() const { return last_decision_; }
  // How many recipients the policy has decided: tells whether a RCPT reply came from the
  // policy or from the session (a 452 for too many recipients, a 503 out of sequence).
  std::uint64_t decisions() const { return decisions_; }

  // The operator closes an open relay: the relay restrictions become the preset's.
  void change_policy(PolicyPreset preset);

  bool check_credentials(std::string_view user, std::string_view password) override;
  smtp::Reply check_sender(const smtp::SessionFacts& facts, std::string_view reverse_path) override;
  smtp::Reply check_recipient(const smtp::SessionFacts& facts, std::string_view forward_path) override;
  smtp::Reply accept_message(const smtp::SessionFacts& facts, const Envelope& envelope) override;

 private:
  MtaConfig config_;
  std::uint32_t index_;
  MtaEnvironment& environment_;
  RelayPolicy policy_;
  RetrySchedule retry_;
  smtp::ServerConfig smtp_;
  smtp::ServerConfig submission_;
  MailQueue queue_;
  RecipientDecision last_decision_;
  std::uint64_t decisions_ = 0;
};

}  // namespace relaysim::mta

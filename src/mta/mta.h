// One simulated mail server: its configuration, relay rules, retry schedule, queue and SASL
// accounts. The world runs its SMTP sessions and queue (world/connection_policy.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "mta/mail_queue.h"
#include "mta/mta_config.h"
#include "mta/relay_policy.h"
#include "mta/retry_schedule.h"
#include "smtp/server_config.h"

namespace relaysim::mta {

class Mta final {
 public:
  // The queue keeps its entries in `queue_entries`, which must outlive the MTA.
  Mta(MtaConfig config, std::uint32_t index, QueueEntryPool& queue_entries);
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

  // The operator closes an open relay: the relay restrictions become the preset's.
  void change_policy(PolicyPreset preset);

  // Cache warming ahead of a session (sim/prefetch.h), in two steps: its own fields, then the
  // configuration's lists, accounts and queue they point to.
  void warm() const;
  void warm_referenced() const;

  // SASL: the user exists and the password is its own.
  bool check_credentials(std::string_view user, std::string_view password) const;

 private:
  MtaConfig config_;
  std::uint32_t index_;
  RelayPolicy policy_;
  RetrySchedule retry_;
  smtp::ServerConfig smtp_;
  smtp::ServerConfig submission_;
  MailQueue queue_;
};

}  // namespace relaysim::mta

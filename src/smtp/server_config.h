// What a server session is configured with: the smtpd settings of Postfix's main.cf and
// master.cf that change what a client is answered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace relaysim::smtp {

// Postfix's settings, with Postfix 3.7's defaults.
struct ServerConfig {
  std::string_view hostname;             // must outlive the session
  bool submission = false;               // port 587: the policy applies the submission service's rules
  // RFC 6409 4.3's choice some servers make: MAIL before AUTH gets 530 5.7.0. Postfix's stock
  // submission service does not (it refuses the recipients: smtpd_recipient_restrictions).
  bool mail_requires_auth = false;
  bool helo_required = false;            // smtpd_helo_required: MAIL, AUTH, ETRN need HELO/EHLO first
  bool auth_enabled = false;             // smtpd_sasl_auth_enable: advertise and accept AUTH PLAIN and LOGIN
  bool vrfy_enabled = true;              // disable_vrfy_command = no
  bool smtputf8 = true;                  // smtputf8_enable
  std::uint64_t message_size_limit = 10240000;  // message_size_limit
  std::uint32_t recipient_limit = 1000;          // smtpd_recipient_limit
  std::uint32_t recipient_overshoot_limit = 1000;  // smtpd_recipient_overshoot_limit: 452s not counted as errors
  std::uint32_t soft_error_limit = 10;   // smtpd_soft_error_limit (counted, not delayed)
  std::uint32_t hard_error_limit = 20;   // smtpd_hard_error_limit: then 421 and close
  // fast_flush_domains (Postfix: $relay_domains): ETRN may flush these and their subdomains.
  // Null: none. Must outlive the session.
  const std::vector<std::string>* fast_flush_domains = nullptr;
};

}  // namespace relaysim::smtp

// The server state machine. Each handler checks "may this command run now?" in Postfix's
// order (so the first refusal a client sees is Postfix's), then acts; policy is asked, never decided.
#include "smtp/server_session.h"

#include <algorithm>
#include <charconv>

#include "smtp/address.h"
#include "smtp/ascii_case.h"
#include "smtp/base64.h"
#include "smtp/wire.h"

namespace relaysim::smtp {
namespace {

constexpr std::uint64_t kPromptEmpty = 0;
constexpr std::uint64_t kPromptUsername = 1;
constexpr std::uint64_t kPromptPassword = 2;

// Cyrus SASL's words for the outcomes Postfix reports (sasl_errstring), and the longest user
// name or password its LOGIN mechanism takes.
constexpr std::string_view kSaslContinue = "another step is needed in authentication";
constexpr std::string_view kSaslFail = "generic failure";
constexpr std::string_view kSaslNoMechanism = "no mechanism available";
constexpr std::string_view kSaslBadProtocol = "bad protocol / cancel";
constexpr std::string_view kSaslBadAuth = "authentication failure";
constexpr std::size_t kSaslLoginMax = 1024;

Reply bad_sequence(std::string_view detail) { return make_reply(ReplyText::BadSequence, detail); }

Reply auth_challenge(std::uint64_t prompt) {
  Reply reply = make_reply(ReplyText::AuthChallenge);
  reply.number = prompt;
  return reply;
}

// Postfix answers every failure of a SASL step with Cyrus's reason: 454 for a temporary one
// (SASL_FAIL from a mechanism), 535 for the rest.
Reply sasl_failure(std::string_view reason) { return make_reply(ReplyText::AuthFailed, reason); }
Reply sasl_temporary_failure(std::string_view reason) { return make_reply(ReplyText::AuthTemporaryFailure, reason); }

// Cyrus SASL's sasl_decode64, which Postfix hands every response to: whole groups of four must
// be base64 ('=' only in the last), a shorter tail asks for "another step" unless an '=' came
// before it, a leading CR is a generic failure. Returns why it failed, or nothing.
std::string_view sasl_decode(std::string_view text, std::string& out) {
  if (!text.empty() && text.front() == '\r') return kSaslFail;
  const std::string_view whole = text.substr(0, text.size() / 4 * 4);
  if (!base64_decode(whole, out)) return kSaslBadProtocol;
  if (whole.size() == text.size()) return {};
  return whole.find('=') != std::string_view::npos ? kSaslBadProtocol : kSaslContinue;
}

}  // namespace

ServerSession::ServerSession(const ServerConfig& config, ServerPolicy& policy, std::uint32_t client_ip)
    : config_(&config), policy_(policy) {
  open(client_ip);
}

SessionFacts ServerSession::facts() const {
  SessionFacts facts;
  facts.client_ip = client_ip_;
  facts.helo = helo_;
  facts.authenticated_user = authenticated_ ? std::string_view(user_) : std::string_view{};
  facts.submission = config_->submission;
  facts.reverse_path = transaction_.reverse_path();
  return facts;
}

Reply ServerSession::open(std::uint32_t client_ip) {
  state_ = ServerState::Connected;
  helo_.clear();
  user_.clear();
  authenticated_ = false;
  errors_ = 0;
  reset_transaction();
  client_ip_ = client_ip;
  return make_reply(ReplyText::Greeting);
}

bool ServerSession::awaiting_auth_response() const {
  return state_ == ServerState::AuthUsername || state_ == ServerState::AuthPassword ||
         state_ == ServerState::AuthPlain;
}

Reply ServerSession::handle(const Command& command) {
  if (state_ == ServerState::Closed) return make_reply(ReplyText::ServiceUnavailable);
  // Postfix checks the limit before reading the next command: the client sees its
  // hard_error_limit-th error reply, and the 421 answers whatever it sends next.
  if (error_limit_reached()) {
    state_ = ServerState::Closed;
    return make_reply(ReplyText::TooManyErrors);
  }
  if (awaiting_auth_response()) return finish(handle_auth_response(command));
  if (state_ == ServerState::ReceivingData && command.verb != Verb::EndOfData) {
    return finish(bad_sequence("message content expected"));
  }
  return finish(dispatch(command));
}

Reply ServerSession::handle_parse_error(const Reply& error) {
  if (state_ == ServerState::Closed) return make_reply(ReplyText::ServiceUnavailable);
  if (error_limit_reached()) {
    state_ = ServerState::Closed;
    return make_reply(ReplyText::TooManyErrors);
  }
  if (awaiting_auth_response()) return finish(abort_auth(error));
  return finish(error);
}

// Every reply passes here: errors are counted, and 221, 421 and 521 close the session.
Reply ServerSession::finish(Reply reply) {
  count_error(reply);
  if (reply.closes_session()) state_ = ServerState::Closed;
  return reply;
}

Reply ServerSession::dispatch(const Command& command) {
  switch (command.verb) {
    case Verb::Helo: return handle_ehlo(command, false);
    case Verb::Ehlo: return handle_ehlo(command, true);
    case Verb::Auth: return handle_auth(command);
    case Verb::Mail: return handle_mail(command);
    case Verb::Rcpt: return handle_rcpt(command);
    case Verb::Data: return handle_data(command);
    case Verb::Bdat: return handle_bdat(command);
    case Verb::EndOfData: return handle_end_of_data(command);
    case Verb::Rset: return handle_rset(command);
    case Verb::Noop: return make_reply(ReplyText::Ok);
    case Verb::Quit: return make_reply(ReplyText::Bye);
    case Verb::Vrfy: return handle_vrfy(command);
    case Verb::Etrn: return handle_etrn(command);
    case Verb::Starttls: return handle_starttls(command);
    case Verb::Xclient:
    case Verb::Xforward: return handle_xclient(command);
    case Verb::AuthResponse:  // outside an AUTH exchange the line is no command at all
    case Verb::Unknown: break;
  }
  return make_reply(ReplyText::CommandUnknown, command.argument);
}

// HELO/EHLO (re)start the session's greeting: any transaction is dropped, AUTH is kept.
Reply ServerSession::handle_ehlo(const Command& command, bool extended) {
  if (command.faulty()) return command.fault_reply();
  collapse_arguments(command.argument, helo_);
  reset_transaction();
  state_ = ServerState::Ready;
  if (!extended) return make_reply(ReplyText::HeloOk);
  Reply reply = make_reply(ReplyText::EhloCapabilities);
  reply.number = config_->message_size_limit;
  reply.capabilities = kPipelining | kSize | kEtrn | kEnhancedStatusCodes | k8BitMime | kDsn | kChunking;
  if (config_->vrfy_enabled) reply.capabilities |= kVrfy;
  if (config_->auth_enabled) reply.capabilities |= kAuthPlain | kAuthLogin;
  if (config_->smtputf8) reply.capabilities |= kSmtpUtf8;
  return reply;
}

// Postfix smtpd_sasl_auth_cmd's order of checks, then Cyrus SASL's PLAIN and LOGIN.
Reply ServerSession::handle_auth(const Command& command) {
  if (config_->helo_required && !greeted()) return bad_sequence("send HELO/EHLO first");
  if (!config_->auth_enabled) return make_reply(ReplyText::AuthNotEnabled);
  if (in_transaction()) return bad_sequence("MAIL transaction in progress");
  if (authenticated_) return make_reply(ReplyText::AuthAlreadyDone);
  if (command.faulty()) return command.fault_reply();
  const bool has_initial_response = !command.initial_response.empty();
  // The initial response is decoded before the mechanism is looked for, as Postfix does.
  if (has_initial_response) {
    const std::string_view failure = sasl_decode(command.initial_response, decoded_);
    if (!failure.empty()) return sasl_failure(failure);
  }
  return start_mechanism(command.argument, has_initial_response, decoded_);
}

Reply ServerSession::start_mechanism(std::string_view mechanism, bool has_initial_response, std::string_view initial) {
  const bool plain = equal_ignoring_case(mechanism, "PLAIN");
  if (!plain && !equal_ignoring_case(mechanism, "LOGIN")) return sasl_failure(kSaslNoMechanism);
  if (!has_initial_response) {
    state_ = plain ? ServerState::AuthPlain : ServerState::AuthUsername;
    return auth_challenge(plain ? kPromptEmpty : kPromptUsername);
  }
  return plain ? check_plain_response(initial) : check_login_user(initial);
}

Reply ServerSession::handle_auth_response(const Command& command) {
  if (command.verb != Verb::AuthResponse) return abort_auth(bad_sequence("authentication exchange in progress"));
  const std::string_view response = command.argument.substr(0, command.argument.find('\0'));  // a C string
  if (response == "*") return abort_auth(make_reply(ReplyText::AuthCancelled));
  const std::string_view failure = sasl_decode(response, decoded_);
  if (!failure.empty()) return abort_auth(sasl_failure(failure));
  switch (state_) {
    case ServerState::AuthPlain: return check_plain_response(decoded_);
    case ServerState::AuthUsername: return check_login_user(decoded_);
    default: return check_password(user_, decoded_);
  }
}

// RFC 4616 message: [authzid] NUL authcid NUL passwd, nothing more. Acting as another user (an
// authzid other than the authcid) is refused: no login here may act for another.
Reply ServerSession::check_plain_response(std::string_view message) {
  const std::size_t first = message.find('\0');
  const std::size_t second = first == std::string_view::npos ? first : message.find('\0', first + 1);
  if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos) {
    return abort_auth(sasl_failure(kSaslBadProtocol));
  }
  const std::string_view authzid = message.substr(0, first);
  const std::string_view user = message.substr(first + 1, second - first - 1);
  if (!authzid.empty() && !user.empty() && login_name(authzid) != login_name(user)) {
    return abort_auth(sasl_failure(kSaslBadAuth));
  }
  return check_password(user, message.substr(second + 1));
}

Reply ServerSession::check_login_user(std::string_view user) {
  if (user.size() > kSaslLoginMax) return abort_auth(sasl_failure(kSaslBadProtocol));
  user_.assign(user);
  state_ = ServerState::AuthPassword;
  return auth_challenge(kPromptPassword);
}

// Cyrus keeps logins per realm, and this server's is its host name: "alice@mx.example" is
// alice when mx.example is this host.
std::string_view ServerSession::login_name(std::string_view user) const {
  const std::string_view realm = config_->hostname;
  if (user.size() > realm.size() && user.ends_with(realm) && user[user.size() - realm.size() - 1] == '@') {
    user.remove_suffix(realm.size() + 1);
  }
  return user;
}

// Cyrus's checkpass: an empty user is a SASL_FAIL, which Postfix calls temporary.
Reply ServerSession::check_password(std::string_view user, std::string_view password) {
  if (user.empty()) return abort_auth(sasl_temporary_failure(kSaslFail));
  if (password.size() > kSaslLoginMax && state_ == ServerState::AuthPassword) {
    return abort_auth(sasl_failure(kSaslBadProtocol));
  }
  const std::string_view login = login_name(user);
  if (!policy_.check_credentials(login, password)) return abort_auth(sasl_failure(kSaslBadAuth));
  if (login.data() != user_.data()) user_.assign(login);
  user_.resize(login.size());
  authenticated_ = true;
  state_ = idle_state();
  return make_reply(ReplyText::AuthSucceeded);
}

Reply ServerSession::abort_auth(Reply reply) {
  state_ = idle_state();
  user_.clear();
  return reply;
}

// Postfix mail_cmd's order: greeting (when required), nesting, BDAT, the command's form,
// then (with mail_requires_auth) authentication, the path, its parameters and the size.
Reply ServerSession::handle_mail(const Command& command) {
  if (config_->helo_required && !greeted()) return bad_sequence("send HELO/EHLO first");
  if (in_transaction()) return bad_sequence("nested MAIL command");
  if (transaction_.chunking()) return bad_sequence("MAIL after BDAT");
  if (command.fault_stage == FaultStage::Form) return command.fault_reply();
  if (config_->mail_requires_auth && !authenticated_) return make_reply(ReplyText::AuthRequired);
  if (command.fault_stage == FaultStage::Path) return command.fault_reply();
  if (address_syntax(command.argument) == AddressSyntax::Invalid) return make_reply(ReplyText::BadSenderSyntax);
  if (command.faulty()) return command.fault_reply();
  if (config_->message_size_limit != 0 && command.size > config_->message_size_limit) {
    return make_reply(ReplyText::MessageTooBig);
  }
  const Reply reply = policy_.check_sender(facts(), command.argument);
  if (!reply.positive_completion()) return reply;
  transaction_.set_reverse_path(command.argument);
  state_ = ServerState::MailGiven;
  return reply;
}

// Postfix rcpt_cmd's order: transaction, BDAT, form, recipient limit, path, address,
// parameters, then the policy.
Reply ServerSession::handle_rcpt(const Command& command) {
  if (!in_transaction()) return bad_sequence("need MAIL command");
  if (transaction_.chunking()) return bad_sequence("RCPT after BDAT");
  if (command.fault_stage == FaultStage::Form) return command.fault_reply();
  if (config_->recipient_limit != 0 && transaction_.recipient_count() >= config_->recipient_limit) {
    return make_reply(ReplyText::TooManyRecipients);
  }
  if (command.fault_stage == FaultStage::Path) return command.fault_reply();
  if (address_syntax(command.argument) != AddressSyntax::Valid) return make_reply(ReplyText::BadRecipientSyntax);
  if (command.faulty()) return command.fault_reply();
  const Reply reply = policy_.check_recipient(facts(), command.argument);
  if (!reply.positive_completion()) return reply;
  transaction_.add_recipient(command.argument);
  return reply;
}

// Postfix data_cmd: after BDAT "DATA after BDAT"; outside a transaction "need RCPT"; in one
// with no accepted recipient (all refused, or none sent with PIPELINING) "no valid recipients".
Reply ServerSession::handle_data(const Command& command) {
  if (transaction_.chunking()) return bad_sequence("DATA after BDAT");
  if (!in_transaction()) return bad_sequence("need RCPT command");
  if (transaction_.recipient_count() == 0) return make_reply(ReplyText::NoValidRecipients);
  if (command.faulty()) return command.fault_reply();
  state_ = ServerState::ReceivingData;
  return make_reply(ReplyText::StartMailInput);
}

// RFC 3030 chunks, as Postfix takes them: once a chunk is refused, the rest of the transfer is
// discarded up to its LAST chunk, which ends the transaction either way.
Reply ServerSession::handle_bdat(const Command& command) {
  if (command.faulty()) return command.fault_reply();
  const bool was_failed = transaction_.chunk_refused();
  transaction_.begin_chunk();
  Reply refusal;
  if (command.size == 0 && !command.last_chunk) {
    refusal = make_reply(ReplyText::BdatNull);
  } else if (was_failed) {
    refusal = make_reply(ReplyText::BdatDiscarded);
    refusal.number = command.size;
  } else if (transaction_.recipient_count() == 0) {
    refusal = in_transaction() ? make_reply(ReplyText::NoValidRecipients) : bad_sequence("need RCPT command");
  } else if (config_->message_size_limit != 0 && transaction_.chunk_octets() + command.size > config_->message_size_limit) {
    refusal = make_reply(ReplyText::BdatChunkTooBig);
  }
  if (refusal.code != 0) {
    transaction_.refuse_chunks();
    if (command.last_chunk) reset_transaction();
    return refusal;
  }
  transaction_.add_chunk(command.size);
  if (command.last_chunk) return handle_last_chunk(command);
  Reply accepted = make_reply(ReplyText::BdatChunkAccepted);
  accepted.number = command.size;
  return accepted;
}

// The LAST chunk's reply counts the whole message's octets, as "Ok: 7 bytes queued as ...".
Reply ServerSession::handle_last_chunk(const Command& command) {
  Reply reply = take_message(command.content_octets, command.content);
  if (reply.text != ReplyText::Queued) return reply;
  const auto [end, error] = std::to_chars(octets_text_.data(), octets_text_.data() + octets_text_.size(),
                                          command.content_octets);
  (void)error;  // 24 characters hold any 64-bit number
  reply.text = ReplyText::BdatQueued;
  reply.arg = std::string_view(octets_text_.data(), static_cast<std::size_t>(end - octets_text_.data()));
  return reply;
}

Reply ServerSession::handle_end_of_data(const Command& command) {
  if (state_ != ServerState::ReceivingData) return bad_sequence("need DATA command");
  return take_message(command.size, command.content);
}

// The end of a message's content: the policy takes it (or not) and the transaction is over.
// Postfix's error count starts again once a message is taken for delivery.
Reply ServerSession::take_message(std::uint64_t size, std::string_view content) {
  Reply reply;
  if (config_->message_size_limit != 0 && size > config_->message_size_limit) {
    reply = make_reply(ReplyText::MessageFileTooBig);
  } else {
    ServerPolicy::Envelope envelope = transaction_.envelope(size);
    envelope.content = content;
    reply = policy_.accept_message(facts(), envelope);
  }
  reset_transaction();
  if (reply.positive_completion()) errors_ = 0;
  return reply;
}

Reply ServerSession::handle_rset(const Command& command) {
  if (command.faulty()) return command.fault_reply();
  reset_transaction();
  return make_reply(ReplyText::Ok);
}

// Postfix answers VRFY with the checks a RCPT TO would meet (smtpd_check_rcpt), in or out of a
// transaction, and echoes the words as given ("252 2.0.0 alice"): it cannot be sure.
Reply ServerSession::handle_vrfy(const Command& command) {
  if (!config_->vrfy_enabled) return make_reply(ReplyText::VrfyDisabled);
  if (command.faulty()) return command.fault_reply();
  collapse_arguments(command.argument, words_);
  const std::string_view address = inside_brackets(words_);
  if (address.empty()) return make_reply(ReplyText::BadRecipientSyntax);
  SessionFacts verifying = facts();
  verifying.verifying = true;
  const Reply reply = policy_.check_recipient(verifying, address);
  if (!reply.positive_completion()) return reply;
  return make_reply(ReplyText::VrfyResult, words_);
}

// Postfix etrn_cmd (RFC 1985): the fast flush service takes only fast_flush_domains.
Reply ServerSession::handle_etrn(const Command& command) {
  if (config_->helo_required && !greeted()) return make_reply(ReplyText::EtrnBadSequence, "send HELO/EHLO first");
  if (in_transaction()) return make_reply(ReplyText::EtrnBadSequence, "MAIL transaction in progress");
  if (command.faulty()) return command.fault_reply();
  if (!flushable(command.argument)) return make_reply(ReplyText::EtrnRefused, command.argument);
  return make_reply(ReplyText::EtrnStarted);
}

// No TLS here: STARTTLS is known but not offered.
Reply ServerSession::handle_starttls(const Command& command) {
  if (command.faulty()) return command.fault_reply();
  return make_reply(ReplyText::NotImplemented);
}

// XCLIENT and XFORWARD are for trusted proxies (smtpd_authorized_xclient_hosts): none here.
Reply ServerSession::handle_xclient(const Command& command) {
  if (command.faulty()) return command.fault_reply();
  if (in_transaction()) return bad_sequence("MAIL transaction in progress");
  return make_reply(ReplyText::InsufficientAuthorization);
}

// Every 4xx/5xx reply counts toward the hard error limit, as in Postfix's command loop, except
// the first recipient_overshoot_limit "too many recipients" of a transaction.
void ServerSession::count_error(const Reply& reply) {
  if (!reply.transient_failure() && !reply.permanent_failure()) return;
  if (reply.text == ReplyText::TooManyRecipients &&
      transaction_.count_overshoot() < config_->recipient_overshoot_limit) {
    return;
  }
  ++errors_;
}

bool ServerSession::in_transaction() const {
  return state_ == ServerState::MailGiven || state_ == ServerState::ReceivingData;
}

bool ServerSession::error_limit_reached() const {
  return config_->hard_error_limit != 0 && errors_ >= config_->hard_error_limit;
}

// A domain in fast_flush_domains, or a subdomain of one, in any case.
bool ServerSession::flushable(std::string_view site) const {
  if (config_->fast_flush_domains == nullptr) return false;
  return std::any_of(config_->fast_flush_domains->begin(), config_->fast_flush_domains->end(), [&](const std::string& domain) {
    if (site.size() == domain.size()) return equal_ignoring_case(site, domain);
    return site.size() > domain.size() && site[site.size() - domain.size() - 1] == '.' &&
           equal_ignoring_case(site.substr(site.size() - domain.size()), domain);
  });
}

void ServerSession::reset_transaction() {
  transaction_.clear();
  if (in_transaction()) state_ = idle_state();
}

}  // namespace relaysim::smtp

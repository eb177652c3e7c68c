// The server state machine. Each handler checks "may this command run now?" in Postfix's
// order (so the first refusal a client sees is Postfix's), then acts; policy is asked, never decided.
#include "smtp/server_session.h"

#include <algorithm>

#include "smtp/address.h"
#include "smtp/base64.h"

namespace relaysim::smtp {
namespace {

constexpr std::uint64_t kPromptEmpty = 0;
constexpr std::uint64_t kPromptUsername = 1;
constexpr std::uint64_t kPromptPassword = 2;

bool iequals(std::string_view a, std::string_view b) {
  const auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return upper(x) == upper(y); });
}

Reply bad_sequence(std::string_view detail) { return make_reply(ReplyText::BadSequence, detail); }

Reply auth_challenge(std::uint64_t prompt) {
  Reply reply = make_reply(ReplyText::AuthChallenge);
  reply.number = prompt;
  return reply;
}

// VRFY and RCPT may bracket the address; policies see the text inside.
std::string_view strip_brackets(std::string_view text) {
  if (text.size() >= 2 && text.front() == '<' && text.back() == '>') return text.substr(1, text.size() - 2);
  return text;
}

}  // namespace

ServerSession::ServerSession(const ServerConfig& config, ServerPolicy& policy, std::uint32_t client_ip)
    : config_(config), policy_(policy) {
  open(client_ip);
}

ServerSession::ServerSession(const ServerSession& other)
    : config_(other.config_),
      policy_(other.policy_),
      state_(other.state_),
      facts_(other.facts_),
      helo_(other.helo_),
      user_(other.user_),
      authenticated_(other.authenticated_),
      reverse_path_(other.reverse_path_),
      recipients_(other.recipients_),
      recipient_count_(other.recipient_count_),
      declared_size_(other.declared_size_),
      errors_(other.errors_) {
  repoint_facts();
}

ServerSession::ServerSession(ServerSession&& other) noexcept
    : config_(other.config_),
      policy_(other.policy_),
      state_(other.state_),
      facts_(other.facts_),
      helo_(std::move(other.helo_)),
      user_(std::move(other.user_)),
      authenticated_(other.authenticated_),
      decoded_(std::move(other.decoded_)),
      reverse_path_(std::move(other.reverse_path_)),
      recipients_(std::move(other.recipients_)),
      recipient_count_(other.recipient_count_),
      recipient_views_(std::move(other.recipient_views_)),
      declared_size_(other.declared_size_),
      errors_(other.errors_) {
  repoint_facts();
}

Reply ServerSession::open(std::uint32_t client_ip) {
  state_ = ServerState::Connected;
  helo_.clear();
  user_.clear();
  authenticated_ = false;
  errors_ = 0;
  reset_transaction();
  facts_ = SessionFacts{};
  facts_.client_ip = client_ip;
  facts_.submission = config_.submission;
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
  if (awaiting_auth_response()) return count_error(handle_auth_response(command));
  if (state_ == ServerState::ReceivingData && command.verb != Verb::EndOfData) {
    return count_error(bad_sequence("message content expected"));
  }
  return count_error(dispatch(command));
}

Reply ServerSession::handle_parse_error(const Reply& error) {
  if (state_ == ServerState::Closed) return make_reply(ReplyText::ServiceUnavailable);
  if (error_limit_reached()) {
    state_ = ServerState::Closed;
    return make_reply(ReplyText::TooManyErrors);
  }
  if (awaiting_auth_response()) return count_error(abort_auth(error));
  return count_error(error);
}

Reply ServerSession::refuse_content(const Reply& reason, std::uint64_t size) {
  if (state_ != ServerState::ReceivingData) return handle(make_command(Verb::EndOfData));
  const bool too_big = config_.message_size_limit != 0 && size > config_.message_size_limit;
  reset_transaction();
  return count_error(too_big ? make_reply(ReplyText::MessageTooBig) : reason);
}

Reply ServerSession::dispatch(const Command& command) {
  switch (command.verb) {
    case Verb::Helo: return handle_ehlo(command, false);
    case Verb::Ehlo: return handle_ehlo(command, true);
    case Verb::Auth: return handle_auth(command);
    case Verb::Mail: return handle_mail(command);
    case Verb::Rcpt: return handle_rcpt(command);
    case Verb::Data: return handle_data();
    case Verb::EndOfData: return handle_end_of_data(command);
    case Verb::Rset: return handle_rset();
    case Verb::Noop: return make_reply(ReplyText::Ok);
    case Verb::Quit:
      state_ = ServerState::Closed;
      return make_reply(ReplyText::Bye);
    case Verb::Vrfy: return handle_vrfy(command);
    case Verb::AuthResponse:  // outside an AUTH exchange the line is no command at all
    case Verb::Unknown: break;
  }
  return make_reply(ReplyText::CommandUnknown, command.argument);
}

// HELO/EHLO (re)start the session's greeting: any transaction is dropped, AUTH is kept.
Reply ServerSession::handle_ehlo(const Command& command, bool extended) {
  if (command.argument.empty()) return make_reply(ReplyText::SyntaxError, extended ? "EHLO hostname" : "HELO hostname");
  helo_.assign(command.argument);
  repoint_facts();
  reset_transaction();
  state_ = ServerState::Ready;
  if (!extended) return make_reply(ReplyText::HeloOk);
  Reply reply = make_reply(ReplyText::EhloCapabilities);
  reply.number = config_.message_size_limit;
  reply.capabilities = kPipelining | kSize | k8BitMime | kEnhancedStatusCodes;
  if (config_.auth_enabled) reply.capabilities |= kAuthPlain | kAuthLogin;
  return reply;
}

// Postfix smtpd_sasl_auth_cmd's order of checks, then RFC 4954's mechanisms.
Reply ServerSession::handle_auth(const Command& command) {
  if (state_ == ServerState::Connected) return bad_sequence("send HELO/EHLO first");
  if (!config_.auth_enabled) return make_reply(ReplyText::AuthNotEnabled);
  if (in_transaction()) return bad_sequence("MAIL transaction in progress");
  if (authenticated_) return make_reply(ReplyText::AuthAlreadyDone);
  if (command.argument.empty()) return make_reply(ReplyText::SyntaxError, "AUTH mechanism");
  const bool plain = iequals(command.argument, "PLAIN");
  if (!plain && !iequals(command.argument, "LOGIN")) return make_reply(ReplyText::AuthMechanismUnknown);

  if (command.initial_response.empty()) {
    state_ = plain ? ServerState::AuthPlain : ServerState::AuthUsername;
    return auth_challenge(plain ? kPromptEmpty : kPromptUsername);
  }
  // RFC 4954: "=" is an initial response of zero length.
  const std::string_view initial = command.initial_response == "=" ? std::string_view{} : command.initial_response;
  if (!base64_decode(initial, decoded_)) return make_reply(ReplyText::AuthInvalidBase64, "initial");
  if (plain) return check_plain_response(decoded_);
  user_ = decoded_;  // LOGIN with an initial response: the user name
  state_ = ServerState::AuthPassword;
  return auth_challenge(kPromptPassword);
}

Reply ServerSession::handle_auth_response(const Command& command) {
  if (command.verb != Verb::AuthResponse) return abort_auth(bad_sequence("authentication exchange in progress"));
  if (command.argument == "*") return abort_auth(make_reply(ReplyText::AuthCancelled));
  if (!base64_decode(command.argument, decoded_)) {
    return abort_auth(make_reply(ReplyText::AuthInvalidBase64, "continued"));
  }
  switch (state_) {
    case ServerState::AuthPlain: return check_plain_response(decoded_);
    case ServerState::AuthUsername:
      user_ = decoded_;
      state_ = ServerState::AuthPassword;
      return auth_challenge(kPromptPassword);
    default: return check_login(decoded_);
  }
}

// RFC 4616 message: [authzid] NUL authcid NUL passwd. Acting as another user (an authzid
// other than the authcid) is refused: this server has no proxy-authorization rights.
Reply ServerSession::check_plain_response(std::string_view message) {
  const std::size_t first = message.find('\0');
  const std::size_t second = first == std::string_view::npos ? first : message.find('\0', first + 1);
  if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos) {
    return finish_auth({}, false);
  }
  const std::string_view authzid = message.substr(0, first);
  const std::string_view user = message.substr(first + 1, second - first - 1);
  const std::string_view password = message.substr(second + 1);
  const bool valid = !user.empty() && (authzid.empty() || authzid == user) &&
                     policy_.check_credentials(user, password);
  return finish_auth(user, valid);
}

Reply ServerSession::check_login(std::string_view password) {
  const bool valid = !user_.empty() && policy_.check_credentials(user_, password);
  return finish_auth(user_, valid);
}

Reply ServerSession::finish_auth(std::string_view user, bool success) {
  state_ = ServerState::Ready;
  if (!success) {
    user_.clear();
    return make_reply(ReplyText::AuthFailed);
  }
  if (user.data() != user_.data()) user_.assign(user);
  authenticated_ = true;
  repoint_facts();
  return make_reply(ReplyText::AuthSucceeded);
}

Reply ServerSession::abort_auth(Reply reply) {
  state_ = ServerState::Ready;
  user_.clear();
  return reply;
}

// Postfix mail_cmd's order: greeting, nesting, then (RFC 6409) authentication, syntax, size.
Reply ServerSession::handle_mail(const Command& command) {
  if (state_ == ServerState::Connected) return bad_sequence("send HELO/EHLO first");
  if (in_transaction()) return bad_sequence("nested MAIL command");
  if (config_.submission && !authenticated_) return make_reply(ReplyText::AuthRequired);
  if (!resolve_address(command.argument)) return make_reply(ReplyText::BadSenderSyntax);
  if (config_.message_size_limit != 0 && command.size > config_.message_size_limit) {
    return make_reply(ReplyText::MessageTooBig);
  }
  const Reply reply = policy_.check_sender(facts_, command.argument);
  if (!reply.positive_completion()) return reply;
  reverse_path_.assign(command.argument);
  facts_.reverse_path = reverse_path_;  // reassigned: the string may have moved
  declared_size_ = command.size;
  state_ = ServerState::MailGiven;
  return reply;
}

// Postfix rcpt_cmd's order: transaction, syntax, recipient limit, then the policy.
Reply ServerSession::handle_rcpt(const Command& command) {
  if (!in_transaction()) return bad_sequence("need MAIL command");
  const auto address = resolve_address(command.argument);
  if (!address || address->null_sender) return make_reply(ReplyText::BadRecipientSyntax);
  if (config_.recipient_limit != 0 && recipient_count_ >= config_.recipient_limit) {
    return make_reply(ReplyText::TooManyRecipients);
  }
  const Reply reply = policy_.check_recipient(facts_, command.argument);
  if (!reply.positive_completion()) return reply;
  if (recipient_count_ == recipients_.size()) recipients_.emplace_back();
  recipients_[recipient_count_++].assign(command.argument);
  return reply;
}

// Postfix data_cmd: outside a transaction "need RCPT"; in one with no accepted recipient
// (all refused, or none sent with PIPELINING) "no valid recipients".
Reply ServerSession::handle_data() {
  if (!in_transaction()) return bad_sequence("need RCPT command");
  if (recipient_count_ == 0) return make_reply(ReplyText::NoValidRecipients);
  state_ = ServerState::ReceivingData;
  return make_reply(ReplyText::StartMailInput);
}

Reply ServerSession::handle_end_of_data(const Command& command) {
  if (state_ != ServerState::ReceivingData) return bad_sequence("need DATA command");
  Reply reply;
  if (config_.message_size_limit != 0 && command.size > config_.message_size_limit) {
    reply = make_reply(ReplyText::MessageTooBig);
  } else {
    recipient_views_.assign(recipients_.begin(), recipients_.begin() + static_cast<std::ptrdiff_t>(recipient_count_));
    ServerPolicy::Envelope envelope;
    envelope.reverse_path = reverse_path_;
    envelope.recipients = recipient_views_.data();
    envelope.recipient_count = recipient_views_.size();
    envelope.size = command.size;
    reply = policy_.accept_message(facts_, envelope);
  }
  reset_transaction();
  return reply;
}

Reply ServerSession::handle_rset() {
  reset_transaction();
  return make_reply(ReplyText::Ok);
}

// Disabled (the default here), VRFY promises nothing; enabled, it answers as RCPT would
// be answered, the way Postfix applies its recipient restrictions to VRFY.
Reply ServerSession::handle_vrfy(const Command& command) {
  if (!config_.vrfy_enabled) return make_reply(ReplyText::VrfyUnsupported);
  if (command.argument.empty()) return make_reply(ReplyText::SyntaxError, "VRFY address");
  const Reply reply = policy_.check_recipient(facts_, strip_brackets(command.argument));
  if (!reply.positive_completion()) return reply;
  return make_reply(ReplyText::VrfyResult, command.argument);
}

// Every 4xx/5xx reply counts toward the hard error limit, as in Postfix's command loop.
Reply ServerSession::count_error(Reply reply) {
  if (reply.transient_failure() || reply.permanent_failure()) ++errors_;
  return reply;
}

bool ServerSession::in_transaction() const {
  return state_ == ServerState::MailGiven || state_ == ServerState::ReceivingData;
}

bool ServerSession::error_limit_reached() const {
  return config_.hard_error_limit != 0 && errors_ >= config_.hard_error_limit;
}

void ServerSession::reset_transaction() {
  reverse_path_.clear();
  facts_.reverse_path = {};
  recipient_count_ = 0;
  declared_size_ = 0;
  if (in_transaction()) state_ = ServerState::Ready;
}

void ServerSession::repoint_facts() {
  facts_.helo = helo_;
  facts_.authenticated_user = authenticated_ ? std::string_view(user_) : std::string_view{};
  facts_.reverse_path = reverse_path_;
}

}  // namespace relaysim::smtp

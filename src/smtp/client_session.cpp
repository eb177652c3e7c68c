// The client state machine: one envelope per session, every recipient settled exactly once;
// one command in flight at a time, or MAIL, RCPT... and DATA as one PIPELINING group, and the
// end of data with QUIT as another.
#include "smtp/client_session.h"

#include "smtp/base64.h"

namespace relaysim::smtp {
namespace {

// A real client gives up on a transaction after a refusal; the code decides retry or bounce.
RecipientOutcome failure_outcome(const Reply& reply) {
  return reply.permanent_failure() ? RecipientOutcome::Refused : RecipientOutcome::Deferred;
}

RecipientOutcome outcome_of(const Reply& reply) {
  return reply.positive_completion() ? RecipientOutcome::Accepted : failure_outcome(reply);
}

// Results outlive the reply's arg (it views the server's or the job's text): keep the rest.
Reply without_arg(Reply reply) {
  reply.arg = {};
  return reply;
}

constexpr std::uint16_t kAuthCapabilities = kAuthPlain | kAuthLogin;
constexpr std::uint8_t kAuthCancelled = 3;  // auth_responses_ once "*" has been sent
constexpr std::size_t kAuthBufferCapacity = 64;  // above any small-string buffer: the text lives on the heap

}  // namespace

void ClientSession::start(const ClientJob& job) {
  job_ = job;
  state_ = ClientState::AwaitGreeting;
  results_.assign(job.recipient_count, RecipientResult{});
  next_rcpt_ = 0;
  accepted_rcpts_ = 0;
  capabilities_ = 0;
  in_group_ = false;
  group_handed_out_ = 0;
  mail_refusal_.reset();
  quit_sent_ = false;
  authenticated_ = false;
  auth_login_ = false;
  auth_responses_ = 0;
  auth_buffer_.clear();
  auth_buffer_.reserve(kAuthBufferCapacity);
}

std::optional<Command> ClientSession::on_reply(const Reply& reply) {
  if (state_ == ClientState::Done) return std::nullopt;
  if (state_ == ClientState::AwaitQuit) {
    state_ = ClientState::Done;
    return std::nullopt;
  }
  // 421: the server is closing the channel now (RFC 5321 3.8); there is no point in QUIT.
  if (reply.code == 421) {
    settle_pending_as(RecipientOutcome::Deferred, reply);
    state_ = ClientState::Done;
    return std::nullopt;
  }
  if (in_group_) return on_group_reply(reply);
  switch (state_) {
    case ClientState::AwaitGreeting:
      if (!reply.positive_completion()) return give_up(reply);
      state_ = ClientState::AwaitEhlo;
      return make_command(Verb::Ehlo, job_.helo_name);
    case ClientState::AwaitEhlo:
      if (reply.permanent_failure()) {  // an SMTP-only server: RFC 5321 3.2 falls back to HELO
        state_ = ClientState::AwaitHelo;
        return make_command(Verb::Helo, job_.helo_name);
      }
      if (!reply.positive_completion()) return give_up(reply);
      capabilities_ = reply.capabilities;
      return next_after_greeting_or_auth();
    case ClientState::AwaitHelo:
      if (!reply.positive_completion()) return give_up(reply);
      capabilities_ = 0;
      return next_after_greeting_or_auth();
    case ClientState::AwaitAuth:
    case ClientState::AwaitAuthChallenge:
      if (reply.positive_intermediate()) return answer_auth_challenge();
      if (!reply.positive_completion()) return give_up(reply);
      authenticated_ = true;
      return next_after_greeting_or_auth();
    case ClientState::AwaitMail:
      if (!reply.positive_completion()) return give_up(reply);
      return next_recipient_or_data();
    case ClientState::AwaitRcpt:
      if (reply.positive_completion()) {
        ++accepted_rcpts_;  // decided only by the end-of-data reply
      } else {
        results_[next_rcpt_] = RecipientResult{failure_outcome(reply), without_arg(reply)};
      }
      ++next_rcpt_;
      return next_recipient_or_data();
    case ClientState::AwaitData:
      if (!reply.positive_intermediate()) return give_up(reply);
      return end_of_data();
    case ClientState::AwaitEndOfData:
      settle_pending(reply);
      if (quit_sent_) {
        state_ = ClientState::AwaitQuit;
        return std::nullopt;
      }
      return quit();
    case ClientState::AwaitRset:
    case ClientState::AwaitQuit:
    case ClientState::Done:
      break;
  }
  return quit();
}

void ClientSession::on_connection_lost() {
  settle_pending_as(RecipientOutcome::Deferred, make_reply(ReplyText::ConnectionLost));
  state_ = ClientState::Done;
}

std::optional<Command> ClientSession::next_after_greeting_or_auth() {
  if (job_.credentials && !authenticated_ && (capabilities_ & kAuthCapabilities) != 0) return start_auth();
  state_ = ClientState::AwaitMail;
  in_group_ = pipelining() && job_.recipient_count > 0;
  group_handed_out_ = 0;
  Command mail = make_command(Verb::Mail, job_.reverse_path);
  if (capabilities_ & kSize) mail.size = job_.size;  // RFC 1870: only to a server that knows SIZE
  return mail;
}

// The job's preferred mechanism when advertised, else the other one.
std::optional<Command> ClientSession::start_auth() {
  const Credentials& credentials = *job_.credentials;
  auth_login_ = credentials.use_login ? (capabilities_ & kAuthLogin) != 0 : (capabilities_ & kAuthPlain) == 0;
  auth_responses_ = 0;
  state_ = ClientState::AwaitAuth;
  Command auth = make_command(Verb::Auth, auth_login_ ? "LOGIN" : "PLAIN");
  if (!auth_login_) {
    // RFC 4616 with an empty authzid: NUL user NUL password, sent as the initial response.
    auth_scratch_.assign(1, '\0');
    auth_scratch_ += credentials.user;
    auth_scratch_ += '\0';
    auth_scratch_ += credentials.password;
    auth_buffer_.clear();
    base64_encode(auth_scratch_, auth_buffer_);
    auth.initial_response = auth_buffer_;
  }
  return auth;
}

// LOGIN answers "Username:" then "Password:"; any other challenge is cancelled with "*".
std::optional<Command> ClientSession::answer_auth_challenge() {
  // A server that challenges again after "*": Cyrus SASL's words for a cancelled exchange.
  if (auth_responses_ >= kAuthCancelled) return give_up(make_reply(ReplyText::AuthFailed, "bad protocol / cancel"));
  state_ = ClientState::AwaitAuthChallenge;
  if (!auth_login_ || auth_responses_ >= 2) {
    auth_responses_ = kAuthCancelled;
    return make_command(Verb::AuthResponse, "*");
  }
  const Credentials& credentials = *job_.credentials;
  auth_buffer_.clear();
  base64_encode(auth_responses_ == 0 ? credentials.user : credentials.password, auth_buffer_);
  ++auth_responses_;
  return make_command(Verb::AuthResponse, auth_buffer_);
}

std::optional<Command> ClientSession::next_recipient_or_data() {
  if (next_rcpt_ < job_.recipient_count) {
    state_ = ClientState::AwaitRcpt;
    return make_command(Verb::Rcpt, job_.recipients[next_rcpt_]);
  }
  if (accepted_rcpts_ == 0) return quit();
  state_ = ClientState::AwaitData;
  return make_command(Verb::Data);
}

std::optional<Command> ClientSession::next_in_group() {
  if (pipelining() && !quit_sent_ && state_ == ClientState::AwaitEndOfData) {
    quit_sent_ = true;
    return make_command(Verb::Quit);
  }
  if (!in_group_ || group_handed_out_ > job_.recipient_count) return std::nullopt;
  const std::size_t i = group_handed_out_++;
  if (i < job_.recipient_count) return make_command(Verb::Rcpt, job_.recipients[i]);
  return make_command(Verb::Data);
}

// The replies to a pipelined group, in order: MAIL's, one per RCPT, then DATA's (RFC 2920 3.1).
std::optional<Command> ClientSession::on_group_reply(const Reply& reply) {
  switch (state_) {
    case ClientState::AwaitMail:
      if (!reply.positive_completion()) mail_refusal_ = without_arg(reply);
      state_ = ClientState::AwaitRcpt;
      return std::nullopt;
    case ClientState::AwaitRcpt:
      if (mail_refusal_) {
        results_[next_rcpt_] = RecipientResult{failure_outcome(*mail_refusal_), *mail_refusal_};
      } else if (reply.positive_completion()) {
        ++accepted_rcpts_;
      } else {
        results_[next_rcpt_] = RecipientResult{failure_outcome(reply), without_arg(reply)};
      }
      if (++next_rcpt_ == job_.recipient_count) state_ = ClientState::AwaitData;
      return std::nullopt;
    case ClientState::AwaitData:
      in_group_ = false;
      if (mail_refusal_) return give_up(*mail_refusal_);
      // A server may accept DATA though it refused every recipient: the content is sent
      // anyway, and its reply settles nothing (RFC 2920 3.1).
      if (reply.positive_intermediate()) return end_of_data();
      return give_up(reply);
    default:
      in_group_ = false;
      return give_up(reply);
  }
}

// Postfix's client writes QUIT behind the dot when it will not reuse the connection
// (smtp_proto.c: "Build the QUIT command before we have seen the \".\" response"), so the
// session ends one round trip sooner than waiting for the dot's reply would.
std::optional<Command> ClientSession::end_of_data() {
  state_ = ClientState::AwaitEndOfData;
  Command command = make_command(Verb::EndOfData);
  command.size = job_.size;
  return command;
}

// A refused greeting, EHLO/HELO, AUTH, MAIL or DATA ends the attempt for every recipient
// not yet decided; the session still ends politely with QUIT.
std::optional<Command> ClientSession::give_up(const Reply& reply) {
  settle_pending_as(failure_outcome(reply), reply);
  return quit();
}

std::optional<Command> ClientSession::quit() {
  state_ = ClientState::AwaitQuit;
  return make_command(Verb::Quit);
}

bool ClientSession::pipelining() const { return job_.pipelining && (capabilities_ & kPipelining) != 0; }

void ClientSession::settle_pending(const Reply& reply) { settle_pending_as(outcome_of(reply), reply); }

void ClientSession::settle_pending_as(RecipientOutcome outcome, const Reply& reply) {
  for (RecipientResult& result : results_) {
    if (result.outcome == RecipientOutcome::Pending) result = RecipientResult{outcome, without_arg(reply)};
  }
}

}  // namespace relaysim::smtp

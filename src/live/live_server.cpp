// Boost.Asio, one io_context, one thread. Each connection alternates: read what the client
// sent, feed it to its TextServer, write every reply, read again; so a client that sends and
// never reads fills its own socket buffer (TCP flow control), not this process's memory.
// A steady_timer advances the simulated world to (wall time elapsed x speed) in small steps,
// and the world is also brought up to date before each client's input is handled. A
// connection whose input got a message accepted holds its replies until the journal is on
// disk: a second thread does nothing but fdatasync, and every message that arrives while one
// runs waits for the next (group commit), so the disk is waited for a few hundred times a
// second at most, and never by this thread.
#include "live/live_server.h"

#include <csignal>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <map>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "scenario/units.h"
#include "sim/clock_text.h"
#include "smtp/text_server.h"
#include "smtp/wire.h"

namespace relaysim::live {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

constexpr auto kTick = std::chrono::milliseconds(20);          // how often the world catches up
constexpr auto kStatusEvery = std::chrono::milliseconds(500);  // the progress line on a terminal
// After its last reply the server closes its side, then reads (and drops) what the client still
// sends until the client closes too, at most this long: closing with unread input would reset
// the connection and could destroy the last reply before the client reads it.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr auto kShutdownGrace = std::chrono::seconds(3);  // for the last 421s to be written
constexpr std::size_t kReadBuffer = 16 * 1024;
constexpr auto kClockEvery = std::chrono::seconds(1);  // a clock line in the journal

std::string duration_text(std::chrono::milliseconds d) {
  return scenario::format_duration(static_cast<sim::SimTime>(d.count()) * sim::kMillisecond);
}

std::string wire_text(const smtp::Reply& reply, std::string_view host) {
  std::string out;
  smtp::format_reply(reply, smtp::ServerIdentity{host}, out);
  return out;
}

std::string endpoint_of(const tcp::endpoint& e) { return endpoint_text(e.address().to_string(), e.port()); }

// The reply says the message is queued: the end of DATA's, or the last BDAT chunk's.
bool message_taken(const smtp::Command& command, const smtp::Reply& reply) {
  const bool ends_message = command.verb == smtp::Verb::EndOfData || (command.verb == smtp::Verb::Bdat && command.last_chunk);
  return ends_message && reply.positive_completion();
}

}  // namespace

class Connection;

class LiveServer::Impl {
 public:
  explicit Impl(ServeOptions o) : options(std::move(o)), signals_(io, SIGINT, SIGTERM), clock_(io), grace_(io) {}

  std::vector<BoundListener> bind(const world::WorldConfig& config);
  ServeTotals run(world::World& w, JournalWriter& j);

  // For connections. sync_world: advance the world to the wall clock's time, and stop at --until.
  void sync_world();
  void advance_world();
  void forget(Connection* connection);
  void stop();
  // The connection's replies wait until the journal is on disk.
  void hold_until_synced(std::shared_ptr<Connection> connection);
  std::string_view mta_name(std::uint32_t mta) const { return world->mta(mta).config().name; }

  world::World* world = nullptr;
  JournalWriter* journal = nullptr;
  ServeOptions options;
  asio::io_context io;
  ServeTotals totals;
  bool stopping = false;

 private:
  void accept(std::size_t i);
  void tick();
  void show_status(bool last);
  void start_disk_wait();
  void disk_wait_done(std::chrono::nanoseconds took, const std::string& error);

  std::vector<std::unique_ptr<tcp::acceptor>> acceptors_;
  std::vector<BoundListener> bound_;
  asio::signal_set signals_;
  asio::steady_timer clock_;
  asio::steady_timer grace_;
  Clock::time_point started_;
  Clock::time_point last_status_;
  Clock::time_point last_clock_line_;
  std::map<Connection*, std::shared_ptr<Connection>> connections_;
  // Group commit: while one fdatasync runs on the disk thread, the connections whose messages
  // arrive meanwhile wait for the next, and this thread goes on serving everyone else.
  std::vector<std::shared_ptr<Connection>> held_;      // for the next wait
  std::vector<std::shared_ptr<Connection>> waiting_;   // for the wait in progress
  bool disk_busy_ = false;
  asio::thread_pool disk_{1};  // after io: joined before io is destroyed
};

// One real client's connection.
class Connection final : public std::enable_shared_from_this<Connection>, private smtp::TextServer::Observer {
 public:
  Connection(LiveServer::Impl& server, tcp::socket socket, const BoundListener& listener)
      : server_(server), socket_(std::move(socket)), timer_(server.io), listener_(listener) {}

  void start();
  // The server is shutting down: 421 4.3.2, then close.
  void stop();
  // The journal holds every message this connection's replies say is queued: they may go.
  void synced();

 private:
  enum class Phase : std::uint8_t { Serving, Closing, Lingering, Closed };

  void exchanged(const smtp::Command* command, const smtp::Reply& reply) override;
  void note(const smtp::Command& command, const smtp::Reply& reply);
  void read();
  void on_read(const error_code& ec, std::size_t n);
  void track_lines(std::string_view bytes, Clock::time_point now);
  void write();
  void on_write(const error_code& ec);
  void say_and_close(const smtp::Reply& reply, std::string why);
  void begin_closing();
  void linger();
  void close_socket();
  void end_session();
  void rearm();
  void watch();
  void on_timer();
  void time_out(Clock::time_point now);
  void log_line();

  LiveServer::Impl& server_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  const BoundListener& listener_;
  // While serving, the earliest of three deadlines (ServeOptions): the next complete line, the
  // message content, the session. Once closing, how long the last reply and the linger may take.
  Clock::time_point deadline_;
  Clock::time_point line_deadline_;
  Clock::time_point data_deadline_ = Clock::time_point::max();
  Clock::time_point session_deadline_;
  Clock::time_point closing_deadline_;
  bool partial_line_ = false;  // bytes of a line not yet complete have arrived
  bool awaiting_sync_ = false;  // a reply says "queued as": not before the journal is on disk
  std::optional<std::uint64_t> session_;
  bool session_open_ = false;
  std::optional<smtp::TextServer> text_;
  std::array<char, kReadBuffer> buffer_{};
  std::string queued_;   // replies not yet written
  std::string writing_;  // replies being written
  bool write_pending_ = false;
  bool read_pending_ = false;
  Phase phase_ = Phase::Serving;
  std::string remote_;
  std::string ended_;
  std::vector<std::string> notes_;  // what the session log line says happened
  std::size_t more_notes_ = 0;
  smtp::ReplyText last_reply_ = smtp::ReplyText::Greeting;
};

// ---- the server ----

std::vector<BoundListener> LiveServer::Impl::bind(const world::WorldConfig& config) {
  for (const Listener& l : options.listeners) {
    const std::string where = endpoint_text(l.address, l.port);
    const std::string what = config.mtas[l.mta].name + (l.submission ? " (submission)" : "");
    error_code ec;
    const asio::ip::address address = asio::ip::make_address(l.address, ec);
    if (ec) throw std::runtime_error("cannot listen on " + where + " for " + what + ": " + ec.message());
    const tcp::endpoint endpoint(address, l.port);
    auto acceptor = std::make_unique<tcp::acceptor>(io);
    acceptor->open(endpoint.protocol(), ec);
    if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor->bind(endpoint, ec);
    if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + where + " for " + what + ": " + ec.message());
    bound_.push_back({l, endpoint_of(acceptor->local_endpoint())});
    acceptors_.push_back(std::move(acceptor));
  }
  return bound_;
}

ServeTotals LiveServer::Impl::run(world::World& w, JournalWriter& j) {
  world = &w;
  journal = &j;
  // A client that vanishes while a reply is being written must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  signals_.async_wait([this](const error_code& ec, int) {
    if (ec) return;
    totals.interrupted = true;
    stop();
  });
  for (std::size_t i = 0; i < acceptors_.size(); ++i) accept(i);
  started_ = Clock::now();
  last_status_ = started_;
  last_clock_line_ = started_;
  tick();
  io.run();
  show_status(true);
  // Replies still held when the grace period ended were never sent; their messages are in the
  // world all the same, and the journal must say so.
  disk_.join();
  journal->sync();
  return totals;
}

void LiveServer::Impl::accept(std::size_t i) {
  acceptors_[i]->async_accept([this, i](const error_code& ec, tcp::socket socket) {
    if (stopping || ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors, say: try again shortly rather than spin.
      auto pause = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(100));
      pause->async_wait([this, i, pause](const error_code&) {
        if (!stopping) accept(i);
      });
      return;
    }
    ++totals.connections;
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto connection = std::make_shared<Connection>(*this, std::move(socket), bound_[i]);
    connections_.emplace(connection.get(), connection);
    connection->start();
    accept(i);
  });
}

void LiveServer::Impl::sync_world() {
  if (stopping) return;
  advance_world();
  if (options.until && totals.reached >= *options.until) stop();
}

void LiveServer::Impl::advance_world() {
  const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
  sim::SimTime target = static_cast<sim::SimTime>(static_cast<double>(elapsed) * options.speed);
  if (options.until && target > *options.until) target = *options.until;
  if (target > totals.reached) {
    world->advance_to(target);
    totals.reached = target;
  }
}

void LiveServer::Impl::tick() {
  sync_world();
  if (stopping) return;
  if (options.status && Clock::now() - last_status_ >= kStatusEvery) show_status(false);
  if (Clock::now() - last_clock_line_ >= kClockEvery) {
    last_clock_line_ = Clock::now();
    journal->clock(totals.reached);
  }
  clock_.expires_after(kTick);
  clock_.async_wait([this](const error_code& ec) {
    if (!ec) tick();
  });
}

void LiveServer::Impl::show_status(bool last) {
  if (!options.status) return;
  last_status_ = Clock::now();
  std::ostringstream speed;
  speed << options.speed;
  const text::Catalog& tr = options.catalog;
  *options.status << "\r"
                  << tr.tr("serving: simulated {1} (x{2}), {3}, {4} accepted from real clients",
                           {sim::clock_time(totals.reached), speed.str(),
                            tr.tr_n("{1} session open", "{1} sessions open", world->live().open_count()),
                            tr.tr_n("{1} message", "{1} messages", totals.messages_accepted)})
                  << "   " << (last ? "\n" : "") << std::flush;
}

// Stops accepting and ends every session; the io_context runs until the last 421 is written
// (or the grace period is over).
void LiveServer::Impl::stop() {
  if (stopping) return;
  advance_world();
  stopping = true;
  error_code ignored;
  for (auto& acceptor : acceptors_) acceptor->close(ignored);
  signals_.cancel(ignored);
  clock_.cancel();
  std::vector<std::shared_ptr<Connection>> open;
  for (auto& [key, connection] : connections_) open.push_back(connection);
  for (auto& connection : open) connection->stop();
  if (connections_.empty()) {
    io.stop();
    return;
  }
  grace_.expires_after(kShutdownGrace);
  grace_.async_wait([this](const error_code& ec) {
    if (!ec) io.stop();
  });
}

void LiveServer::Impl::hold_until_synced(std::shared_ptr<Connection> connection) {
  held_.push_back(std::move(connection));
  if (!disk_busy_) start_disk_wait();
}

// Writes every line so far, then has the disk thread wait for them (fdatasync) while this
// thread serves on; the held connections' replies go out when it is done.
void LiveServer::Impl::start_disk_wait() {
  journal->flush();
  waiting_.swap(held_);
  held_.clear();
  disk_busy_ = true;
  asio::post(disk_, [this] {
    const auto started = Clock::now();
    std::string error;
    try {
      journal->wait_for_disk();
    } catch (const std::exception& e) {
      error = e.what();
    }
    const auto took = Clock::now() - started;
    asio::post(io, [this, took, error] { disk_wait_done(took, error); });
  });
}

// A journal that cannot be written ends serve here (the exception leaves io.run()): the held
// replies never go out.
void LiveServer::Impl::disk_wait_done(std::chrono::nanoseconds took, const std::string& error) {
  disk_busy_ = false;
  if (!error.empty()) throw std::runtime_error(error);
  journal->note_wait(took);
  std::vector<std::shared_ptr<Connection>> released;
  released.swap(waiting_);
  for (auto& connection : released) connection->synced();
  if (!held_.empty()) start_disk_wait();
}

void LiveServer::Impl::forget(Connection* connection) {
  connections_.erase(connection);
  if (stopping && connections_.empty()) {
    grace_.cancel();
    io.stop();
  }
}

// ---- one connection ----

void Connection::start() {
  error_code ec;
  const auto remote = socket_.remote_endpoint(ec);
  remote_ = ec ? "?" : endpoint_of(remote);
  const Clock::time_point now = Clock::now();
  line_deadline_ = now + server_.options.idle_timeout;
  session_deadline_ = now + server_.options.session_deadline;
  watch();
  rearm();
  server_.sync_world();
  if (server_.stopping) return;  // stop() has closed this connection already
  const Listener& l = listener_.listener;
  session_ = server_.world->live().open(l.mta, l.submission, server_.options.client_agent);
  if (!session_) {
    ++server_.totals.turned_away;
    say_and_close(smtp::make_reply(smtp::ReplyText::TooManyConnections),
                  server_.options.catalog.tr("turned away: max_sessions reached"));
    return;
  }
  session_open_ = true;
  smtp::ServerSession& session = server_.world->live().server(*session_);
  text_.emplace(session, smtp::ServerIdentity{server_.mta_name(l.mta)});
  text_->set_observer(this);
  text_->keep_content(server_.options.keep_content);
  queued_.append(text_->open(session.facts().client_ip));
  write();
}

void Connection::stop() {
  if (phase_ != Phase::Serving) return;
  say_and_close(smtp::make_reply(smtp::ReplyText::ServiceUnavailable), server_.options.catalog.tr("server shutting down"));
}

void Connection::synced() {
  awaiting_sync_ = false;
  write();
}

// A 421 the server sends by itself (shutdown, timeout, too many connections), then the end.
void Connection::say_and_close(const smtp::Reply& reply, std::string why) {
  if (session_open_) server_.world->live().exchange(*session_, nullptr, reply);
  queued_ += wire_text(reply, server_.mta_name(listener_.listener.mta));
  ended_ = std::move(why);
  end_session();
  begin_closing();
}

void Connection::exchanged(const smtp::Command* command, const smtp::Reply& reply) {
  server_.world->live().exchange(*session_, command, reply);
  last_reply_ = reply.text;
  if (!command) return;
  if (message_taken(*command, reply)) {
    ++server_.totals.messages_accepted;
    if (const auto* handover = server_.world->live().handover(*session_)) {
      server_.journal->message(*handover, server_.mta_name(listener_.listener.mta));
      awaiting_sync_ = true;
    }
  }
  note(*command, reply);
}

// What the session log line says about one exchange.
void Connection::note(const smtp::Command& command, const smtp::Reply& reply) {
  std::string note;
  if (message_taken(command, reply)) {
    // QueueManager::check_end_of_data numbers queue ids (message id << 8 | MTA), as "queued as" shows them.
    note = server_.options.catalog.tr("message {1} accepted", {std::to_string(reply.number >> 8)});
  } else if (reply.permanent_failure() || reply.transient_failure()) {
    std::string code = std::to_string(reply.code);
    if (reply.status.klass != 0) code += " " + smtp::enhanced_status_text(reply.status);
    note = server_.options.catalog.tr("{1} refused {2}", {smtp::verb_name(command.verb), code});
  }
  if (note.empty()) return;
  if (notes_.size() < 6) {
    notes_.push_back(std::move(note));
  } else {
    ++more_notes_;
  }
}

void Connection::read() {
  if (read_pending_) return;
  read_pending_ = true;
  socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
    self->on_read(ec, n);
  });
}

void Connection::on_read(const error_code& ec, std::size_t n) {
  read_pending_ = false;
  switch (phase_) {
    case Phase::Closed:
    case Phase::Closing:  // our last reply is being written; what the client sends now is ignored
      return;
    case Phase::Lingering:
      if (ec) {
        close_socket();
      } else {
        read();  // dropped
      }
      return;
    case Phase::Serving:
      break;
  }
  if (ec) {
    const text::Catalog& tr = server_.options.catalog;
    ended_ = text_ && text_->receiving_data() ? tr.tr("the client disconnected during DATA (message not accepted)")
             : ec == asio::error::eof         ? tr.tr("the client closed the connection")
                                              : tr.tr("connection lost: {1}", {ec.message()});
    end_session();
    close_socket();
    return;
  }
  const std::string_view bytes(buffer_.data(), n);
  track_lines(bytes, Clock::now());
  server_.sync_world();
  if (phase_ != Phase::Serving) return;  // the server stopped (--until reached)
  server_.world->live().input(*session_);
  queued_.append(text_->feed(bytes));
  if (awaiting_sync_) server_.hold_until_synced(shared_from_this());  // write() waits until then
  if (text_->closed()) {
    ended_ = last_reply_ == smtp::ReplyText::Bye ? "QUIT" : server_.options.catalog.tr("421 4.7.0: too many errors");
    end_session();
    begin_closing();
    return;
  }
  if (!text_->receiving_data()) {
    data_deadline_ = Clock::time_point::max();
  } else if (data_deadline_ == Clock::time_point::max()) {
    data_deadline_ = Clock::now() + server_.options.data_timeout;
  }
  rearm();
  if (queued_.empty()) {
    read();
  } else {
    write();
  }
}

// Only a complete line moves the line deadline: a client that sends a byte a second gets no
// more time than one that sends nothing.
void Connection::track_lines(std::string_view bytes, Clock::time_point now) {
  const std::size_t last_newline = bytes.rfind('\n');
  if (last_newline == std::string_view::npos) {
    partial_line_ = partial_line_ || !bytes.empty();
    return;
  }
  line_deadline_ = now + server_.options.idle_timeout;
  partial_line_ = last_newline + 1 < bytes.size();
}

void Connection::write() {
  if (awaiting_sync_ || write_pending_ || queued_.empty() || phase_ == Phase::Closed) return;
  writing_.swap(queued_);
  queued_.clear();
  write_pending_ = true;
  asio::async_write(socket_, asio::buffer(writing_), [self = shared_from_this()](const error_code& ec, std::size_t) {
    self->on_write(ec);
  });
}

void Connection::on_write(const error_code& ec) {
  write_pending_ = false;
  writing_.clear();
  if (phase_ == Phase::Closed) return;
  if (ec) {
    if (ended_.empty()) ended_ = server_.options.catalog.tr("connection lost: {1}", {ec.message()});
    end_session();
    close_socket();
    return;
  }
  if (!queued_.empty()) {
    write();
  } else if (phase_ == Phase::Closing) {
    linger();
  } else {
    // The client may have waited for these replies before sending more: its time starts now
    // (unless it is in the middle of a line, whose time started with the line before).
    if (!partial_line_) line_deadline_ = Clock::now() + server_.options.idle_timeout;
    rearm();
    read();
  }
}

void Connection::begin_closing() {
  phase_ = Phase::Closing;
  error_code ignored;
  if (read_pending_) socket_.cancel(ignored);  // no write is pending while a read is
  closing_deadline_ = Clock::now() + kLinger;
  rearm();
  if (!write_pending_) {
    if (queued_.empty()) {
      linger();
    } else {
      write();
    }
  }
}

void Connection::linger() {
  phase_ = Phase::Lingering;
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  closing_deadline_ = Clock::now() + kLinger;
  rearm();
  read();
}

void Connection::close_socket() {
  if (phase_ == Phase::Closed) return;
  phase_ = Phase::Closed;
  error_code ignored;
  socket_.close(ignored);
  timer_.cancel();
  log_line();
  server_.forget(this);  // may destroy the server's reference; handlers still hold this object
}

void Connection::end_session() {
  if (!session_open_) return;
  session_open_ = false;
  server_.world->live().close(*session_);
}

void Connection::rearm() {
  deadline_ = phase_ == Phase::Serving ? std::min({line_deadline_, data_deadline_, session_deadline_})
                                       : closing_deadline_;
  timer_.expires_at(deadline_);  // wakes the pending wait, which waits again for the new deadline
}

void Connection::watch() {
  timer_.async_wait([self = shared_from_this()](const error_code&) { self->on_timer(); });
}

void Connection::on_timer() {
  if (phase_ == Phase::Closed) return;
  const Clock::time_point now = Clock::now();
  if (now >= deadline_) {
    if (phase_ != Phase::Serving) {
      close_socket();  // the last reply could not be written, or the client never closed
      return;
    }
    time_out(now);
  }
  watch();
}

// RFC 5321 4.5.3.2: 421 4.4.2, with the log saying which limit the client ran into.
void Connection::time_out(Clock::time_point now) {
  const ServeOptions& o = server_.options;
  std::string why;
  if (now >= session_deadline_) {
    why = o.catalog.tr("session deadline: 421 4.4.2 after {1} (--session-deadline)", {duration_text(o.session_deadline)});
  } else if (now >= data_deadline_) {
    why = o.catalog.tr("DATA deadline: 421 4.4.2, the message not complete after {1} (--data-timeout; message not "
                       "accepted)",
                       {duration_text(o.data_timeout)});
  } else if (partial_line_) {
    why = o.catalog.tr("command deadline: 421 4.4.2, a line not complete after {1} (--timeout)",
                       {duration_text(o.idle_timeout)});
  } else {
    why = o.catalog.tr("idle timeout: 421 4.4.2 after {1} (--timeout)", {duration_text(o.idle_timeout)});
  }
  ++server_.totals.timed_out;
  say_and_close(smtp::make_reply(smtp::ReplyText::TimeoutExceeded), std::move(why));
}

void Connection::log_line() {
  if (!server_.options.log) return;
  if (server_.options.status) *server_.options.status << "\r\033[K" << std::flush;  // clear the progress line
  const Listener& l = listener_.listener;
  std::ostream& out = *server_.options.log;
  const text::Catalog& tr = server_.options.catalog;
  out << "[" << sim::clock_time(server_.totals.reached) << "] ";
  if (session_) out << tr.tr("session {1}:", {std::to_string(*session_)}) << " ";
  out << remote_ << " -> " << server_.mta_name(l.mta) << " " << tr.tr("port {1}", {l.submission ? "587" : "25"})
      << " (" << listener_.endpoint << "): ";
  for (const std::string& note : notes_) out << note << "; ";
  if (more_notes_) out << tr.tr("{1} more", {std::to_string(more_notes_)}) << "; ";
  out << (ended_.empty() ? tr.tr("closed") : ended_) << "\n" << std::flush;
}

// ---- the public face ----

LiveServer::LiveServer(ServeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
LiveServer::~LiveServer() = default;
std::vector<BoundListener> LiveServer::bind(const world::WorldConfig& config) { return impl_->bind(config); }
ServeTotals LiveServer::run(world::World& world, JournalWriter& journal) { return impl_->run(world, journal); }

}  // namespace relaysim::live

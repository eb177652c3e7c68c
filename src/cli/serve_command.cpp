// relaysim serve: real SMTP clients talk to the simulated MTAs on loopback ports, and what
// they send travels through the simulated world into the usual outputs.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <sstream>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/experiment_args.h"
#include "cli/shipped_lessons.h"
#include "live/journal.h"
#include "live/listen_plan.h"
#include "live/live_observer.h"
#include "live/live_server.h"
#include "live/live_setup.h"
#include "mta/ipv4.h"
#include "report/atomic_file.h"
#include "report/transcript_choice.h"
#include "run/live_run.h"
#include "scenario/scenario_loader.h"
#include "scenario/spec_names.h"
#include "scenario/units.h"
#include "sim/clock_text.h"
#include "world/world.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;
using text::N_;

po::options_description serve_options() {
  po::options_description options(
      "relaysim serve SCENARIO [options]\n\n"
      "Opens a loopback TCP port for each simulated MTA, so that real SMTP clients (swaks, telnet,\n"
      "Python's smtplib, a mail program) can talk to it. The world runs against the wall clock;\n"
      "mail the MTAs accept is relayed, queued or delivered in the simulation, never on the real\n"
      "network. Ctrl-C stops and writes summary.json, trace.jsonl and transcripts/ (docs/live-lab.md).\n"
      "A message is answered 250 only once it is in OUTDIR/journal.jsonl on disk; after a crash or\n"
      "kill -9, relaysim recover OUTDIR writes the outputs from the journal");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->value_name("PATH=VALUE"),
       "override a scenario value by its path (repeatable), e.g. mtas.mx.campus.example.policy=open; "
       "see docs/experiments.md")
      ("listen", po::value<std::vector<std::string>>()->value_name("ADDR:PORT=MTA[/submission]"),
       "serve MTA on ADDR:PORT (repeatable; port 0: any free port); /submission: the port-587 role, "
       "where RCPT before AUTH gets 554 5.7.1. Default: every MTA on 127.0.0.1 from port 2525 in the "
       "scenario's order, then the submission ports")
      ("port", po::value<unsigned>()->default_value(live::kDefaultBasePort),
       "the first port of the default listeners (0: any free ports)")
      ("allow-remote", "allow --listen on an address that is not loopback (other machines could connect)")
      ("client-ip", po::value<std::string>(),
       "the simulated address real clients connect from (default: one in 100.64.0.0/10 outside every "
       "mynetworks); an address in an MTA's mynetworks makes it relay for you (permit_mynetworks)")
      ("class", po::value<std::string>()->default_value("ham"), "what real clients' mail counts as: ham or spam")
      ("speed", po::value<double>()->default_value(1.0), "simulated seconds per real second")
      ("timeout", po::value<std::string>()->default_value("300s"),
       "each command line must be complete within this of the previous one (or of the last reply), "
       "else 421 4.4.2 (Postfix smtpd_timeout; only a complete line restarts it)")
      ("data-timeout", po::value<std::string>()->default_value("10m"),
       "a message's content must be complete within this of the 354, else 421 4.4.2 (RFC 5321 4.5.3.2.6)")
      ("session-deadline", po::value<std::string>()->default_value("30m"),
       "no session lasts longer than this, however busy: then 421 4.4.2")
      ("until", po::value<std::string>(), "stop by itself when the simulated time reaches this, e.g. 1h")
      ("out,o", po::value<std::string>(), "output folder (default: out/<scenario name>-live)")
      ("transcripts", po::value<std::vector<std::string>>()->multitoken(),
       "transcripts of the simulated agents' mail: all | spam | ham | none | sample | message ids "
       "(default: none); real clients' mail always gets them (see --live-transcripts)")
      ("live-transcripts", po::value<std::uint64_t>()->default_value(100),
       "how many of the real clients' messages get transcripts (the first ones)")
      ("explain", "under each server decision in the transcripts, say in plain words what it decided and why")
      ("no-trace", "do not write trace.jsonl")
      ("mailboxes", po::value<std::string>()->value_name("FORMAT"),
       "write every delivered copy where mail programs read it (maildir or mbox, as relaysim run does), "
       "real clients' messages as they sent them with the headers each server added; written when serve stops")
      ("ports-file", po::value<std::string>(), "once listening, write one line per listener to this file: "
                                               "ADDR:PORT MTA 25|587 (for scripts)")
      ("quiet,q", "print only the listeners table (no session lines, no summary)");
  add_max_work_option(options);
  add_language_option(options);
  return options;
}

std::string role(const live::Listener& l) { return l.submission ? "587" : "25"; }

// A domain of the scenario whose mail `mta` does not receive: relaying there is the lesson.
std::string outside_domain(const scenario::ScenarioSpec& spec, std::uint32_t mta) {
  const std::string& name = spec.mtas[mta].name;
  for (const auto& d : spec.domains) {
    if (std::none_of(d.mx.begin(), d.mx.end(), [&](const auto& mx) { return mx.host == name; })) return d.name;
  }
  return "example.org";
}

// `text` and spaces up to `width` characters (a Spanish heading has accents: bytes are not characters).
std::string padded(const std::string& text, std::size_t width) {
  const auto chars = static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  return text + std::string(width > chars ? width - chars : 1, ' ');
}

void print_listeners(std::ostream& out, const scenario::ScenarioSpec& spec, const std::vector<live::BoundListener>& bound,
                     const text::Catalog& tr) {
  const std::string listening = tr.tr("listening on");
  const std::string simulated = tr.tr("simulated MTA");
  std::size_t width = std::max<std::size_t>(16, listening.size() + 2);
  std::size_t name_width = std::max<std::size_t>(16, simulated.size() + 2);
  for (const auto& b : bound) {
    width = std::max(width, b.endpoint.size() + 2);
    name_width = std::max(name_width, spec.mtas[b.listener.mta].name.size() + 2);
  }
  out << "  " << padded(listening, width) << padded(simulated, name_width) << tr.tr("role") << "\n";
  for (const auto& b : bound) {
    const auto& mta = spec.mtas[b.listener.mta];
    out << "  " << padded(b.endpoint, width) << padded(mta.name, name_width);
    if (b.listener.submission) {
      out << tr.tr("port 587, submission: AUTH before RCPT") << "\n";
    } else {
      out << tr.tr("port 25, relay policy {1}", {scenario::to_string(mta.policy)}) << "\n";
    }
  }
}

// A journal in the folder that serve did not close (it was killed) holds messages clients were
// told are queued: starting over would destroy them. Returns why not to start, or "".
std::string unfinished_journal(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / live::kJournalFile;
  if (!std::filesystem::exists(path)) return {};
  try {
    if (live::read_journal(path).ending != live::Journal::Ending::None) return {};
    return path.string() + " is the journal of a serve that was stopped before it wrote its outputs "
           "(killed?); run relaysim recover " + dir.string() + " first, or choose another --out";
  } catch (const live::JournalError& e) {
    return std::string(e.what()) + "; remove it or choose another --out";
  }
}

void print_banner(std::ostream& out, const live::LiveScenario& live, const std::vector<live::BoundListener>& bound,
                  double speed, const std::filesystem::path& dir, const text::Catalog& tr) {
  const scenario::ScenarioSpec& spec = live.spec;
  const world::AgentConfig& client = spec.agents[live.client_agent];
  std::ostringstream speed_text;
  speed_text << speed;
  const bool spam = client.message_class == world::MessageClass::Spam;
  out << tr.tr("relaysim serve: scenario {1}, simulated time runs at {2}x the wall clock from 00:00:00",
               {spec.name, speed_text.str()})
      << "\n"
      << tr.tr(spam ? N_("Real clients appear in the world as {1} [{2}], sending spam; nothing is ever sent to the "
                         "real network.")
                    : N_("Real clients appear in the world as {1} [{2}], sending ham; nothing is ever sent to the "
                         "real network."),
               {client.name, mta::format_ipv4(client.ip)})
      << "\n\n";
  print_listeners(out, spec, bound, tr);
  out << "\n" << tr.tr("Try:") << " swaks --server " << bound.front().endpoint << " --to someone@"
      << outside_domain(spec, bound.front().listener.mta) << "\n"
      << tr.tr("Ctrl-C stops and writes the outputs into {1}/", {dir.string()}) << "\n\n"
      << std::flush;
}

void write_ports_file(const std::string& path, const scenario::ScenarioSpec& spec,
                      const std::vector<live::BoundListener>& bound) {
  std::string lines;
  for (const auto& b : bound) lines += b.endpoint + " " + spec.mtas[b.listener.mta].name + " " + role(b.listener) + "\n";
  report::write_file_atomically(path, lines);
}

void print_stop(std::ostream& out, const live::ServeTotals& totals, const live::LiveObserver& observer,
                const live::JournalWriter& journal, const text::Catalog& tr) {
  out << "\n"
      << tr.tr(totals.interrupted ? N_("Stopped at simulated time {1} (interrupted):")
                                  : N_("Stopped at simulated time {1} (--until reached):"),
               {sim::clock_time(totals.reached)})
      << " " << tr.tr_n("{1} connection from real clients", "{1} connections from real clients", totals.connections);
  if (totals.turned_away) out << ", " << tr.tr("{1} turned away (max_sessions)", {std::to_string(totals.turned_away)});
  if (totals.timed_out) out << ", " << tr.tr("{1} timed out", {std::to_string(totals.timed_out)});
  out << "; "
      << tr.tr_n("{1} message accepted from them, with {2}.", "{1} messages accepted from them, with {2}.",
                 observer.live_messages_accepted(),
                 {tr.tr_n("{1} recipient copy", "{1} recipient copies", observer.live_copies_accepted())})
      << "\n";
  const double ms = std::chrono::duration<double, std::milli>(journal.wait_time()).count();
  std::ostringstream average;
  average << std::fixed << std::setprecision(1) << (journal.waits() ? ms / static_cast<double>(journal.waits()) : 0.0);
  out << tr.tr_n("Journal: {1} message made durable in {2} of {3} ms on average.",
                 "Journal: {1} messages made durable in {2} of {3} ms on average.", journal.messages(),
                 {tr.tr_n("{1} fdatasync", "{1} fdatasyncs", journal.waits()), average.str()})
      << "\n\n";
}

// A step's answer: what it read from the options, or what is wrong with them (said after
// "relaysim serve: ").
template <class T>
struct Checked {
  std::optional<T> value;
  std::string problem;
};

// The scenario, with what the journal's first line keeps of it to build it again.
struct ServeScenario {
  live::LiveSetup setup;  // the file, its text, the overrides and the language
  scenario::ScenarioSpec spec;
  text::Catalog catalog;  // --lang
};

// Who real clients are in the world.
struct ClientChoice {
  std::uint32_t ip = 0;
  world::MessageClass message_class = world::MessageClass::Ham;
};

// How fast the simulated time runs, when serve stops by itself, and how long clients may take.
struct ServeTimes {
  double speed = 1.0;
  std::chrono::milliseconds idle_timeout{};
  std::chrono::milliseconds data_timeout{};
  std::chrono::milliseconds session_deadline{};
  std::optional<sim::SimTime> until;
};

// What is written and printed, and where.
struct OutputChoice {
  std::vector<std::string> transcripts;  // for the simulated agents' mail
  std::uint64_t live_transcripts = 0;
  bool explain = false;
  bool trace = true;
  bool quiet = false;
  std::optional<mail::MailboxFormat> mailboxes;
  std::filesystem::path dir;
  std::optional<std::string> ports_file;
};

// Everything the command line decides, checked before anything is opened.
struct ServePlan {
  ServeScenario scenario;
  std::vector<live::Listener> listeners;
  ClientChoice client;
  ServeTimes times;
  OutputChoice outputs;
};

// Throws scenario::ScenarioError (the file cannot be read or is not a valid scenario).
Checked<ServeScenario> read_scenario_options(const po::variables_map& vm, const std::string& file) {
  ServeScenario s;
  s.setup.scenario_file = file;
  s.setup.scenario_path = std::filesystem::absolute(file).lexically_normal().string();
  std::string error;
  // The catalogue before the overrides and the file: their errors are said in the language of the rest.
  const auto catalog = read_language_option(vm, error);
  if (!catalog) return {std::nullopt, error};
  s.catalog = *catalog;
  s.setup.language = text::language_code(catalog->language());
  std::vector<scenario::Override> overrides;
  if (vm.count("set")) {
    s.setup.overrides = vm["set"].as<std::vector<std::string>>();
    if (!parse_set_options(s.setup.overrides, overrides, error, *catalog)) return {std::nullopt, error};
  }
  scenario::LoadLimits limits;
  if (!read_max_work_option(vm, limits, error)) return {std::nullopt, error};
  limits.catalog = *catalog;
  s.setup.scenario_text = scenario::read_scenario_text(file, *catalog);
  s.spec = live::read_scenario(s.setup, limits);
  return {std::move(s), {}};
}

// --listen, each one; or from --port, every MTA in the scenario's order.
Checked<std::vector<live::Listener>> chosen_listeners(const po::variables_map& vm, const scenario::ScenarioSpec& spec) {
  std::vector<live::Listener> listeners;
  std::string error;
  if (vm.count("listen")) {
    for (const std::string& text : vm["listen"].as<std::vector<std::string>>()) {
      const auto listener = live::parse_listener(text, spec, error);
      if (!listener) return {std::nullopt, error};
      listeners.push_back(*listener);
    }
    return {std::move(listeners), {}};
  }
  const unsigned port = vm["port"].as<unsigned>();
  const std::size_t count = live::default_listeners(spec, "127.0.0.1", 0).size();
  if (port != 0 && port + count - 1 > 65535) return {std::nullopt, "--port " + std::to_string(port) + ": too high"};
  return {live::default_listeners(spec, "127.0.0.1", static_cast<std::uint16_t>(port)), {}};
}

Checked<std::vector<live::Listener>> read_listeners(const po::variables_map& vm, const scenario::ScenarioSpec& spec) {
  if (vm.count("listen") && !vm["port"].defaulted()) {
    return {std::nullopt, "--port sets the default listeners: not with --listen"};
  }
  Checked<std::vector<live::Listener>> chosen = chosen_listeners(vm, spec);
  if (!chosen.value) return chosen;
  if (std::string problem = live::check_listeners(*chosen.value, spec, vm.count("allow-remote") > 0); !problem.empty()) {
    return {std::nullopt, problem};
  }
  return chosen;
}

Checked<ClientChoice> read_client(const po::variables_map& vm, const scenario::ScenarioSpec& spec) {
  ClientChoice client{live::default_client_ip(spec)};
  if (vm.count("client-ip")) {
    const auto ip = scenario::parse_ipv4(vm["client-ip"].as<std::string>());
    if (!ip) return {std::nullopt, "--client-ip: " + ip.error()};
    client.ip = ip.value();
  }
  const auto message_class = scenario::message_class_from_string(vm["class"].as<std::string>());
  if (!message_class) return {std::nullopt, "--class: expected ham or spam"};
  client.message_class = *message_class;
  return {client, {}};
}

// A duration option of at least 1 ms, as a wall-clock time.
Checked<std::chrono::milliseconds> wall_duration(const po::variables_map& vm, const std::string& name) {
  const auto parsed = scenario::parse_duration(vm[name].as<std::string>());
  if (!parsed || parsed.value() < sim::kMillisecond) {
    return {std::nullopt, "--" + name + ": " + (parsed ? std::string("expected at least 1ms") : parsed.error())};
  }
  return {std::chrono::milliseconds(parsed.value() / sim::kMillisecond), {}};
}

Checked<ServeTimes> read_times(const po::variables_map& vm) {
  ServeTimes times;
  times.speed = vm["speed"].as<double>();
  if (!(times.speed > 0) || times.speed > 1e6) return {std::nullopt, "--speed: expected a positive number, at most 1000000"};
  const auto idle = wall_duration(vm, "timeout");
  const auto data = idle.value ? wall_duration(vm, "data-timeout") : idle;
  const auto session = data.value ? wall_duration(vm, "session-deadline") : data;
  if (!session.value) return {std::nullopt, session.problem};
  times.idle_timeout = *idle.value;
  times.data_timeout = *data.value;
  times.session_deadline = *session.value;
  std::string error;
  if (!read_until_option(vm, times.until, error)) return {std::nullopt, error};
  return {times, {}};
}

Checked<OutputChoice> read_outputs(const po::variables_map& vm, const scenario::ScenarioSpec& spec) {
  OutputChoice outputs;
  std::string error;
  outputs.transcripts =
      vm.count("transcripts") ? vm["transcripts"].as<std::vector<std::string>>() : std::vector<std::string>{"none"};
  if (!report::TranscriptChoice::parse(outputs.transcripts, error)) return {std::nullopt, error};
  outputs.live_transcripts = vm["live-transcripts"].as<std::uint64_t>();
  outputs.explain = vm.count("explain") > 0;
  outputs.trace = vm.count("no-trace") == 0;
  outputs.quiet = vm.count("quiet") > 0;
  if (vm.count("mailboxes")) {
    outputs.mailboxes = mail::parse_mailbox_format(vm["mailboxes"].as<std::string>());
    if (!outputs.mailboxes) {
      return {std::nullopt, "--mailboxes: expected maildir or mbox, got '" + vm["mailboxes"].as<std::string>() + "'"};
    }
  }
  outputs.dir = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                : std::filesystem::path("out") / (spec.name + "-live");
  if (vm.count("ports-file")) outputs.ports_file = vm["ports-file"].as<std::string>();
  if (std::string problem = unfinished_journal(outputs.dir); !problem.empty()) return {std::nullopt, problem};
  return {std::move(outputs), {}};
}

// The options after the scenario, in order: the first that is wrong is said.
Checked<ServePlan> complete_plan(const po::variables_map& vm, ServeScenario loaded) {
  const scenario::ScenarioSpec& spec = loaded.spec;
  auto listeners = read_listeners(vm, spec);
  if (!listeners.value) return {std::nullopt, listeners.problem};
  auto client = read_client(vm, spec);
  if (!client.value) return {std::nullopt, client.problem};
  auto times = read_times(vm);
  if (!times.value) return {std::nullopt, times.problem};
  auto outputs = read_outputs(vm, spec);
  if (!outputs.value) return {std::nullopt, outputs.problem};
  return {ServePlan{std::move(loaded), std::move(*listeners.value), *client.value, *times.value,
                    std::move(*outputs.value)},
          {}};
}

// The scenario, then every other option, checked before anything is opened; the scenario's
// warnings are said on `err` once it is read. Throws scenario::ScenarioError.
Checked<ServePlan> plan_serve(const po::variables_map& vm, const std::string& file, std::ostream& err) {
  Checked<ServeScenario> loaded = read_scenario_options(vm, file);
  if (!loaded.value) return {std::nullopt, loaded.problem};
  err << scenario::format_warnings({&loaded.value->spec, 1}, loaded.value->catalog);
  return complete_plan(vm, std::move(*loaded.value));
}

// What the journal's first line keeps: recover builds the same world from it.
live::LiveSetup live_setup(const ServePlan& plan) {
  live::LiveSetup setup = plan.scenario.setup;
  for (const live::Listener& l : plan.listeners) {
    setup.listeners.push_back({plan.scenario.spec.mtas[l.mta].name, l.submission});
  }
  setup.client_ip = plan.client.ip;
  setup.message_class = plan.client.message_class;
  setup.transcripts = plan.outputs.transcripts;
  setup.live_transcripts = plan.outputs.live_transcripts;
  setup.explain = plan.outputs.explain;
  setup.trace = plan.outputs.trace;
  setup.mailboxes = plan.outputs.mailboxes;
  return setup;
}

// The listener's options, for the world in which real clients are agent `client_agent`.
live::ServeOptions server_options(const ServePlan& plan, std::uint32_t client_agent, std::ostream& out,
                                  std::ostream& err) {
  live::ServeOptions serve;
  serve.listeners = plan.listeners;
  serve.client_agent = client_agent;
  serve.speed = plan.times.speed;
  serve.idle_timeout = plan.times.idle_timeout;
  serve.data_timeout = plan.times.data_timeout;
  serve.session_deadline = plan.times.session_deadline;
  serve.until = plan.times.until;
  serve.log = plan.outputs.quiet ? nullptr : &out;
  serve.status = !plan.outputs.quiet && isatty(STDERR_FILENO) ? &err : nullptr;
  serve.catalog = plan.scenario.catalog;
  serve.keep_content = plan.outputs.mailboxes.has_value();
  return serve;
}

// After the world stopped: the outputs written, the journal closed, and what happened said.
void write_outputs(const ServePlan& plan, const live::ServeTotals& totals, run::LiveRun& run,
                   live::JournalWriter& journal, std::ostream& out) {
  const run::RunResult result = run.finish(totals.reached);
  journal.stopped(totals.reached, totals.interrupted ? "interrupted" : "until");
  if (plan.outputs.quiet) return;
  print_stop(out, totals, run.observer(), journal, plan.scenario.catalog);
  run.print_outputs(out, result);
}

// Binds every port, then makes the outputs and the journal, serves, and writes the outputs.
void serve_world(const ServePlan& plan, std::ostream& out, std::ostream& err) {
  const live::LiveSetup setup = live_setup(plan);
  const live::LiveScenario live = live::with_live_client(plan.scenario.spec, setup);
  live::LiveServer server(server_options(plan, live.client_agent, out, err));
  // Every port first: a start that fails leaves nothing behind, not even the output folder.
  const std::vector<live::BoundListener> bound = server.bind(live.spec);

  std::filesystem::create_directories(plan.outputs.dir);
  live::JournalWriter journal(plan.outputs.dir / live::kJournalFile, setup);
  run::LiveRun run(live, setup, plan.outputs.dir);
  print_banner(out, live, bound, plan.times.speed, plan.outputs.dir, plan.scenario.catalog);
  if (plan.outputs.ports_file) write_ports_file(*plan.outputs.ports_file, live.spec, bound);
  write_outputs(plan, server.run(run.world(), journal), run, journal, out);
}

// What goes wrong once serving has begun (a port taken, outputs that cannot be written) is a
// failure of the run, not of the command line.
int serve(const ServePlan& plan, std::ostream& out, std::ostream& err) {
  try {
    serve_world(plan, out, err);
  } catch (const std::exception& e) {
    err << "relaysim serve: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description options = serve_options();
  int status = kExitOk;
  const auto line = parse_command_line("serve", options, args, out, err, status);
  if (!line) return status;
  const po::variables_map& vm = line->options;
  if (line->inputs.size() != 1) return usage_error("serve", "expected exactly one scenario file", err);

  Checked<ServePlan> plan;
  try {
    plan = plan_serve(vm, scenario_file(line->inputs[0]), err);
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << "\n";
    return kExitBadInput;
  }
  if (!plan.value) {
    err << "relaysim serve: " << plan.problem << "\n";
    return kExitBadInput;
  }
  return serve(*plan.value, out, err);
}

}  // namespace relaysim::cli

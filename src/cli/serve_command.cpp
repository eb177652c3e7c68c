// relaysim serve: real SMTP clients talk to the simulated MTAs on loopback ports, and what
// they send travels through the simulated world into the usual outputs.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <iomanip>
#include <ostream>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/experiment_args.h"
#include "cli/scenario_run.h"
#include "live/listen_plan.h"
#include "live/live_observer.h"
#include "live/live_server.h"
#include "mta/ipv4.h"
#include "report/atomic_file.h"
#include "report/json.h"
#include "scenario/scenario_loader.h"
#include "scenario/spec_names.h"
#include "scenario/units.h"
#include "world/world.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;

po::options_description serve_options() {
  po::options_description options(
      "relaysim serve SCENARIO [options]\n\n"
      "Opens a loopback TCP port for each simulated MTA, so that real SMTP clients (swaks, telnet,\n"
      "Python's smtplib, a mail program) can talk to it. The world runs against the wall clock;\n"
      "mail the MTAs accept is relayed, queued or delivered in the simulation, never on the real\n"
      "network. Ctrl-C stops and writes summary.json, trace.jsonl and transcripts/ (docs/live-lab.md)");
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value<std::vector<std::string>>()->value_name("PATH=VALUE"),
       "override a scenario value by its path (repeatable), e.g. mtas.mx.campus.example.policy=open; "
       "see docs/experiments.md")
      ("listen", po::value<std::vector<std::string>>()->value_name("ADDR:PORT=MTA[/submission]"),
       "serve MTA on ADDR:PORT (repeatable; port 0: any free port); /submission: the port-587 role, "
       "where MAIL before AUTH gets 530 5.7.0. Default: every MTA on 127.0.0.1 from port 2525 in the "
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
       "drop a client silent this long with 421 4.4.2 (Postfix smtpd_timeout)")
      ("until", po::value<std::string>(), "stop by itself when the simulated time reaches this, e.g. 1h")
      ("out,o", po::value<std::string>(), "output folder (default: out/<scenario name>-live)")
      ("transcripts", po::value<std::vector<std::string>>()->multitoken(),
       "transcripts of the simulated agents' mail: all | spam | ham | none | sample | message ids "
       "(default: none); real clients' mail always gets them (see --live-transcripts)")
      ("live-transcripts", po::value<std::uint64_t>()->default_value(100),
       "how many of the real clients' messages get transcripts (the first ones)")
      ("explain", "under each server decision in the transcripts, say in plain words what it decided and why")
      ("no-trace", "do not write trace.jsonl")
      ("ports-file", po::value<std::string>(), "once listening, write one line per listener to this file: "
                                               "ADDR:PORT MTA 25|587 (for scripts)")
      ("quiet,q", "print only the listeners table (no session lines, no summary)");
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

void print_listeners(std::ostream& out, const scenario::ScenarioSpec& spec,
                     const std::vector<live::BoundListener>& bound) {
  std::size_t width = 16;
  std::size_t name_width = 16;
  for (const auto& b : bound) {
    width = std::max(width, b.endpoint.size() + 2);
    name_width = std::max(name_width, spec.mtas[b.listener.mta].name.size() + 2);
  }
  out << "  " << std::left << std::setw(static_cast<int>(width)) << "listening on" << std::setw(static_cast<int>(name_width))
      << "simulated MTA"
      << "role\n";
  for (const auto& b : bound) {
    const auto& mta = spec.mtas[b.listener.mta];
    out << "  " << std::setw(static_cast<int>(width)) << b.endpoint << std::setw(static_cast<int>(name_width)) << mta.name;
    if (b.listener.submission) {
      out << "port 587, submission: AUTH before MAIL\n";
    } else {
      out << "port 25, relay policy " << scenario::to_string(mta.policy) << "\n";
    }
  }
  out << std::right;
}

}  // namespace

int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description options = serve_options();
  int status = kExitOk;
  const auto line = parse_command_line("serve", options, args, out, err, status);
  if (!line) return status;
  const po::variables_map& vm = line->options;
  if (line->inputs.size() != 1) return usage_error("serve", "expected exactly one scenario file", err);
  const auto bad = [&err](const std::string& what) {
    err << "relaysim serve: " << what << "\n";
    return kExitBadInput;
  };

  std::string error;
  std::vector<scenario::Override> overrides;
  if (vm.count("set") && !parse_set_options(vm["set"].as<std::vector<std::string>>(), overrides, error)) {
    return bad(error);
  }
  scenario::ScenarioSpec spec;
  try {
    spec = scenario::load_scenario_file(line->inputs[0], overrides);
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << "\n";
    return kExitBadInput;
  }

  // Where to listen: checked before anything is opened.
  std::vector<live::Listener> listeners;
  if (vm.count("listen") && !vm["port"].defaulted()) return bad("--port sets the default listeners: not with --listen");
  if (vm.count("listen")) {
    for (const std::string& text : vm["listen"].as<std::vector<std::string>>()) {
      const auto listener = live::parse_listener(text, spec, error);
      if (!listener) return bad(error);
      listeners.push_back(*listener);
    }
  } else {
    const unsigned port = vm["port"].as<unsigned>();
    const std::size_t count = live::default_listeners(spec, "127.0.0.1", 0).size();
    if (port != 0 && port + count - 1 > 65535) return bad("--port " + std::to_string(port) + ": too high");
    listeners = live::default_listeners(spec, "127.0.0.1", static_cast<std::uint16_t>(port));
  }
  if (const std::string problem = live::check_listeners(listeners, spec, vm.count("allow-remote") > 0);
      !problem.empty()) {
    return bad(problem);
  }

  // Who real clients are in the world.
  std::uint32_t client_ip = live::default_client_ip(spec);
  if (vm.count("client-ip")) {
    const auto ip = scenario::parse_ipv4(vm["client-ip"].as<std::string>());
    if (!ip) return bad("--client-ip: " + ip.error());
    client_ip = ip.value();
  }
  const auto message_class = scenario::message_class_from_string(vm["class"].as<std::string>());
  if (!message_class) return bad("--class: expected ham or spam");
  const double speed = vm["speed"].as<double>();
  if (!(speed > 0) || speed > 1e6) return bad("--speed: expected a positive number, at most 1000000");
  const auto timeout = scenario::parse_duration(vm["timeout"].as<std::string>());
  if (!timeout || timeout.value() < sim::kMillisecond) {
    return bad("--timeout: " + (timeout ? std::string("expected at least 1ms") : timeout.error()));
  }
  std::optional<sim::SimTime> until;
  if (vm.count("until")) {
    const auto parsed = scenario::parse_duration(vm["until"].as<std::string>());
    if (!parsed || parsed.value() <= 0) {
      return bad("--until: " + (parsed ? std::string("expected a positive duration") : parsed.error()));
    }
    until = parsed.value();
  }
  RunOptions run;
  const auto choice = report::TranscriptChoice::parse(
      vm.count("transcripts") ? vm["transcripts"].as<std::vector<std::string>>() : std::vector<std::string>{"none"},
      error);
  if (!choice) return bad(error);
  run.transcripts = *choice;
  run.explain = vm.count("explain") > 0;
  run.trace = vm.count("no-trace") == 0;
  const bool quiet = vm.count("quiet") > 0;
  const std::uint32_t agent = live::add_live_client(spec, client_ip, *message_class, listeners);
  const std::filesystem::path dir = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                                    : std::filesystem::path("out") / (spec.name + "-live");
  run.out_dir = dir;

  try {
    RunOutputs outputs(spec, run);
    const auto live_node = static_cast<std::uint32_t>(spec.mtas.size() + agent);
    live::LiveObserver observer(outputs.recorder(), live_node, vm["live-transcripts"].as<std::uint64_t>());
    world::World world(spec, observer);
    outputs.recorder().bind(world.topology(), world.mta_count());
    world.start(spec.duration);

    live::ServeOptions serve;
    serve.listeners = listeners;
    serve.client_agent = agent;
    serve.speed = speed;
    serve.idle_timeout = std::chrono::milliseconds(timeout.value() / sim::kMillisecond);
    serve.until = until;
    serve.log = quiet ? nullptr : &out;
    serve.status = !quiet && isatty(STDERR_FILENO) ? &err : nullptr;
    live::LiveServer server(world, serve);
    const std::vector<live::BoundListener> bound = server.bind();

    out << "relaysim serve: scenario " << spec.name << ", simulated time runs at " << speed
        << "x the wall clock from 00:00:00\n"
        << "Real clients appear in the world as " << spec.agents[agent].name << " ["
        << mta::format_ipv4(client_ip) << "], sending " << world::class_name(*message_class)
        << "; nothing is ever sent to the real network.\n\n";
    print_listeners(out, spec, bound);
    out << "\nTry: swaks --server " << bound.front().endpoint << " --to someone@"
        << outside_domain(spec, bound.front().listener.mta) << "\n"
        << "Ctrl-C stops and writes the outputs into " << dir.string() << "/\n\n"
        << std::flush;
    if (vm.count("ports-file")) {
      std::string lines;
      for (const auto& b : bound) {
        lines += b.endpoint + " " + spec.mtas[b.listener.mta].name + " " + role(b.listener) + "\n";
      }
      report::write_file_atomically(vm["ports-file"].as<std::string>(), lines);
    }

    const live::ServeTotals totals = server.run();
    world.finish();
    const RunResult result = outputs.finish(world, totals.reached);
    if (!quiet) {
      out << "\nStopped at simulated time " << report::clock_time(totals.reached) << " ("
          << (totals.interrupted ? "interrupted" : "--until reached") << "): " << totals.connections
          << " connection(s) from real clients";
      if (totals.turned_away) out << ", " << totals.turned_away << " turned away (max_sessions)";
      if (totals.timed_out) out << ", " << totals.timed_out << " timed out";
      out << "; " << observer.live_messages_accepted() << " message(s) with " << observer.live_copies_accepted()
          << " recipient copy(ies) accepted from them.\n\n"
          << report::summary_table(result.totals) << "\nOutputs in " << dir.string()
          << "/ (summary.json, trace.jsonl, transcripts/, topology.json);\n"
          << "draw them with: relaysim render " << dir.string() << "\n";
    }
  } catch (const std::exception& e) {
    err << "relaysim serve: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace relaysim::cli

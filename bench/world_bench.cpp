// End-to-end benchmark: a generated world of many MTAs and users, run through the whole
// model (SMTP sessions, relay policy, queues, recorder without trace). Prints events/s,
// messages/s and peak memory. Usage: world_bench [MTAS] [MESSAGES]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "report/recorder.h"
#include "world/world.h"

using namespace relaysim;

namespace {

std::string domain_name(std::uint32_t i) { return "d" + std::to_string(i) + ".example"; }

// MTA i serves domain i; user i submits to MTA i (port 587, AUTH) and writes to five
// addresses at other domains, so every message crosses two SMTP sessions.
world::WorldConfig generate(std::uint32_t mtas, std::uint64_t messages, sim::SimTime duration) {
  world::WorldConfig config;
  config.seed = 1;
  config.duration = duration;
  for (std::uint32_t i = 0; i < mtas; ++i) {
    world::MtaNodeConfig m;
    m.name = "mx." + domain_name(i);
    m.ip = (10u << 24) + i + 1;
    m.policy = mta::PolicyPreset::Authenticated;
    m.relay_restrictions = {mta::Restriction::PermitMynetworks, mta::Restriction::PermitSaslAuthenticated,
                            mta::Restriction::RejectUnauthDestination};
    m.mydestination = {domain_name(i)};
    m.mynetworks = {{m.ip, 32}};
    m.sasl_users = {{"user", "secret"}};
    m.submission = true;
    config.mtas.push_back(std::move(m));
    world::DomainRecords domain;
    domain.name = domain_name(i);
    domain.mx = {{"mx." + domain_name(i), 10}};
    config.domains.push_back(std::move(domain));
  }
  const double hours = static_cast<double>(duration) / sim::kHour;
  for (std::uint32_t i = 0; i < mtas; ++i) {
    world::AgentConfig a;
    a.name = "user" + std::to_string(i);
    a.address = "user@" + domain_name(i);
    a.via = {config.mtas[i].name};
    a.login = "user";
    a.password = "secret";
    a.messages = messages / mtas;
    a.rate_per_hour = 1.2 * static_cast<double>(*a.messages) / hours;  // finishes before the end
    for (std::uint32_t k = 1; k <= 5; ++k) a.to.push_back("rcpt" + std::to_string(k) + "@" + domain_name((i * 7919u + k * 104729u) % mtas));
    config.agents.push_back(std::move(a));
  }
  return config;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint32_t mtas = argc > 1 ? static_cast<std::uint32_t>(std::strtoul(argv[1], nullptr, 10)) : 10000;
  const std::uint64_t messages = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000000;
  const sim::SimTime duration = 24 * sim::kHour;

  const auto t0 = std::chrono::steady_clock::now();
  const world::WorldConfig config = generate(mtas, messages, duration);
  // The generated configuration stands in for a loaded scenario; "build" is the world alone.
  const auto t_config = std::chrono::steady_clock::now();
  report::RecorderOptions options;
  options.transcripts.mode = report::TranscriptChoice::Mode::None;
  report::Recorder recorder(options);
  world::World world(config, recorder);
  recorder.bind(world.topology(), world.mta_count());
  const auto t1 = std::chrono::steady_clock::now();
  world.run(duration);
  const auto t2 = std::chrono::steady_clock::now();
  const report::RunTotals totals = recorder.totals("bench", 1, duration, world.events());

  const double config_s = std::chrono::duration<double>(t_config - t0).count();
  const double build_s = std::chrono::duration<double>(t1 - t_config).count();
  const double run_s = std::chrono::duration<double>(t2 - t1).count();
  const std::uint64_t submitted = world.messages_created();
  std::printf("world_bench: %u MTAs, %llu messages (%llu recipient copies)\n", mtas,
              static_cast<unsigned long long>(submitted),
              static_cast<unsigned long long>(totals.classes[0].submitted));
  std::printf("  config         %8.2f s\n", config_s);
  std::printf("  build          %8.2f s\n", build_s);
  std::printf("  run            %8.2f s\n", run_s);
  std::printf("  events         %12llu  (%.2f M events/s)\n", static_cast<unsigned long long>(world.events()),
              static_cast<double>(world.events()) / run_s / 1e6);
  std::printf("  messages/s     %12.0f\n", static_cast<double>(submitted) / run_s);
  std::printf("  delivered      %12llu\n", static_cast<unsigned long long>(totals.classes[0].fates[0]));
  std::printf("  peak memory    %8.1f MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
  return 0;
}

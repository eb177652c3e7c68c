// What `relaysim serve` decided from its command line that shapes the world and its outputs,
// and the one way both serve and `relaysim recover` (from a journal's header) build that world.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mail/mailbox_writer.h"
#include "live/listen_plan.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_spec.h"

namespace relaysim::live {

struct LiveSetup {
  std::string scenario_file;           // as given on the command line (diagnostics name it)
  std::string scenario_path;           // the same, absolute: recover may run from elsewhere
  std::string scenario_text;           // the file's text when serve started
  std::vector<std::string> overrides;  // --set PATH=VALUE, in order
  std::uint32_t client_ip = 0;         // the simulated address of real clients
  world::MessageClass message_class = world::MessageClass::Ham;
  struct Face {
    std::string mta;
    bool submission = false;
  };
  std::vector<Face> listeners;               // which MTAs real clients could reach, in what role
  std::vector<std::string> transcripts{"none"};  // --transcripts, for the simulated agents' mail
  std::uint64_t live_transcripts = 100;
  bool explain = false;
  bool trace = true;
  std::string language = "en";  // --lang: the outputs' language, which recover keeps
  std::optional<mail::MailboxFormat> mailboxes;  // --mailboxes: real clients' messages kept as sent
};

// The scenario as the setup has it, overrides applied, checked against `limits` (recover, which
// must take again what serve took, passes none). Throws scenario::ScenarioError.
scenario::ScenarioSpec read_scenario(const LiveSetup& setup, const scenario::LoadLimits& limits);

// The scenario with the host that stands for real clients added (add_live_client).
struct LiveScenario {
  scenario::ScenarioSpec spec;
  std::uint32_t client_agent = 0;  // its index in spec.agents
  std::uint32_t live_node = 0;     // its node in the world (MTAs come first)
};
// Throws std::runtime_error when a listener names an MTA the scenario does not have.
LiveScenario with_live_client(scenario::ScenarioSpec spec, const LiveSetup& setup);

}  // namespace relaysim::live

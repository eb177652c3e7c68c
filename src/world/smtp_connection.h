// One SMTP connection between a sending host and a simulated MTA: both session state
// machines, the command or reply in flight, and which queued copies it carries.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "mta/relay_policy.h"
#include "sim/sim_time.h"
#include "smtp/client_session.h"
#include "smtp/command.h"
#include "smtp/reply.h"
#include "smtp/server_session.h"
#include "world/connection_policy.h"
#include "world/entry_ref.h"
#include "world/handover.h"
#include "world/world_observer.h"

namespace relaysim::world {

struct SmtpConnection {
  EntryRef source;
  std::uint32_t message = 0;  // message slot
  SessionInfo info;
  sim::SimTime latency = 0;
  bool connect_failed = false;
  bool server_open = false;
  smtp::ClientSession client;
  std::optional<ConnectionPolicy> policy;  // what the server session asks; before `server`, which refers to it
  std::optional<smtp::ServerSession> server;
  // The message the server took at the end of DATA, acted on (delivered here or queued for its
  // next hop) once the server's reply has been made, not from inside the server session.
  std::optional<EndOfData> taken;
  // In flight: the commands sent together (one, or a PIPELINING group), then their replies
  // and, per reply, the reason for transcripts. Capacity is reused between sessions.
  std::vector<smtp::Command> commands;
  std::vector<smtp::Reply> replies;
  std::vector<ReplyReason> reasons;
  sim::SimTime commands_sent = 0;
  std::uint32_t rcpts_answered = 0;  // RCPT commands the server has answered so far
  std::vector<std::string_view> recipients;  // forward paths in this session (views into the entry)
  int warming_step = 0;  // how far warming the recipients' routes has gone (WorldState::warm_routes)
  std::vector<bool> rcpt_accepted;           // per recipient: RCPT got 2xx
  std::vector<mta::Destination> destinations;  // per answered recipient: where the server resolved it
};

}  // namespace relaysim::world

// What passes from a server session to the queue manager at the end of DATA: cleanup's answer,
// and for a message taken the recipients the server accepted and where each one resolved.
#pragma once

#include <cstdint>
#include <span>

#include "mta/relay_policy.h"
#include "smtp/reply.h"
#include "world/authentication.h"
#include "world/message.h"
#include "world/world_observer.h"

namespace relaysim::world {

// The answer to the end of DATA: the reply, and for a message taken (250) its folder.
struct EndOfData {
  smtp::Reply reply;
  bool taken = false;
  Folder folder = Folder::Inbox;
  Authentication authentication;  // what the server's sender checks found
};

// A recipient the server took at RCPT.
struct TakenCopy {
  std::uint32_t index = 0;                        // the recipient's position in the message
  const mta::Destination* destination = nullptr;  // where the server resolved it
};

// A message a server took.
struct Handover {
  SessionInfo session;
  std::uint32_t message = 0;   // its slot
  std::uint32_t received = 0;  // Received headers it now carries (this server's included)
  EndOfData end_of_data;       // a 250, taken
  std::span<const TakenCopy> copies;
};

}  // namespace relaysim::world

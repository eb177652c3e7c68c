// A simulated message and the pool that holds messages while they are in flight: a slot
// is freed once every recipient's copy has reached its final state, so memory follows
// the messages in flight, not the messages simulated.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sim_time.h"
#include "sim/slot_pool.h"

namespace relaysim::world {

struct MessageTemplate;

// Probe: a relay hunter's test message, addressed to the hunter itself through a relay it tries.
enum class MessageClass : std::uint8_t { Ham, Spam, Dsn, Probe };
inline constexpr int kMessageClassCount = 4;
std::string_view class_name(MessageClass c);

// Where one recipient's copy of a message ended. Every copy ends in exactly one of these.
enum class Fate : std::uint8_t { Delivered, Rejected, Bounced, Queued };
inline constexpr int kFateCount = 4;
// Where a delivered copy was filed: the content filter, SPF/DMARC and sender reputation may
// send it to the junk folder instead of the inbox.
enum class Folder : std::uint8_t { Inbox, Junk };
std::string_view folder_name(Folder f);
std::string_view fate_name(Fate f);

// The queue id a server tells the client that handed it a message ("250 2.0.0 Ok: queued as
// 1A2B03"): the message's id, then two hex digits for the server, stable and Postfix-looking.
inline std::uint64_t queue_id_of(std::uint64_t message_id, std::uint32_t mta) { return (message_id << 8) | (mta & 0xff); }

struct Message {
  std::uint64_t id = 0;
  MessageClass message_class = MessageClass::Ham;
  std::string sender;                   // reverse path without <>; "" is the null sender
  std::vector<std::string> recipients;  // forward paths as first submitted (raw, without <>)
  std::uint64_t size = 0;
  std::uint32_t origin_node = 0;        // who submitted it (an agent's host, or an MTA for a DSN)
  sim::SimTime submitted = 0;
  std::uint32_t unsettled = 0;          // copies not yet in a final state
  std::uint32_t sessions = 0;           // SMTP sessions carrying it now (they read it until they end)
  bool transcribed = false;             // the user asked for its SMTP transcripts
  std::uint64_t about = 0;              // a DSN: the id of the message it reports on
  const MessageTemplate* content = nullptr;  // what its author wrote (an agent's message:); none for a DSN
  bool altered = false;                 // a hop changed it (a footer, a subject tag): DKIM no longer verifies
};

class MessagePool {
 public:
  // Returns the slot of a fresh message with the next id; its fields are to be filled in.
  // `recipients` still holds the slot's last list, to be assigned over: its strings keep their buffers.
  std::uint32_t create();
  Message& at(std::uint32_t slot) { return slots_[slot]; }
  const Message& at(std::uint32_t slot) const { return slots_[slot]; }
  // One copy reached its final state. The slot is recycled once every copy is final and no
  // session carries the message any more.
  void settle_one(std::uint32_t slot);
  void pin(std::uint32_t slot) { ++slots_[slot].sessions; }
  void unpin(std::uint32_t slot);
  std::size_t live() const { return slots_.in_use(); }
  // Messages some of whose copies have not reached a final state.
  std::size_t unsettled_messages() const;
  std::uint64_t created() const { return next_id_ - 1; }

 private:
  static bool in_use(const Message& m) { return m.unsettled > 0 || m.sessions > 0; }
  void release_if_done(std::uint32_t slot);

  sim::SlotPool<Message> slots_;  // stable: sessions hold views into messages while others are created
  std::uint64_t next_id_ = 1;
};

}  // namespace relaysim::world

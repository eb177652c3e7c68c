// The messages a lesson is about: the first message of each distinct outcome a copy can have
// (its class, its fate, the reply that decided it, whether it waited in a queue or was sent on
// under a rewritten address), so that transcripts and diagrams show every way mail went.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <unordered_set>
#include <vector>

#include <optional>
#include <string>

#include "text/catalog.h"
#include "report/reject_reason.h"
#include "smtp/reply.h"
#include "world/message.h"

namespace relaysim::report {

// How one recipient copy ended, in the terms that tell outcomes apart.
struct CopyOutcome {
  world::MessageClass message_class = world::MessageClass::Ham;
  world::Fate fate = world::Fate::Delivered;
  world::Folder folder = world::Folder::Inbox;  // delivered copies only
  std::uint16_t code = 0;                       // the deciding reply; 0 when no server replied
  smtp::EnhancedStatus status;
  RejectReason reason = RejectReason::Other;  // which defence or rule (554 5.7.1 is relaying or a blocklist)
  bool deferred = false;   // it waited in a queue on the way
  bool rewritten = false;  // a relay passed it on under the address it resolved

  auto key() const {
    return std::tuple{message_class, fate,     folder,   code,     status.klass,
                      status.subject, status.detail, reason, deferred, rewritten};
  }
  bool operator<(const CopyOutcome& other) const { return key() < other.key(); }
  friend bool operator==(const CopyOutcome&, const CopyOutcome&) = default;
  // "spam refused with 554 5.7.1", "ham delivered to the inbox after waiting in a queue".
  std::string describe(const text::Catalog& catalog = {}) const;
};

// A copy's outcome as summary.json names its fields (class, fate, folder, code, status, reason,
// deferred, rewritten), written and read through this one struct; nullopt for a name it lacks.
struct OutcomeFields {
  std::string message_class, fate, folder, status, reason;
  std::uint16_t code = 0;
  bool deferred = false, rewritten = false;
};
OutcomeFields fields_of(const CopyOutcome& outcome);
std::optional<CopyOutcome> outcome_from(const OutcomeFields& fields);

struct KeyMessage {
  std::uint64_t id = 0;
  CopyOutcome outcome;  // of its first copy to end, for a named one
  bool named = false;   // named by the scenario (key_messages:)
  friend bool operator==(const KeyMessage&, const KeyMessage&) = default;

  std::string describe(const text::Catalog& catalog = {}) const {
    return outcome.describe(catalog) + (named ? catalog.tr(" (named by the scenario)") : "");
  }
};

class KeyMessages {
 public:
  static constexpr std::size_t kMost = 12;

  // `named`: the scenario's key_messages, listed first whatever their outcome.
  explicit KeyMessages(std::vector<std::uint64_t> named = {}) : named_(std::move(named)) {}

  void deferred(std::uint64_t message) { deferred_.insert(message); }
  void rewritten(std::uint64_t message) { rewritten_.insert(message); }
  // A copy of `message` ended (its deferred and rewritten flags are filled in here).
  void settled(std::uint64_t message, CopyOutcome outcome);

  // The named messages that exist, then the first message of each outcome, the rarer ends
  // first (refused, bounced, queued, then delivered after a detour, then plainly delivered),
  // at most kMost found ones.
  std::vector<KeyMessage> chosen() const;

 private:
  std::vector<std::uint64_t> named_;
  std::vector<KeyMessage> named_seen_;  // the first copy's outcome of each named message
  std::unordered_set<std::uint64_t> deferred_, rewritten_;  // messages with a copy so
  std::set<CopyOutcome> seen_;
  std::vector<KeyMessage> first_;  // in the order the outcomes were first seen
};

}  // namespace relaysim::report

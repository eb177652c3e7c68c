#include "report/key_messages.h"

#include <algorithm>

namespace relaysim::report {
namespace {

// Rarer ends teach more: refused first, a plain delivery last.
int rank(const CopyOutcome& o) {
  switch (o.fate) {
    case world::Fate::Rejected: return 0;
    case world::Fate::Bounced: return 1;
    case world::Fate::Queued: return 2;
    case world::Fate::Delivered: break;
  }
  if (o.rewritten || o.deferred) return 3;
  return o.folder == world::Folder::Junk ? 4 : 5;
}

std::string reply_words(const CopyOutcome& o) {
  std::string status = std::to_string(o.status.klass) + "." + std::to_string(o.status.subject) + "." +
                       std::to_string(o.status.detail);
  if (o.code == 0) return o.status.klass ? "no server answering (" + status + ")" : "no server answering";
  std::string words = std::to_string(o.code) + (o.status.klass ? " " + status : "");
  if (o.reason != RejectReason::Other) {
    std::string name(reject_reason_name(o.reason));
    std::replace(name.begin(), name.end(), '_', ' ');
    words += " (" + name + ")";
  }
  return words;
}

}  // namespace

std::string CopyOutcome::describe() const {
  std::string text(world::class_name(message_class));
  switch (fate) {
    case world::Fate::Delivered:
      text += folder == world::Folder::Junk ? " delivered to the junk folder" : " delivered to the inbox";
      break;
    case world::Fate::Rejected: text += " refused with " + reply_words(*this); break;
    case world::Fate::Bounced: text += " bounced after " + reply_words(*this); break;
    case world::Fate::Queued: text += " still queued at the end"; break;
  }
  if (rewritten) text += ", passed on under a rewritten address";
  if (deferred) text += ", after waiting in a queue";
  return text;
}

void KeyMessages::settled(std::uint64_t message, CopyOutcome outcome) {
  outcome.deferred = deferred_.contains(message);
  outcome.rewritten = rewritten_.contains(message);
  if (outcome.fate != world::Fate::Delivered) outcome.folder = world::Folder::Inbox;
  if (seen_.insert(outcome).second) first_.push_back({message, outcome});
  const bool named = std::find(named_.begin(), named_.end(), message) != named_.end();
  if (named && std::none_of(named_seen_.begin(), named_seen_.end(), [message](const KeyMessage& k) { return k.id == message; })) {
    named_seen_.push_back({message, outcome, true});
  }
}

std::vector<KeyMessage> KeyMessages::chosen() const {
  std::vector<KeyMessage> chosen = first_;
  std::stable_sort(chosen.begin(), chosen.end(), [](const KeyMessage& a, const KeyMessage& b) {
    return std::pair{rank(a.outcome), a.id} < std::pair{rank(b.outcome), b.id};
  });
  // The scenario's in its order; one message stands for all its outcomes, at its first place.
  std::vector<KeyMessage> unique;
  for (const std::uint64_t id : named_) {
    const auto it = std::find_if(named_seen_.begin(), named_seen_.end(), [id](const KeyMessage& k) { return k.id == id; });
    const bool again = std::any_of(unique.begin(), unique.end(), [id](const KeyMessage& u) { return u.id == id; });
    if (it != named_seen_.end() && !again) unique.push_back(*it);
  }
  const std::size_t limit = unique.size() + kMost;
  for (const KeyMessage& k : chosen) {
    const bool again = std::any_of(unique.begin(), unique.end(), [&](const KeyMessage& u) { return u.id == k.id; });
    if (!again && unique.size() < limit) unique.push_back(k);
  }
  return unique;
}

}  // namespace relaysim::report

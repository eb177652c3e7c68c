#include "report/key_messages.h"

#include <algorithm>
#include <cstdio>
#include <type_traits>

#include "report/reader_words.h"

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

std::string reply_words(const CopyOutcome& o, const text::Catalog& catalog) {
  const std::string status = smtp::enhanced_status_text(o.status);
  if (o.code == 0) {
    return o.status.klass ? catalog.tr("no server answering ({1})", {status}) : catalog.tr("no server answering");
  }
  std::string words = std::to_string(o.code) + (o.status.klass ? " " + status : "");
  if (o.reason != RejectReason::Other) words += " (" + reject_reason_words(o.reason, catalog) + ")";
  return words;
}

}  // namespace

std::string CopyOutcome::describe(const text::Catalog& catalog) const {
  const std::string cls = class_words(message_class, catalog);
  std::string text;
  switch (fate) {
    case world::Fate::Delivered:
      text = folder == world::Folder::Junk ? catalog.tr("{1} delivered to the junk folder", {cls})
                                           : catalog.tr("{1} delivered to the inbox", {cls});
      break;
    case world::Fate::Rejected: text = catalog.tr("{1} refused with {2}", {cls, reply_words(*this, catalog)}); break;
    case world::Fate::Bounced: text = catalog.tr("{1} bounced after {2}", {cls, reply_words(*this, catalog)}); break;
    case world::Fate::Queued: text = catalog.tr("{1} still queued at the end", {cls}); break;
  }
  if (rewritten) text += catalog.tr(", passed on under a rewritten address");
  if (deferred) text += catalog.tr(", after waiting in a queue");
  return text;
}

OutcomeFields fields_of(const CopyOutcome& o) {
  OutcomeFields f;
  f.message_class = world::class_name(o.message_class);
  f.fate = world::fate_name(o.fate);
  f.folder = world::folder_name(o.folder);
  f.code = o.code;
  if (o.status.klass) {
    f.status = smtp::enhanced_status_text(o.status);
  }
  f.reason = reject_reason_name(o.reason);
  f.deferred = o.deferred;
  f.rewritten = o.rewritten;
  return f;
}

std::optional<CopyOutcome> outcome_from(const OutcomeFields& f) {
  CopyOutcome o;
  const auto find = [](auto count, auto name_of, std::string_view name, auto& out) {
    for (int i = 0; i < count; ++i) {
      using E = std::remove_reference_t<decltype(out)>;
      if (name_of(static_cast<E>(i)) == name) {
        out = static_cast<E>(i);
        return true;
      }
    }
    return false;
  };
  if (!find(world::kMessageClassCount, world::class_name, f.message_class, o.message_class) ||
      !find(4, world::fate_name, f.fate, o.fate) || !find(2, world::folder_name, f.folder, o.folder) ||
      !find(kRejectReasonCount, reject_reason_name, f.reason, o.reason)) {
    return std::nullopt;
  }
  unsigned klass = 0, subject = 0, detail = 0;
  if (!f.status.empty() && std::sscanf(f.status.c_str(), "%u.%u.%u", &klass, &subject, &detail) != 3) return std::nullopt;
  o.status = {static_cast<std::uint8_t>(klass), static_cast<std::uint8_t>(subject), static_cast<std::uint16_t>(detail)};
  o.code = f.code;
  o.deferred = f.deferred;
  o.rewritten = f.rewritten;
  return o;
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

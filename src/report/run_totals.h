// The counts a run ends with, per message class and per MTA: what summary.json (summary_record.h)
// and the summary table show. Message counts are per recipient copy: a message to three
// recipients counts three times, because each copy can meet a different fate.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "text/catalog.h"
#include "report/key_messages.h"
#include "smtp/reply.h"
#include "world/message.h"

namespace relaysim::report {

struct ClassTotals {
  std::uint64_t submitted = 0;
  std::array<std::uint64_t, world::kFateCount> fates{};  // indexed by world::Fate
  std::uint64_t settled() const;
};

// MAIL and RCPT refusals by enhanced status, counted as they come without building the
// status's text (a handful of distinct statuses per MTA, so a short list).
class StatusCounts {
 public:
  void count(const smtp::EnhancedStatus& status);
  // By status text ("5.7.1"), in text order, as the outputs list them.
  std::map<std::string, std::uint64_t> by_text() const;

 private:
  std::vector<std::pair<smtp::EnhancedStatus, std::uint64_t>> counts_;
};

struct MtaTotals {
  std::string name;
  std::uint64_t sessions = 0;
  std::uint64_t accepted = 0;   // recipient copies taken at the end of DATA
  std::uint64_t relayed = 0;    // of those, copies to pass on to another server
  std::uint64_t delivered = 0;  // copies put into a local mailbox
  std::uint64_t deferred = 0;   // delivery attempts that left a copy in the queue
  StatusCounts rejected;
};

struct RunTotals {
  std::string scenario;
  std::uint64_t seed = 0;
  std::int64_t sim_time = 0;  // microseconds
  std::uint64_t events = 0;
  std::array<ClassTotals, world::kMessageClassCount> classes{};  // indexed by world::MessageClass
  std::vector<MtaTotals> mtas;
  std::vector<KeyMessage> key_messages;  // the first message of each distinct outcome
};

std::string summary_table(const RunTotals& totals, const text::Catalog& catalog = {});

}  // namespace relaysim::report

// metrics.csv: the run cut into intervals of simulated time, one row per interval with the
// counts of that interval alone (not cumulative), each row naming its run so that the files
// of many runs can be concatenated and analysed together with pandas or R.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/reject_reason.h"
#include "sim/sim_time.h"
#include "smtp/reply.h"
#include "text/catalog.h"
#include "world/message.h"

namespace relaysim::report {

struct MetricsContext {
  std::string scenario;
  std::string variant;
  std::uint64_t seed = 0;
  sim::SimTime interval = sim::kHour;  // must be positive
};

// Columns: scenario, variant, seed, interval_start_s, interval_end_s (seconds; whole seconds
// print without decimals), then per recipient copy, as summary.json counts:
//   ham_submitted, spam_submitted    copies that entered the world
//   ham_inbox ... spam_junk          copies delivered, by the folder they were filed in
//   ham_rejected, spam_rejected      copies refused
//   rejected_<reason>                ham, spam and probe copies refused by a server, by the reply that
//                                    refused them: rejected to their sender, or bounced by a relay that
//                                    held them (DSNs are left out: they are the world's own mail, not traffic)
//   bounced                          copies of any class returned as undeliverable
//   queued (gauge)                   copies of any class not final at the interval's end, in a queue
//                                    or in transit; a copy still queued when the run ends stays counted
//   probes, relays_found             relay-hunting probes sent; open relays new to spammers
//   open_relays_known, listed_addresses (gauges)
//   opens, clicks, complaints        recipients' reactions to delivered ham and spam
//   ham_opens, ham_clicks            of those, the ham's (a newsletter's engagement: per delivered ham copy)
// A gauge's value is the one at the interval's end: it carries forward until it changes.
// An event at an interval boundary belongs to the later interval; one at the run's end to the last.
class MetricsTable {
 public:
  explicit MetricsTable(MetricsContext context);

  // A message entered the world with `copies` recipient copies.
  void submitted(sim::SimTime t, world::MessageClass c, std::uint32_t copies);
  // One copy reached its final state. `folder` matters only for Delivered; `reason` (the reply
  // that decided it) only for Rejected. Fate::Queued, reported at the run's end, leaves it queued.
  void settled(sim::SimTime t, world::MessageClass c, world::Fate fate, world::Folder folder,
               const smtp::Reply& reason);
  void probe_sent(sim::SimTime t);                          // a relay-hunting probe transaction
  void relay_found(sim::SimTime t);                         // an open relay new to spammers as a whole
  void open_relays_known(sim::SimTime t, std::uint32_t n);  // gauge: distinct relays known to a spammer
  void listed_addresses(sim::SimTime t, std::uint32_t n);   // gauge: addresses listed in any blocklist
  // A recipient's reaction to a delivered copy of class `c`.
  void reacted(sim::SimTime t, world::MessageClass c, bool opened, bool clicked, bool complained);

  // Closes the table at the end of the run (the last interval may be shorter). Later events
  // count in the last interval.
  void finish(sim::SimTime end);
  // Header + one row per interval from 0 to the end, empty intervals included.
  std::string csv() const;
  // Every metric summed over the run (gauges: their value at the end), in column order.
  std::vector<std::pair<std::string, double>> run_totals() const;
  // What a column counts, in words for a table's reader (a text for text::Catalog); nullptr
  // for a name that is no column.
  static const char* description(std::string_view name);

 private:
  enum Metric : std::size_t {
    kHamSubmitted, kSpamSubmitted, kHamInbox, kHamJunk, kSpamInbox, kSpamJunk, kHamRejected, kSpamRejected,
    kRejectedByReason,  // kRejectReasonCount columns, in RejectReason order
    kBounced = kRejectedByReason + kRejectReasonCount,
    kQueued, kProbes, kRelaysFound, kOpenRelaysKnown, kListedAddresses, kOpens, kClicks, kComplaints,
    kHamOpens, kHamClicks, kMetricCount
  };
  static constexpr std::array<std::string_view, kMetricCount> kMetricNames = {
      "ham_submitted", "spam_submitted", "ham_inbox", "ham_junk", "spam_inbox", "spam_junk", "ham_rejected",
      "spam_rejected", "rejected_relay_denied", "rejected_unknown_user", "rejected_blocklisted",
      "rejected_greylisted", "rejected_spf", "rejected_dmarc", "rejected_content", "rejected_rate_limited",
      "rejected_other", "bounced", "queued", "probes", "relays_found", "open_relays_known", "listed_addresses",
      "opens", "clicks", "complaints", "ham_opens", "ham_clicks"};
  static constexpr std::array<const char*, kMetricCount> kMetricDescriptions = {
      text::N_("ham copies sent"), text::N_("spam copies sent"), text::N_("ham in an inbox"), text::N_("ham in a junk folder"),
      text::N_("spam in an inbox"), text::N_("spam in a junk folder"), text::N_("ham refused"), text::N_("spam refused"),
      text::N_("refused: relay access denied"), text::N_("refused: unknown user"), text::N_("refused: blocklisted"),
      text::N_("refused: greylisted"), text::N_("refused: SPF"), text::N_("refused: DMARC"), text::N_("refused: content"),
      text::N_("refused: rate limited"), text::N_("refused: other reasons"), text::N_("bounced to the sender"),
      text::N_("still queued at the end"), text::N_("relay-hunting probes"), text::N_("open relays found"),
      text::N_("open relays spammers know"), text::N_("addresses on a blocklist"), text::N_("copies opened"),
      text::N_("links clicked"), text::N_("spam complaints"), text::N_("ham copies opened"),
      text::N_("ham links clicked")};
  using Values = std::array<std::int64_t, kMetricCount>;
  static constexpr std::int64_t kUnset = -1;

  // What one interval saw. Counts in their slots; in a settable gauge's slot its last value set
  // in the interval, or kUnset; in queued's slot the copies that entered minus those that
  // became final (the gauge is their running sum, which keeps each event O(1)).
  struct Row {
    Values slots{};
    Row() { slots[kOpenRelaysKnown] = slots[kListedAddresses] = kUnset; }
  };

  static bool is_set_gauge(std::size_t m) { return m == kOpenRelaysKnown || m == kListedAddresses; }
  static bool is_gauge(std::size_t m) { return m == kQueued || is_set_gauge(m); }
  static void fold(Row& into, const Row& later);
  Row& row(sim::SimTime t);
  void delivered(Row& r, world::MessageClass c, world::Folder folder);
  void rejected(Row& r, world::MessageClass c, const smtp::Reply& reason);
  void count_reason(Row& r, world::MessageClass c, const smtp::Reply& reason);
  // Every interval's values as the columns show them: gauges carried forward, queued summed.
  std::vector<Values> resolved() const;
  sim::SimTime interval_end(std::size_t i) const;

  MetricsContext context_;
  std::vector<Row> rows_;
  std::optional<sim::SimTime> end_;  // set by finish()
};

}  // namespace relaysim::report

#include "report/metrics_table.h"

#include <algorithm>
#include <stdexcept>

#include "report/csv_field.h"
#include "report/seconds_text.h"

namespace relaysim::report {

MetricsTable::MetricsTable(MetricsContext context) : context_(std::move(context)) {
  if (context_.interval <= 0) throw std::invalid_argument("metrics interval must be positive");
}

MetricsTable::Row& MetricsTable::row(sim::SimTime t) {
  const auto index = static_cast<std::size_t>(std::max<sim::SimTime>(t, 0) / context_.interval);
  // Once finished the rows are fixed; until then a row at the end's boundary is folded by finish().
  if (end_) return rows_[std::min(index, rows_.size() - 1)];
  if (index >= rows_.size()) rows_.resize(index + 1);
  return rows_[index];
}

void MetricsTable::submitted(sim::SimTime t, world::MessageClass c, std::uint32_t copies) {
  Row& r = row(t);
  if (c == world::MessageClass::Ham) r.slots[kHamSubmitted] += copies;
  if (c == world::MessageClass::Spam) r.slots[kSpamSubmitted] += copies;
  r.slots[kQueued] += copies;
}

void MetricsTable::settled(sim::SimTime t, world::MessageClass c, world::Fate fate, world::Folder folder,
                           const smtp::Reply& reason) {
  Row& r = row(t);
  switch (fate) {
    case world::Fate::Delivered: delivered(r, c, folder); break;
    case world::Fate::Rejected: rejected(r, c, reason); break;
    case world::Fate::Bounced:
      ++r.slots[kBounced];
      count_reason(r, c, reason);
      break;
    case world::Fate::Queued: return;  // the run ended with the copy still in a queue
  }
  --r.slots[kQueued];
}

void MetricsTable::delivered(Row& r, world::MessageClass c, world::Folder folder) {
  const bool inbox = folder == world::Folder::Inbox;
  if (c == world::MessageClass::Ham) ++r.slots[inbox ? kHamInbox : kHamJunk];
  if (c == world::MessageClass::Spam) ++r.slots[inbox ? kSpamInbox : kSpamJunk];
}

void MetricsTable::rejected(Row& r, world::MessageClass c, const smtp::Reply& reason) {
  if (c == world::MessageClass::Dsn) return;
  if (c == world::MessageClass::Ham) ++r.slots[kHamRejected];
  if (c == world::MessageClass::Spam) ++r.slots[kSpamRejected];
  count_reason(r, c, reason);
}

// A refusal counts by its reason whether the refused copy went back to its sender (rejected)
// or a relay that held it had to return it (bounced): either way a server refused it.
void MetricsTable::count_reason(Row& r, world::MessageClass c, const smtp::Reply& reason) {
  if (c == world::MessageClass::Dsn) return;
  ++r.slots[kRejectedByReason + static_cast<std::size_t>(reject_reason(reason))];
}

void MetricsTable::probe_sent(sim::SimTime t) { ++row(t).slots[kProbes]; }

void MetricsTable::relay_found(sim::SimTime t) { ++row(t).slots[kRelaysFound]; }

void MetricsTable::open_relays_known(sim::SimTime t, std::uint32_t n) { row(t).slots[kOpenRelaysKnown] = n; }

void MetricsTable::listed_addresses(sim::SimTime t, std::uint32_t n) { row(t).slots[kListedAddresses] = n; }

void MetricsTable::reacted(sim::SimTime t, world::MessageClass c, bool opened, bool clicked, bool complained) {
  Row& r = row(t);
  r.slots[kOpens] += opened;
  r.slots[kClicks] += clicked;
  r.slots[kComplaints] += complained;
  if (c != world::MessageClass::Ham) return;
  r.slots[kHamOpens] += opened;
  r.slots[kHamClicks] += clicked;
}

void MetricsTable::fold(Row& into, const Row& later) {
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    if (!is_set_gauge(m)) {
      into.slots[m] += later.slots[m];
    } else if (later.slots[m] != kUnset) {
      into.slots[m] = later.slots[m];
    }
  }
}

void MetricsTable::finish(sim::SimTime end) {
  end = std::max<sim::SimTime>(end, 0);
  // Intervals cover [0, end]; a run of exactly k intervals has k rows, its end in the last.
  const auto count = static_cast<std::size_t>(end == 0 ? 1 : (end + context_.interval - 1) / context_.interval);
  for (std::size_t i = count; i < rows_.size(); ++i) fold(rows_[count - 1], rows_[i]);
  rows_.resize(count);
  end_ = end;
}

std::vector<MetricsTable::Values> MetricsTable::resolved() const {
  std::vector<Values> out;
  out.reserve(rows_.size());
  Values carried{};  // the gauges as the previous interval ended
  for (const Row& r : rows_) {
    Values v = r.slots;
    v[kQueued] = carried[kQueued] += r.slots[kQueued];
    for (const std::size_t g : {kOpenRelaysKnown, kListedAddresses}) {
      if (v[g] == kUnset) v[g] = carried[g];
      carried[g] = v[g];
    }
    out.push_back(v);
  }
  return out;
}

sim::SimTime MetricsTable::interval_end(std::size_t i) const {
  const sim::SimTime full = static_cast<sim::SimTime>(i + 1) * context_.interval;
  return end_ ? std::min(full, *end_) : full;
}

std::string MetricsTable::csv() const {
  std::string out = "scenario,variant,seed,interval_start_s,interval_end_s";
  for (const std::string_view name : kMetricNames) (out += ',') += name;
  out += '\n';
  const std::vector<Values> rows = resolved();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += csv_field(context_.scenario);
    out += ',';
    out += csv_field(context_.variant);
    out += ',' + std::to_string(context_.seed) + ',';
    append_seconds_briefly(out, static_cast<sim::SimTime>(i) * context_.interval);
    out += ',';
    append_seconds_briefly(out, interval_end(i));
    for (const std::int64_t n : rows[i]) out += ',' + std::to_string(n);
    out += '\n';
  }
  return out;
}

std::vector<std::pair<std::string, double>> MetricsTable::run_totals() const {
  const std::vector<Values> rows = resolved();
  std::vector<std::pair<std::string, double>> totals;
  totals.reserve(kMetricCount);
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    std::int64_t total = 0;
    if (is_gauge(m)) {
      total = rows.empty() ? 0 : rows.back()[m];
    } else {
      for (const Values& v : rows) total += v[m];
    }
    totals.emplace_back(kMetricNames[m], static_cast<double>(total));
  }
  return totals;
}

const char* MetricsTable::description(std::string_view name) {
  const auto* found = std::find(kMetricNames.begin(), kMetricNames.end(), name);
  return found == kMetricNames.end() ? nullptr : kMetricDescriptions[static_cast<std::size_t>(found - kMetricNames.begin())];
}

}  // namespace relaysim::report

// metrics.csv: per-interval counts, gauges carried forward, boundaries, quoting, and the
// run totals experiments average.
#include "report/metrics_table.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace relaysim;
using report::MetricsTable;
using sim::kHour;
using sim::kMinute;
using sim::kSecond;
using world::Fate;
using world::Folder;
using world::MessageClass;

namespace {

MetricsTable table(sim::SimTime interval = kHour) { return MetricsTable({"lesson", "baseline", 7, interval}); }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out(1);
  for (const char ch : line) {
    if (ch == ',') {
      out.emplace_back();
    } else {
      out.back() += ch;
    }
  }
  return out;
}

// The values of one column, row by row (for tables whose names need no quoting).
std::vector<std::string> column(const MetricsTable& t, const std::string& name) {
  const std::vector<std::string> rows = lines(t.csv());
  const std::vector<std::string> header = fields(rows.at(0));
  const auto at = std::find(header.begin(), header.end(), name);
  REQUIRE(at != header.end());
  std::vector<std::string> out;
  for (std::size_t i = 1; i < rows.size(); ++i) out.push_back(fields(rows[i]).at(at - header.begin()));
  return out;
}

using Column = std::vector<std::string>;

const smtp::Reply kOk = smtp::make_reply(smtp::ReplyText::Ok);

}  // namespace

TEST_CASE("The header names the run, the interval and every metric in column order") {
  MetricsTable t = table();
  t.finish(kHour);
  CHECK(lines(t.csv()).at(0) ==
        "scenario,variant,seed,interval_start_s,interval_end_s,ham_submitted,spam_submitted,ham_inbox,ham_junk,"
        "spam_inbox,spam_junk,ham_rejected,spam_rejected,rejected_relay_denied,rejected_unknown_user,"
        "rejected_blocklisted,rejected_greylisted,rejected_spf,rejected_dmarc,rejected_content,"
        "rejected_rate_limited,rejected_other,bounced,queued,probes,relays_found,open_relays_known,"
        "listed_addresses,opens,clicks,complaints,ham_opens,ham_clicks");
  CHECK(lines(t.csv()).at(1) == "lesson,baseline,7,0,3600,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0");
}

TEST_CASE("Rows count each interval's events, not a running total") {
  MetricsTable t = table();
  t.submitted(10 * kMinute, MessageClass::Spam, 3);
  t.submitted(2 * kHour + kMinute, MessageClass::Spam, 2);
  t.probe_sent(kMinute);
  t.probe_sent(2 * kHour);
  t.reacted(2 * kHour, MessageClass::Spam, true, true, false);
  t.finish(3 * kHour);
  CHECK(column(t, "spam_submitted") == Column{"3", "0", "2"});
  CHECK(column(t, "probes") == Column{"1", "0", "1"});
  CHECK(column(t, "opens") == Column{"0", "0", "1"});
  CHECK(column(t, "clicks") == Column{"0", "0", "1"});
  CHECK(column(t, "complaints") == Column{"0", "0", "0"});
}

TEST_CASE("A newsletter's opens and clicks are counted apart from the spam's") {
  MetricsTable t = table();
  t.reacted(kMinute, MessageClass::Ham, true, true, false);
  t.reacted(2 * kMinute, MessageClass::Ham, true, false, false);
  t.reacted(3 * kMinute, MessageClass::Spam, true, true, true);
  t.finish(kHour);
  CHECK(column(t, "opens") == Column{"3"});
  CHECK(column(t, "clicks") == Column{"2"});
  CHECK(column(t, "ham_opens") == Column{"2"});
  CHECK(column(t, "ham_clicks") == Column{"1"});
}

TEST_CASE("Intervals without events are written as rows of zeros") {
  MetricsTable t = table();
  t.relay_found(4 * kHour + 1);
  t.finish(5 * kHour);
  CHECK(column(t, "interval_start_s") == Column{"0", "3600", "7200", "10800", "14400"});
  CHECK(column(t, "relays_found") == Column{"0", "0", "0", "0", "1"});
  CHECK(lines(t.csv()).at(2) == "lesson,baseline,7,3600,7200,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0");
}

TEST_CASE("A run with no events still has its intervals") {
  MetricsTable t = table();
  t.finish(2 * kHour + 30 * kMinute);
  CHECK(column(t, "interval_end_s") == Column{"3600", "7200", "9000"});
}

TEST_CASE("Gauges carry their last value forward until they change") {
  MetricsTable t = table();
  t.open_relays_known(10 * kMinute, 1);
  t.open_relays_known(20 * kMinute, 2);  // the interval ends with 2
  t.listed_addresses(kHour, 5);
  t.open_relays_known(3 * kHour, 0);
  t.finish(4 * kHour);
  CHECK(column(t, "open_relays_known") == Column{"2", "2", "2", "0"});
  CHECK(column(t, "listed_addresses") == Column{"0", "5", "5", "5"});
}

TEST_CASE("An event at an interval boundary counts in the later interval, one at the end in the last") {
  MetricsTable t = table();
  t.submitted(kHour - 1, MessageClass::Ham, 1);
  t.submitted(kHour, MessageClass::Ham, 10);
  t.submitted(2 * kHour, MessageClass::Ham, 100);  // the run's end
  t.listed_addresses(2 * kHour, 9);
  t.finish(2 * kHour);
  CHECK(column(t, "interval_end_s") == Column{"3600", "7200"});
  CHECK(column(t, "ham_submitted") == Column{"1", "110"});
  CHECK(column(t, "listed_addresses") == Column{"0", "9"});
}

TEST_CASE("Events reported after the end count in the last interval") {
  MetricsTable t = table();
  t.finish(90 * kMinute);
  t.settled(90 * kMinute, MessageClass::Spam, Fate::Queued, Folder::Inbox, {});
  t.probe_sent(5 * kHour);
  CHECK(column(t, "probes") == Column{"0", "1"});
}

TEST_CASE("The last interval ends with the run and may be shorter") {
  MetricsTable t = table(kMinute);
  t.submitted(90 * kSecond, MessageClass::Ham, 1);
  t.finish(90 * kSecond);
  CHECK(column(t, "interval_start_s") == Column{"0", "60"});
  CHECK(column(t, "interval_end_s") == Column{"60", "90"});
  CHECK(column(t, "ham_submitted") == Column{"0", "1"});
}

TEST_CASE("Times are whole seconds without decimals, fractions with up to six") {
  MetricsTable t = table(1500 * sim::kMillisecond);
  t.finish(3 * kSecond + 1);
  CHECK(column(t, "interval_start_s") == Column{"0", "1.5", "3"});
  CHECK(column(t, "interval_end_s") == Column{"1.5", "3", "3.000001"});
}

TEST_CASE("Queued is the copies not yet final at each interval's end, a copy still queued at the end included") {
  MetricsTable t = table();
  t.submitted(0, MessageClass::Ham, 3);
  t.submitted(kMinute, MessageClass::Dsn, 1);
  t.settled(30 * kMinute, MessageClass::Dsn, Fate::Delivered, Folder::Inbox, kOk);
  t.settled(90 * kMinute, MessageClass::Ham, Fate::Delivered, Folder::Inbox, kOk);
  t.settled(2 * kHour, MessageClass::Ham, Fate::Bounced, Folder::Inbox, kOk);
  t.settled(3 * kHour, MessageClass::Ham, Fate::Queued, Folder::Inbox, {});  // the run's end
  t.finish(3 * kHour);
  CHECK(column(t, "queued") == Column{"3", "2", "1"});
  CHECK(column(t, "bounced") == Column{"0", "0", "1"});
}

TEST_CASE("Rejections are counted by the reply that refused them") {
  using smtp::ReplyText;
  MetricsTable t = table();
  smtp::Reply deferred_relay = smtp::make_reply(ReplyText::RelayDenied, "a@b.example");
  deferred_relay.code = 454;
  deferred_relay.status = {4, 7, 1};
  t.submitted(0, MessageClass::Spam, 8);
  t.submitted(0, MessageClass::Probe, 1);
  t.submitted(0, MessageClass::Dsn, 1);
  for (const ReplyText text : {ReplyText::UnknownLocalUser, ReplyText::Blocklisted, ReplyText::Greylisted,
                               ReplyText::SpfFailed, ReplyText::DmarcRejected, ReplyText::ContentRejected,
                               ReplyText::RateLimited}) {
    t.settled(0, MessageClass::Spam, Fate::Rejected, Folder::Inbox, smtp::make_reply(text, "a@b.example"));
  }
  t.settled(0, MessageClass::Spam, Fate::Rejected, Folder::Inbox, smtp::make_reply(ReplyText::MessageTooBig));
  t.settled(0, MessageClass::Probe, Fate::Rejected, Folder::Inbox, deferred_relay);
  t.settled(0, MessageClass::Dsn, Fate::Rejected, Folder::Inbox, smtp::make_reply(ReplyText::UnknownLocalUser));
  t.finish(kHour);
  for (const char* name : {"rejected_relay_denied", "rejected_blocklisted", "rejected_greylisted", "rejected_spf",
                           "rejected_dmarc", "rejected_content", "rejected_rate_limited", "rejected_other"}) {
    INFO(name);
    CHECK(column(t, name) == Column{"1"});
  }
  CHECK(column(t, "rejected_unknown_user") == Column{"1"});  // the DSN's refusal is not counted
  CHECK(column(t, "spam_rejected") == Column{"8"});
  CHECK(column(t, "ham_rejected") == Column{"0"});
  CHECK(column(t, "queued") == Column{"0"});
}

TEST_CASE("Every reject reason names its rejected_ column") {
  MetricsTable t = table();
  t.finish(kHour);
  for (int r = 0; r < report::kRejectReasonCount; ++r) {
    const auto reason = static_cast<report::RejectReason>(r);
    CHECK(column(t, "rejected_" + std::string(report::reject_reason_name(reason))) == Column{"0"});
  }
  CHECK(report::reject_reason(smtp::make_reply(smtp::ReplyText::RecipientAccessDenied)) ==
        report::RejectReason::Other);
}

TEST_CASE("Scenario and variant names with commas, quotes or line breaks are quoted as RFC 4180 says") {
  MetricsTable t({"a,b", "say \"hi\"\nthere", 1, kHour});
  t.finish(kHour);
  const std::string csv = t.csv();
  CHECK(csv.substr(csv.find('\n') + 1).starts_with("\"a,b\",\"say \"\"hi\"\"\nthere\",1,0,3600,0,"));
  MetricsTable plain({"plain name", "v2", 1, kHour});
  plain.finish(kHour);
  CHECK(lines(plain.csv()).at(1).starts_with("plain name,v2,1,0,3600,"));
}

TEST_CASE("Run totals sum each count column and take each gauge's value at the end") {
  MetricsTable t = table();
  t.submitted(0, MessageClass::Ham, 2);
  t.submitted(kHour, MessageClass::Spam, 5);
  t.settled(kHour, MessageClass::Spam, Fate::Delivered, Folder::Junk, kOk);
  t.settled(3 * kHour, MessageClass::Ham, Fate::Delivered, Folder::Inbox, kOk);
  t.open_relays_known(kHour, 4);
  t.listed_addresses(2 * kHour, 3);
  t.listed_addresses(3 * kHour, 1);
  t.reacted(3 * kHour, MessageClass::Spam, true, false, true);
  t.finish(4 * kHour);
  const std::vector<std::string> header = fields(lines(t.csv()).at(0));
  const auto totals = t.run_totals();
  REQUIRE(totals.size() + 5 == header.size());
  for (std::size_t m = 0; m < totals.size(); ++m) {
    const std::string& name = header[m + 5];
    INFO(name);
    CHECK(totals[m].first == name);
    const Column values = column(t, name);
    double sum = 0;
    for (const std::string& v : values) sum += std::stod(v);
    const bool gauge = name == "queued" || name == "open_relays_known" || name == "listed_addresses";
    CHECK(totals[m].second == (gauge ? std::stod(values.back()) : sum));
  }
  const std::map<std::string, double> by_name(totals.begin(), totals.end());
  CHECK(by_name.at("queued") == 5);
  CHECK(by_name.at("listed_addresses") == 1);
  CHECK(by_name.at("open_relays_known") == 4);
  CHECK(by_name.at("spam_submitted") == 5);
}

TEST_CASE("Copies add up: submitted is inbox, junk, rejected, bounced and queued at the end") {
  MetricsTable t = table(10 * kMinute);
  const smtp::Reply denied = smtp::make_reply(smtp::ReplyText::RelayDenied, "x@victim.example");
  t.submitted(0, MessageClass::Ham, 4);
  t.submitted(5 * kMinute, MessageClass::Spam, 6);
  t.settled(12 * kMinute, MessageClass::Ham, Fate::Delivered, Folder::Inbox, kOk);
  t.settled(12 * kMinute, MessageClass::Ham, Fate::Delivered, Folder::Junk, kOk);
  t.settled(14 * kMinute, MessageClass::Spam, Fate::Rejected, Folder::Inbox, denied);
  t.settled(14 * kMinute, MessageClass::Spam, Fate::Rejected, Folder::Inbox, denied);
  t.settled(25 * kMinute, MessageClass::Spam, Fate::Delivered, Folder::Inbox, kOk);
  t.settled(31 * kMinute, MessageClass::Spam, Fate::Delivered, Folder::Junk, kOk);
  t.settled(40 * kMinute, MessageClass::Ham, Fate::Bounced, Folder::Inbox, kOk);
  t.settled(45 * kMinute, MessageClass::Spam, Fate::Queued, Folder::Inbox, {});
  t.settled(45 * kMinute, MessageClass::Spam, Fate::Queued, Folder::Inbox, {});
  t.settled(45 * kMinute, MessageClass::Ham, Fate::Queued, Folder::Inbox, {});
  t.finish(45 * kMinute);
  std::map<std::string, double> total;
  for (const auto& [name, value] : t.run_totals()) total[name] = value;
  CHECK(total["ham_submitted"] + total["spam_submitted"] ==
        total["ham_inbox"] + total["ham_junk"] + total["spam_inbox"] + total["spam_junk"] + total["ham_rejected"] +
            total["spam_rejected"] + total["bounced"] + total["queued"]);
  CHECK(total["queued"] == 3);
  CHECK(total["rejected_relay_denied"] == 2);
  CHECK(column(t, "queued") == Column{"10", "6", "5", "4", "3"});
}

// A small hand-made run for the viz tests: an open relay, a closed backup, a spammer, a user,
// with one delivered, one refused, one deferred-then-delivered and one bounced message.
#pragma once

#include "viz/run_record.h"

namespace relaysim::viz::testing {

inline TraceEvent event(double t, std::uint64_t msg, const char* cls, const char* what) {
  TraceEvent e;
  e.t = t;
  e.msg = msg;
  e.message_class = cls;
  e.event = what;
  return e;
}

inline TraceEvent rcpt(double t, std::uint64_t msg, const char* cls, const char* from, const char* to, int code,
                       const char* status, const char* who = "u@victim.example") {
  TraceEvent e = event(t, msg, cls, "rcpt");
  e.from = from;
  e.to = to;
  e.code = code;
  e.status = status;
  e.rcpt = who;
  return e;
}

inline TraceEvent settled(double t, std::uint64_t msg, const char* cls, const char* what, const char* at, int code,
                          const char* status, const char* who = "u@victim.example") {
  TraceEvent e = event(t, msg, cls, what);
  e.at = at;
  e.code = code;
  e.status = status;
  e.rcpt = who;
  return e;
}

inline TraceEvent submitted(double t, std::uint64_t msg, const char* cls, const char* from, const char* sender) {
  TraceEvent e = event(t, msg, cls, "submitted");
  e.from = from;
  e.sender = sender;
  e.recipients = 1;
  return e;
}

inline NodeRecord host(const char* name, const char* kind, const char* ip, const char* policy = "") {
  NodeRecord n;
  n.name = name;
  n.kind = kind;
  n.ip = ip;
  n.policy = policy;
  return n;
}

inline RunRecord small_run() {
  RunRecord run;
  run.dir = "small";
  TopologyRecord& t = run.topology;
  t.scenario = "small";
  t.seed = 7;
  t.duration_s = 3600;
  NodeRecord relay = host("relay", "mta", "192.0.2.10", "open");
  relay.mydestination = {"campus.example"};
  NodeRecord victim = host("mx.victim", "mta", "198.51.100.1", "authenticated");
  victim.mydestination = {"victim.example"};
  victim.outages = {{600, 1200}};
  NodeRecord backup = host("mx2.victim", "mta", "198.51.100.2", "closed");
  backup.relay_domains = {"victim.example"};
  NodeRecord spammer = host("spammer", "spammer", "203.0.113.7");
  spammer.message_class = "spam";
  spammer.via = {"relay"};
  NodeRecord alice = host("alice", "user", "100.64.0.1");
  alice.message_class = "ham";
  alice.address = "alice@campus.example";
  alice.via = {"relay"};
  t.nodes = {relay, victim, backup, spammer, alice};
  t.domains = {{"campus.example", {{"relay", 10}}, false, {}},
               {"victim.example", {{"mx.victim", 10}, {"mx2.victim", 20}}, false, {}}};
  t.links = {{"spammer", "relay", 0.12}};
  run.trace = {
      submitted(1, 1, "spam", "spammer", "offers@spam.example"),
      rcpt(2, 1, "spam", "spammer", "relay", 250, "2.1.5"),
      rcpt(3, 1, "spam", "relay", "mx.victim", 250, "2.1.5"),
      settled(3.5, 1, "spam", "delivered", "mx.victim", 250, "2.0.0"),
      submitted(10, 2, "spam", "spammer", "offers@spam.example"),
      rcpt(11, 2, "spam", "spammer", "relay", 554, "5.7.1"),
      settled(12, 2, "spam", "rejected", "spammer", 554, "5.7.1"),
      submitted(700, 3, "ham", "alice", "alice@campus.example"),
      rcpt(701, 3, "ham", "alice", "relay", 250, "2.1.5"),
      rcpt(702, 3, "ham", "relay", "mx2.victim", 250, "2.1.5"),
      [] {
        TraceEvent d = settled(703, 3, "ham", "deferred", "mx2.victim", 421, "4.4.1");
        d.retry_at = 1003;
        return d;
      }(),
      rcpt(1300, 3, "ham", "mx2.victim", "mx.victim", 250, "2.1.5"),
      settled(1301, 3, "ham", "delivered", "mx.victim", 250, "2.0.0"),
      submitted(2000, 4, "ham", "alice", "alice@campus.example"),
      rcpt(2001, 4, "ham", "alice", "relay", 250, "2.1.5", "x@nowhere.example"),
      settled(3000, 4, "ham", "bounced", "relay", 550, "5.1.2", "x@nowhere.example"),
  };
  return run;
}

}  // namespace relaysim::viz::testing

#include "viz/message_path_diagram.h"

#include <algorithm>
#include <map>
#include <vector>

#include "viz/flow_counts.h"
#include "viz/style.h"

namespace relaysim::viz {
namespace {

// RCPTs from one host to another within this many seconds belong to one delivery attempt;
// a retry comes at least 300 s later (Postfix's minimal_backoff_time).
constexpr double kAttemptGap = 60;


}  // namespace

std::vector<Hop> hops_of(const std::vector<TraceEvent>& events) {
  std::vector<Hop> hops;
  for (const TraceEvent& e : events) {
    if (e.event == "session_refused" || e.event == "connect_timeout") {
      Hop& hop = hops.emplace_back(Hop{e.from, e.to, e.t, e.t, {}, {}, e.event == "connect_timeout"});
      const std::string reply = reply_text(e.code, e.status);
      hop.replies[reply] = {};
      hop.positive[reply] = false;
      continue;
    }
    if (e.event != "rcpt") continue;
    Hop* hop = nullptr;
    for (Hop& h : hops) {
      const bool session_level = h.replies.size() == 1 && h.replies.begin()->second.empty();
      if (!session_level && h.from == e.from && h.to == e.to && e.t - h.last_t <= kAttemptGap) hop = &h;
    }
    if (!hop) hop = &hops.emplace_back(Hop{e.from, e.to, e.t, e.t, {}, {}, false, e.port, !e.login.empty()});
    hop->last_t = e.t;
    const std::string reply = reply_text(e.code, e.status);
    hop->replies[reply].push_back(e.sent_as.empty() ? e.rcpt : e.sent_as);  // as this server was asked
    hop->positive[reply] = e.positive();
  }
  return hops;
}

namespace {

bool is_mx_of(const TopologyRecord& topology, const std::string& host, const std::string& rcpt) {
  const std::string domain = rcpt.substr(rcpt.rfind('@') + 1);
  for (const DomainRecord& d : topology.domains) {
    if (d.name != domain) continue;
    for (const MxRecord& mx : d.mx) {
      if (mx.host == host) return true;
    }
  }
  return false;
}

std::string client_role(const NodeRecord* client, const text::Catalog& tr) {
  if (!client) return tr.tr("client");
  if (client->is_mta()) return tr.tr("MTA as client");
  return client->kind == "user" ? tr.tr("MUA") : tr.tr("spam software");
}

}  // namespace

std::string hop_roles(const Hop& hop, const TopologyRecord& topology, const text::Catalog& tr) {
  std::string rcpt;
  for (const auto& [reply, rcpts] : hop.replies) {
    if (!rcpts.empty()) rcpt = rcpts.front();
  }
  const std::string server = !rcpt.empty() && is_mx_of(topology, hop.to, rcpt) ? tr.tr("MX")
                             : hop.port == 587                                 ? tr.tr("MSA")
                                                                               : tr.tr("relay");
  const std::string port = hop.port == 587 && hop.authenticated ? tr.tr("port 587, AUTH")
                                                                : tr.tr("port {1}", {std::to_string(hop.port)});
  return client_role(topology.find(hop.from), tr) + " → " + server + ", " + port;
}

namespace {

std::string recipients_text(const std::vector<std::string>& rcpts, const text::Catalog& tr) {
  std::string text;
  for (std::size_t i = 0; i < rcpts.size() && i < 3; ++i) text += "\n" + rcpts[i];
  if (rcpts.size() > 3) text += "\n" + tr.tr("... and {1} more", {std::to_string(rcpts.size() - 3)});
  return text;
}

std::string copies(std::size_t n, const text::Catalog& tr) { return tr.tr_n("{1} copy", "{1} copies", n); }

void add_host(Graph& graph, const RunRecord& run, const std::string& name, const text::Catalog& tr) {
  Agnode_t* node = graph.node(name);
  const NodeRecord* host = run.topology.find(name);
  if (!host) return;
  style::style_host(node, *host);
  set(node, "label", host->is_mta() ? style::mta_label(*host, run.relay_closed_at, tr) : name);
}

// A connect that timed out: no reply, so no code and no "refused"; the server was not there.
void draw_unanswered(Graph& graph, const Hop& hop, int step, const text::Catalog& tr) {
  Agedge_t* e = graph.edge(graph.node(hop.from), graph.node(hop.to), "hop " + std::to_string(step) + " no answer");
  set(e, "step", std::to_string(step));
  set(e, "unanswered", "true");
  set(e, "label", tr.tr("{1}. at {2}", {std::to_string(step), style::clock(hop.first_t)}) + "\n" +
                      tr.tr("NO ANSWER: connect timed out") + "\n" + tr.tr("(the server is down; 4.4.1)"));
  set(e, "penwidth", "2.5");
  set(e, "color", style::kGrey);
  set(e, "fontcolor", "#555555");  // darker grey: text must stay legible on white
  set(e, "style", "dotted");
  set(e, "arrowhead", "odot");
}

void draw_hop(Graph& graph, const Hop& hop, int step, const std::string& message_class, const TopologyRecord& topology,
              const text::Catalog& tr) {
  if (hop.unanswered) {
    draw_unanswered(graph, hop, step, tr);
    return;
  }
  for (const auto& [reply, rcpts] : hop.replies) {
    const bool refused = !hop.positive.at(reply);
    Agedge_t* e = graph.edge(graph.node(hop.from), graph.node(hop.to), "hop " + std::to_string(step) + " " + reply);
    set(e, "step", std::to_string(step));
    set(e, "reply", reply);
    const std::string count = rcpts.empty() ? "" : ", " + std::to_string(rcpts.size()) + " RCPT";
    set(e, "label", tr.tr("{1}. at {2}", {std::to_string(step), style::clock(hop.first_t)}) + "\n" +
                        hop_roles(hop, topology, tr) + "\n" + reply + (refused ? " " + tr.tr("REFUSED") : "") + count);
    set(e, "penwidth", refused ? "3" : "2.5");
    const char* colour = refused ? style::kVermillion : style::class_colour(message_class);
    set(e, "color", colour);
    set(e, "fontcolor", colour);
    if (refused) {
      set(e, "style", "dashed");
      set(e, "arrowhead", "tee");
      set(e, "refused", "true");
    }
  }
}

void draw_deferrals(Graph& graph, const std::vector<TraceEvent>& events, const text::Catalog& tr) {
  struct Deferral {
    std::size_t count = 0;
    double first = 0, last_retry = 0;
  };
  std::map<std::pair<std::string, std::string>, Deferral> deferrals;  // (holder, reply)
  for (const TraceEvent& e : events) {
    if (e.event != "deferred") continue;
    Deferral& d = deferrals[{e.at, e.code ? reply_text(e.code, e.status) : e.reason + " (" + e.status + ")"}];
    if (d.count++ == 0) d.first = e.t;
    d.last_retry = e.retry_at;
  }
  for (const auto& [key, d] : deferrals) {
    Agedge_t* e = graph.edge(graph.node(key.first), graph.node(key.first), "deferred " + key.second);
    set(e, "deferred", std::to_string(d.count));
    set(e, "reply", key.second);
    set(e, "label", tr.tr("deferred {1} x{2}", {key.second, std::to_string(d.count)}) + "\n" +
                        tr.tr("first at {1}, last retry {2}", {style::clock(d.first), style::clock(d.last_retry)}));
    set(e, "color", style::kOrange);
    set(e, "fontcolor", "#9A6A00");  // darker orange: text must stay legible on white
    set(e, "style", "dashed");
    set(e, "penwidth", "2");
  }
}

struct FinalLook {
  const char* end;  // the trace's event, or "junk" for a copy delivered to the junk folder
  const char* title;
  const char* colour;
};

constexpr FinalLook kFinals[] = {{"delivered", text::N_("INBOX (delivered)"), style::kGreen},
                                 {"junk", text::N_("JUNK FOLDER (delivered)"), style::kSkyBlue},
                                 {"rejected", text::N_("REJECTED"), style::kVermillion},
                                 {"bounced", text::N_("BOUNCED (gave up)"), style::kPurple},
                                 {"queued", text::N_("STILL QUEUED at the end"), style::kOrange}};

// How a copy ended: the trace's event, with a delivery to the junk folder told apart.
std::string end_of(const TraceEvent& e) { return e.event == "delivered" && e.folder == "junk" ? "junk" : e.event; }

// Where a copy's end is drawn: a refusal at the server that refused it (the trace records it
// at the client, which got the reply), every other end where the trace records it.
std::string end_node(const TraceEvent& settled, const std::vector<TraceEvent>& events) {
  if (settled.event != "rejected") return settled.at;
  std::string server = settled.at;
  for (const TraceEvent& e : events) {
    if (e.event == "rcpt" && !e.positive() && e.rcpt == settled.rcpt && e.t <= settled.t) server = e.to;
  }
  return server;
}

// "\nmessage 17": the DSNs the run sent about `message`, so their own paths can be drawn.
std::string dsn_ids(const RunRecord& run, std::uint64_t message, const text::Catalog& tr) {
  std::string ids;
  for (const TraceEvent& e : run.trace) {
    if (e.event == "submitted" && e.about == message) ids += (ids.empty() ? "" : ", ") + std::to_string(e.msg);
  }
  return ids.empty() ? "" : "\n" + tr.tr("as message {1}", {ids});
}

// Where the bounce of `message` went, for its arrow: a bounce goes to the envelope sender, who
// may not be the origin (a forged sender, lesson 10). The server that took it, when it left
// `where` over SMTP; the origin when it stayed at `where` for a user of that server, or when the
// run sent none; otherwise the sender's mailbox at `where`, as a node of its own.
std::string bounce_target(Graph& graph, const RunRecord& run, std::uint64_t message, const std::string& where,
                          const std::string& origin, const std::string& sender, const text::Catalog& tr) {
  for (const TraceEvent& e : run.trace) {
    if (e.event != "submitted" || e.about != message) continue;
    const std::vector<TraceEvent> events = run.events_of(e.msg);
    if (const std::vector<Hop> hops = hops_of(events); !hops.empty()) {
      add_host(graph, run, hops.front().to, tr);
      return hops.front().to;
    }
    const NodeRecord* agent = run.topology.find(origin);
    const bool delivered_here = std::any_of(events.begin(), events.end(), [&](const TraceEvent& d) {
      return d.event == "delivered" && d.at == where;
    });
    if (!delivered_here || (agent != nullptr && agent->kind == "user")) return origin;
    const std::string mailbox = "mailbox " + sender;
    set(graph.node(mailbox), "shape", "folder");
    set(graph.node(mailbox), "label", tr.tr("mailbox of <{1}>", {sender}));
    return mailbox;
  }
  return origin;
}

void draw_ends(Graph& graph, const RunRecord& run, const std::vector<TraceEvent>& events, const std::string& origin,
               const std::string& sender, const text::Catalog& tr) {
  for (const FinalLook& look : kFinals) {
    std::map<std::string, std::vector<std::string>> ends;  // node -> recipients
    std::map<std::string, std::string> replies;             // node -> the reply that decided, when one
    for (const TraceEvent& e : events) {
      if (end_of(e) != look.end) continue;
      const std::string where = end_node(e, events);
      ends[where].push_back(e.rcpt);
      const std::string reply = e.code ? reply_text(e.code, e.status) : "";
      const auto [it, first] = replies.try_emplace(where, reply);
      if (!first && it->second != reply) it->second.clear();  // several: the hops show them
    }
    for (const auto& [where, rcpts] : ends) {
      add_host(graph, run, where, tr);
      Agnode_t* end = graph.node(std::string("end ") + look.end + " " + where);
      set(end, "shape", "note");
      set(end, "final", look.end);
      set(end, "color", look.colour);
      set(end, "penwidth", "2.5");
      const std::string& reply = replies[where];
      // Delivery is the MDA's: SMTP ends at the MX; the reader's program fetches the mail later.
      const bool filed = std::string(look.end) == "delivered" || std::string(look.end) == "junk";
      set(end, "label", tr.tr(look.title) + (reply.empty() ? "" : " " + reply) + "\n" +
                            (filed ? tr.tr("MDA → mailbox, read with IMAP or POP3") + "\n" : "") +
                            copies(rcpts.size(), tr) + recipients_text(rcpts, tr));
      Agedge_t* e = graph.edge(graph.node(where), end, std::string("end ") + look.end);
      set(e, "color", look.colour);
      set(e, "penwidth", "2.5");
      set(e, "arrowhead", "none");
      if (std::string(look.end) == "bounced" && !origin.empty()) {
        const std::string target = bounce_target(graph, run, events.front().msg, where, origin, sender, tr);
        Agedge_t* back = graph.edge(graph.node(where), graph.node(target), "bounce to sender");
        set(back, "bounce", "true");
        set(back, "label", tr.tr("bounce (DSN) to <{1}>", {sender}) + dsn_ids(run, events.front().msg, tr));
        set(back, "color", style::kPurple);
        set(back, "fontcolor", style::kPurple);
        set(back, "style", "dashed");
        set(back, "penwidth", "2.5");
        set(back, "constraint", "false");
      }
    }
  }
}

}  // namespace

std::uint64_t first_message_of(const RunRecord& run, const std::string& message_class) {
  for (const TraceEvent& e : run.trace) {
    if (e.event == "submitted" && e.message_class == message_class) return e.msg;
  }
  return 0;
}

std::vector<style::LegendEntry> message_path_legend(const std::string& message_class, const text::Catalog& tr) {
  return {{style::LegendEntry::Kind::Line, style::class_colour(message_class), tr.tr("hop accepted (2xx), in order")},
          {style::LegendEntry::Kind::DashedLine, style::kVermillion, tr.tr("hop refused (4xx/5xx)")},
          {style::LegendEntry::Kind::DashedLine, style::kOrange, tr.tr("deferred: waits in the queue")},
          {style::LegendEntry::Kind::DashedLine, style::kPurple, tr.tr("bounce back to the sender")},
          {style::LegendEntry::Kind::Shape, tr.tr("note"), tr.tr("where each copy ended")}};
}

void build_message_path(Graph& graph, const RunRecord& run, std::uint64_t message, const style::Look& look) {
  const text::Catalog& tr = look.catalog;
  const std::vector<TraceEvent> events = run.events_of(message);
  if (events.empty()) {
    throw RunRecordError("message " + std::to_string(message) + " is not in " + (run.dir / "trace.jsonl").string());
  }
  const TraceEvent* submitted = nullptr;
  for (const TraceEvent& e : events) {
    if (e.event == "submitted") submitted = &e;
  }
  const std::string cls = events.front().message_class;
  const std::string origin = submitted ? submitted->from : "";
  const std::string sender = submitted ? submitted->sender : "";
  const std::string how_many = copies(submitted ? submitted->recipients : 0, tr);
  style::begin(graph,
               tr.tr("Path of message {1} ({2}) in {3}",
                     {std::to_string(message), style::class_label(cls, tr), run.topology.scenario}),
               submitted ? tr.tr("from <{1}>, submitted at {2}, {3}", {sender, style::clock(submitted->t), how_many})
                         : tr.tr("from <{1}>, {2}", {sender, how_many}),
               look.sizes);
  if (!origin.empty()) add_host(graph, run, origin, tr);
  const std::vector<Hop> hops = hops_of(events);
  for (std::size_t i = 0; i < hops.size(); ++i) {
    add_host(graph, run, hops[i].from, tr);
    add_host(graph, run, hops[i].to, tr);
    draw_hop(graph, hops[i], static_cast<int>(i + 1), cls, run.topology, tr);
  }
  draw_deferrals(graph, events, tr);
  draw_ends(graph, run, events, origin, sender, tr);
  style::legend(graph, message_path_legend(cls, tr), look);
}

}  // namespace relaysim::viz

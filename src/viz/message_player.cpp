#include "viz/message_player.h"

#include <nlohmann/json.hpp>
#include <set>

#include "report/file_text.h"
#include "report/message_file_name.h"
#include "viz/flow_counts.h"
#include "viz/message_path_diagram.h"
#include "viz/renderer.h"
#include "viz/style.h"

namespace relaysim::viz {
namespace {

using text::N_;

using nlohmann::json;

// The transcript's session blocks ("=== session 4: a [ip] -> b [ip] port 25" and what follows,
// in whichever language the run wrote it).
std::vector<std::string> session_blocks(const std::string& transcript) {
  std::vector<std::string> blocks;
  const std::string marker = "=== ";
  for (std::size_t at = transcript.find(marker); at != std::string::npos;) {
    const std::size_t next = transcript.find("\n" + marker, at);
    blocks.push_back(transcript.substr(at, next == std::string::npos ? std::string::npos : next - at));
    at = next == std::string::npos ? next : next + 1;
  }
  return blocks;
}

// The session of a hop: the first block not taken yet between the hop's two hosts.
std::string exchange_of(const Hop& hop, const std::vector<std::string>& blocks, std::vector<bool>& taken,
                        const text::Catalog& tr) {
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const std::string header = blocks[i].substr(0, blocks[i].find('\n'));
    const bool match = header.find(": " + hop.from + " [") != std::string::npos &&
                       header.find("-> " + hop.to + " [") != std::string::npos;
    if (match && !taken[i]) {
      taken[i] = true;
      return blocks[i];
    }
  }
  return tr.tr("(no transcript of this hop: the run wrote none for this message)");
}

std::string hop_reply(const Hop& hop, const text::Catalog& tr) {
  if (hop.unanswered) return tr.tr("no answer: connect timed out");
  std::string text;
  for (const auto& [reply, rcpts] : hop.replies) text += (text.empty() ? "" : ", ") + reply;
  return text;
}

// The hop an event belongs to: the last one that began at or before it (0-based).
std::size_t step_of(const TraceEvent& e, const std::vector<Hop>& hops) {
  std::size_t step = 0;
  for (std::size_t i = 0; i < hops.size(); ++i) {
    if (hops[i].first_t <= e.t) step = i;
  }
  return step;
}

// The path diagram with each hop's edges in SVG classes "hop hop-N", for the script to light.
std::string path_svg(Context& context, const RunRecord& run, std::uint64_t message, const style::Look& look) {
  Graph graph("message " + std::to_string(message));
  build_message_path(graph, run, message, look);
  for (Agnode_t* n = agfstnode(graph.get()); n; n = agnxtnode(graph.get(), n)) {
    for (Agedge_t* e = agfstout(graph.get(), n); e; e = agnxtout(graph.get(), e)) {
      const std::string step = get(e, "step");
      if (!step.empty()) set(e, "class", "hop hop-" + step);
    }
  }
  return inline_svg(context, graph);
}

std::string option(const std::string& value, const std::string& text) {
  return "<option value=\"" + style::html_escape(value) + "\">" + style::html_escape(text) + "</option>";
}

}  // namespace

std::string message_player_html(Context& context, const RunRecord& run, const style::Look& look) {
  const text::Catalog& tr = look.catalog;
  json messages = json::array(), events = json::array();
  std::string paths;
  std::set<std::string> classes, kinds, servers;
  for (const KeyMessageRecord& k : run.summary.key_messages) {
    const std::vector<TraceEvent> trace = run.events_of(k.msg);
    const std::vector<Hop> hops = hops_of(trace);
    if (hops.empty()) continue;
    const std::filesystem::path transcript = run.dir / "transcripts" / (report::message_file_stem(k.msg) + ".txt");
    const auto blocks = session_blocks(report::read_file(transcript).value_or(""));
    std::vector<bool> taken(blocks.size(), false);
    json hop_list = json::array();
    for (std::size_t i = 0; i < hops.size(); ++i) {
      const std::string label = tr.tr("hop {1} of {2}: {3} → {4} at {5} ({6})",
                                      {std::to_string(i + 1), std::to_string(hops.size()), hops[i].from, hops[i].to,
                                       style::clock(hops[i].first_t), hop_reply(hops[i], tr)});
      hop_list.push_back({{"step", i + 1}, {"label", label}, {"exchange", exchange_of(hops[i], blocks, taken, tr)}});
    }
    const std::size_t index = messages.size();
    messages.push_back({{"id", k.msg}, {"outcome", k.describe(tr)}, {"hops", hop_list}});
    paths += "<div class=\"player-path\" data-message=\"" + std::to_string(k.msg) + "\">" +
             path_svg(context, run, k.msg, look) + "</div>\n";
    for (const TraceEvent& e : trace) {
      const std::string server = !e.to.empty() ? e.to : e.at;
      classes.insert(e.message_class);
      kinds.insert(e.event);
      if (!server.empty()) servers.insert(server);
      events.push_back({{"t", style::clock(e.t)}, {"m", index}, {"msg", e.msg}, {"class", e.message_class},
                        {"event", e.event}, {"server", server},
                        {"reply", e.code ? reply_text(e.code, e.status) : e.status}, {"step", step_of(e, hops)}});
    }
  }
  if (messages.empty()) return "";
  std::string html = "<div id=\"player\">\n<div class=\"controls\"><label>" + tr.tr("message") +
                     " <select id=\"player-message\">";
  for (const json& m : messages) {
    html += option(std::to_string(m["id"].get<std::uint64_t>()),
                   std::to_string(m["id"].get<std::uint64_t>()) + ": " + m["outcome"].get<std::string>());
  }
  const auto e = [](const std::string& text) { return style::html_escape(text); };
  html += "</select></label> <button id=\"player-back\">&#9664; " + e(tr.tr("back")) +
          "</button> <button id=\"player-play\">&#9654; " + e(tr.tr("play")) + "</button> <button id=\"player-pause\">" +
          e(tr.tr("pause")) + "</button> <button id=\"player-forward\">" + e(tr.tr("forward")) +
          " &#9654;</button> <label>" + e(tr.tr("speed")) + " <select id=\"player-speed\"><option value=\"2500\">" +
          e(tr.tr("slow")) + "</option><option value=\"1200\" selected>" + e(tr.tr("normal")) +
          "</option><option value=\"500\">" + e(tr.tr("fast")) + "</option></select></label></div>\n" +
          "<p id=\"player-step\"></p>\n<div class=\"player-body\"><div class=\"player-paths\">" + paths +
          "</div><pre id=\"player-exchange\"></pre></div>\n";
  // The event list: every event of the key messages; a click jumps to its hop.
  html += "<div class=\"controls\">" + e(tr.tr("Events:")) + " <select id=\"filter-class\">" +
          option("", tr.tr("every class"));
  for (const std::string& c : classes) html += option(c, style::class_label(c, tr));
  html += "</select> <select id=\"filter-event\">" + option("", tr.tr("every event"));
  for (const std::string& k : kinds) html += option(k, k);
  html += "</select> <select id=\"filter-server\">" + option("", tr.tr("every server"));
  for (const std::string& s : servers) html += option(s, s);
  html += "</select></div>\n<table id=\"player-events\"><tr>";
  for (const char* column : {N_("time"), N_("message"), N_("class"), N_("event"), N_("server"), N_("reply")}) {
    html += "<th>" + e(tr.tr(column)) + "</th>";
  }
  html += "</tr>";
  for (const json& ev : events) {
    html += "<tr data-m=\"" + std::to_string(ev["m"].get<std::size_t>()) + "\" data-step=\"" +
            std::to_string(ev["step"].get<std::size_t>()) + "\" data-class=\"" + e(ev["class"]) +
            "\" data-event=\"" + e(ev["event"]) + "\" data-server=\"" + e(ev["server"]) + "\"><td>" + e(ev["t"]) +
            "</td><td>" + std::to_string(ev["msg"].get<std::uint64_t>()) + "</td><td>" +
            e(style::class_label(ev["class"], tr)) + "</td><td>" + e(ev["event"]) + "</td><td>" + e(ev["server"]) +
            "</td><td>" + e(ev["reply"]) + "</td></tr>";
  }
  // JSON inside <script> may not hold "</": the escaped form reads back the same.
  std::string data = json{{"messages", messages}}.dump();
  for (std::size_t at = data.find("</"); at != std::string::npos; at = data.find("</", at + 2)) data.replace(at, 2, "<\\/");
  return html + "</table>\n<script type=\"application/json\" id=\"player-data\">" + data + "</script>\n</div>\n";
}

const char* const kMessagePlayerScript = R"JS(
(function () {
  var data = JSON.parse(document.getElementById('player-data').textContent);
  var state = { m: 0, step: 0 }, timer = null;
  var pick = document.getElementById('player-message'), speed = document.getElementById('player-speed');
  var label = document.getElementById('player-step'), exchange = document.getElementById('player-exchange');
  var paths = document.querySelectorAll('.player-path');
  function hops() { return data.messages[state.m].hops; }
  function render() {
    for (var k = 0; k < paths.length; ++k) paths[k].style.display = k === state.m ? 'block' : 'none';
    var lit = paths[state.m].querySelectorAll('.hop');
    for (var i = 0; i < lit.length; ++i) lit[i].classList.remove('lit');
    var hop = hops()[state.step];
    var edges = paths[state.m].querySelectorAll('.hop-' + hop.step);
    for (var j = 0; j < edges.length; ++j) edges[j].classList.add('lit');
    label.textContent = hop.label;
    exchange.textContent = hop.exchange;
  }
  function go(step) { state.step = Math.max(0, Math.min(hops().length - 1, step)); render(); }
  function pause() { if (timer !== null) { clearInterval(timer); timer = null; } }
  document.getElementById('player-forward').addEventListener('click', function () { pause(); go(state.step + 1); });
  document.getElementById('player-back').addEventListener('click', function () { pause(); go(state.step - 1); });
  document.getElementById('player-pause').addEventListener('click', pause);
  document.getElementById('player-play').addEventListener('click', function () {
    pause();
    if (state.step >= hops().length - 1) go(0);
    timer = setInterval(function () {
      if (state.step >= hops().length - 1) pause(); else go(state.step + 1);
    }, Number(speed.value));
  });
  pick.addEventListener('change', function () { pause(); state.m = pick.selectedIndex; go(0); });
  var rows = document.querySelectorAll('#player-events tr[data-m]');
  var filters = ['class', 'event', 'server'].map(function (f) { return document.getElementById('filter-' + f); });
  function filter() {
    for (var r = 0; r < rows.length; ++r) {
      var shown = filters.every(function (f) {
        return f.value === '' || rows[r].getAttribute('data-' + f.id.slice(7)) === f.value;
      });
      rows[r].style.display = shown ? '' : 'none';
    }
  }
  filters.forEach(function (f) { f.addEventListener('change', filter); });
  for (var r = 0; r < rows.length; ++r) {
    rows[r].addEventListener('click', function () {
      pause();
      state.m = Number(this.getAttribute('data-m'));
      pick.selectedIndex = state.m;
      go(Number(this.getAttribute('data-step')));
    });
  }
  go(0);
  if (location.search.indexOf('selftest=1') >= 0) {
    var out = document.getElementById('selftest');
    var multi = data.messages.findIndex(function (m) { return m.hops.length > 1; });
    if (multi >= 0) {
      pick.selectedIndex = multi;
      pick.dispatchEvent(new Event('change'));
      var before = paths[multi].querySelector('.lit'), text = exchange.textContent;
      document.getElementById('player-forward').click();
      var after = paths[multi].querySelector('.lit');
      out.setAttribute('data-player', before && after && before !== after && exchange.textContent !== text
          ? 'stepped' : 'unchanged');
      document.getElementById('player-back').click();
      out.setAttribute('data-player-back', paths[multi].querySelector('.lit') === before ? 'back' : 'not back');
    }
    filters[0].value = filters[0].options[filters[0].options.length - 1].value;
    filters[0].dispatchEvent(new Event('change'));
    var wrong = 0, shown = 0;
    for (var q = 0; q < rows.length; ++q) {
      if (rows[q].style.display === 'none') continue;
      ++shown;
      if (rows[q].getAttribute('data-class') !== filters[0].value) ++wrong;
    }
    out.setAttribute('data-filter', shown > 0 && wrong === 0 ? 'filtered' : 'not filtered');
    filters[0].value = '';
    filter();
  }
})();
)JS";

}  // namespace relaysim::viz

#include "viz/report_html.h"

#include <algorithm>
#include <array>
#include <map>

#include "report/atomic_file.h"
#include "report/file_text.h"
#include "report/message_file_name.h"
#include "viz/engagement.h"
#include "viz/flow_map_diagram.h"
#include "viz/message_path_diagram.h"
#include "viz/message_player.h"
#include "viz/renderer.h"
#include "viz/style.h"
#include "viz/topology_diagram.h"

namespace relaysim::viz {
namespace {

using style::html_escape;

// Graphviz's SVG without its XML prolog and DOCTYPE, ready to inline.
// A row of header cells, each text from the catalogue.
std::string header_row(std::initializer_list<const char*> msgids, const text::Catalog& tr) {
  std::string html = "<tr>";
  for (const char* msgid : msgids) html += "<th>" + html_escape(tr.tr(msgid)) + "</th>";
  return html + "</tr>";
}

std::string summary_table(const RunRecord& run, const text::Catalog& tr) {
  std::string html = "<table>" + header_row({text::N_("class"), text::N_("submitted"), text::N_("delivered"), text::N_("rejected"), text::N_("bounced"), text::N_("queued")}, tr);
  for (const char* cls : {"ham", "spam", "dsn"}) {
    const auto it = run.summary.classes.find(cls);
    if (it == run.summary.classes.end() || it->second.submitted == 0) continue;
    const ClassCounts& c = it->second;
    html += "<tr><td>" + html_escape(style::class_label(cls, tr)) + "</td><td>" + std::to_string(c.submitted) + "</td><td>" +
            std::to_string(c.delivered) + "</td><td>" + std::to_string(c.rejected) + "</td><td>" +
            std::to_string(c.bounced) + "</td><td>" + std::to_string(c.queued) + "</td></tr>";
  }
  html += "</table>\n<table>" +
          header_row({text::N_("mail server"), text::N_("sessions"), text::N_("accepted"), text::N_("relayed"), text::N_("delivered"), text::N_("deferred"),
                      text::N_("refused (MAIL, RCPT; by status)")},
                     tr);
  // By name, as the report has always listed them (summary.json lists them in the scenario's order).
  std::vector<const MtaCounts*> mtas;
  for (const MtaCounts& m : run.summary.mtas) mtas.push_back(&m);
  std::sort(mtas.begin(), mtas.end(), [](const MtaCounts* a, const MtaCounts* b) { return a->name < b->name; });
  for (const MtaCounts* mta : mtas) {
    const MtaCounts& m = *mta;
    const std::string& name = m.name;
    std::string refused;
    for (const auto& [status, n] : m.rejected) refused += (refused.empty() ? "" : ", ") + status + ": " + std::to_string(n);
    html += "<tr><td>" + html_escape(name) + "</td><td>" + std::to_string(m.sessions) + "</td><td>" +
            std::to_string(m.accepted) + "</td><td>" + std::to_string(m.relayed) + "</td><td>" +
            std::to_string(m.delivered) + "</td><td>" + std::to_string(m.deferred) + "</td><td>" +
            (refused.empty() ? "-" : refused) + "</td></tr>";
  }
  return html + "</table>\n";
}

std::string timelapse_section(Context& context, const RunRecord& run, int frames, const style::Look& look) {
  const Positions layout = flow_map_positions(context, run, look);
  std::string html = "<div class=\"controls\"><input type=\"range\" id=\"frame-slider\" min=\"0\" max=\"" +
                     std::to_string(frames - 1) + "\" value=\"0\" step=\"1\" aria-label=\"" +
                     html_escape(look.tr("time-lapse frame")) + "\"> <span id=\"frame-label\"></span></div>\n";
  for (int i = 0; i < frames; ++i) {
    Graph graph("frame" + std::to_string(i));
    build_timelapse_frame(graph, run, i, frames, layout, look);
    const TimeWindow w = frame_window(run, i, frames);
    const std::string label = look.tr("frame {1} of {2}: {3} to {4}",
                                      {std::to_string(i + 1), std::to_string(frames), style::clock(w.from_s),
                                       style::clock(std::min(w.to_s, run.topology.duration_s))});
    html += "<div class=\"frame\" id=\"frame-" + std::to_string(i) + "\" data-label=\"" + html_escape(label) + "\">" +
            inline_svg(context, graph) + "</div>\n";
  }
  return html;
}

// One line per class: what became of its copies, the junk folder told apart from the inbox.
std::string key_numbers(const RunRecord& run, const text::Catalog& tr) {
  std::map<std::string, std::uint64_t> junk;
  for (const TraceEvent& e : run.trace) junk[e.message_class] += e.event == "delivered" && e.folder == "junk";
  std::string html = "<ul class=\"key-numbers\">";
  for (const auto& [cls, c] : run.summary.classes) {
    if (c.submitted == 0) continue;
    const std::uint64_t to_junk = junk[cls];
    const std::string junk_part =
        to_junk ? tr.tr(", {1} to the junk folder", {std::to_string(to_junk)}) : std::string();
    html += "<li><b>" + html_escape(style::class_label(cls, tr)) + "</b>: " +
            html_escape(tr.tr("{1} copies sent; {2} delivered to the inbox{3}, {4} refused, {5} bounced, {6} still queued",
                              {std::to_string(c.submitted), std::to_string(c.delivered - to_junk), junk_part,
                               std::to_string(c.rejected), std::to_string(c.bounced), std::to_string(c.queued)})) +
            "</li>";
  }
  return html + "</ul>\n";
}

// The lesson in a few sentences, its numbers, its key messages and the first one's path.
std::string lesson_section(Context& context, const RunRecord& run, const style::Look& look) {
  const text::Catalog& tr = look.catalog;
  std::string html = "<h2>" + html_escape(tr.tr("What this run shows")) + "</h2>\n";
  const std::string description = run.topology.description_in(tr);
  if (!description.empty()) html += "<p class=\"lesson\">" + html_escape(description) + "</p>\n";
  html += key_numbers(run, tr);
  if (const auto engagement = ham_engagement(run.metrics)) {
    html += "<p>" + html_escape(tr.tr(kEngagementHeading)) + "</p>\n" + engagement_table_html(*engagement, tr) +
            "<p class=\"source\">" + html_escape(tr.tr(kEngagementSources)) + "</p>\n";
  }
  if (run.summary.key_messages.empty()) return html;
  html += "<p>" + html_escape(tr.tr("Key messages, the first of each way mail went (their transcripts are below):")) +
          "</p>\n<ul class=\"key-messages\">";
  for (const KeyMessageRecord& k : run.summary.key_messages) {
    html += "<li>" + html_escape(tr.tr("message {1}: {2}", {std::to_string(k.msg), k.describe(tr)})) + "</li>";
  }
  html += "</ul>\n";
  const KeyMessageRecord& first = run.summary.key_messages.front();
  if (run.events_of(first.msg).empty()) return html;
  Graph graph("key message");
  build_message_path(graph, run, first.msg, look);
  return html + "<div id=\"key-message-path\">" + inline_svg(context, graph) + "</div>\n";
}

std::string transcripts_section(const RunRecord& run, const text::Catalog& tr) {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = run.dir / "transcripts";
  if (std::filesystem::is_directory(dir)) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  }
  // The key messages' first, in their order, then the others by id.
  const auto place = [&run](const std::filesystem::path& file) {
    for (std::size_t i = 0; i < run.summary.key_messages.size(); ++i) {
      if (file.stem() == report::message_file_stem(run.summary.key_messages[i].msg)) return i;
    }
    return run.summary.key_messages.size();
  };
  std::sort(files.begin(), files.end(), [&place](const auto& a, const auto& b) {
    return std::pair{place(a), a} < std::pair{place(b), b};
  });
  if (files.size() > 6) files.resize(6);
  if (files.empty()) return "<p>" + html_escape(tr.tr("No transcripts were recorded (see --transcripts).")) + "</p>\n";
  std::string html;
  for (const auto& file : files) {
    html += "<details><summary>" + html_escape(file.filename().string()) + "</summary><pre>" +
            html_escape(report::read_file(file).value_or("")) + "</pre></details>\n";
  }
  return html;
}

// The page's only script: the slider, and the self-test that headless tests read back.
// Installed first thing in <head>, so that errors anywhere in the page are caught.
constexpr const char* kErrorHook = R"JS(
window.relaysimErrors = [];
window.addEventListener('error', function (e) { window.relaysimErrors.push('error: ' + e.message); });
(function () {
  var original = console.error;
  console.error = function () {
    window.relaysimErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
    original.apply(console, arguments);
  };
})();
)JS";

// The slider, and the self-test that headless tests read back from #selftest.
constexpr const char* kScript = R"JS(
(function () {
  var out = document.getElementById('selftest');
  function flush() {
    out.setAttribute('data-errors', String(window.relaysimErrors.length));
    out.textContent = window.relaysimErrors.join('\n');
  }
  window.addEventListener('error', flush);
  var slider = document.getElementById('frame-slider');
  var frames = document.querySelectorAll('.frame');
  var label = document.getElementById('frame-label');
  function show(i) {
    for (var k = 0; k < frames.length; ++k) frames[k].style.display = k === i ? 'block' : 'none';
    label.textContent = frames[i].getAttribute('data-label');
  }
  function visible() {
    for (var k = 0; k < frames.length; ++k) if (getComputedStyle(frames[k]).display !== 'none') return k;
    return -1;
  }
  slider.addEventListener('input', function () { show(Number(slider.value)); });
  show(0);
  if (location.search.indexOf('selftest=1') >= 0) {
    var before = visible();
    slider.value = String(frames.length - 1);
    slider.dispatchEvent(new Event('input'));
    var after = visible();
    out.setAttribute('data-frames', String(frames.length));
    out.setAttribute('data-slider', before === 0 && after === frames.length - 1 ? 'changed' : 'unchanged');
    slider.value = '0';
    show(0);
  }
  out.setAttribute('data-done', 'yes');
  flush();
})();
)JS";

constexpr const char* kStyle = R"CSS(
body { font-family: Helvetica, Arial, sans-serif; font-size: 18px; margin: 2em; color: #000; }
h1 { font-size: 32px; } h2 { font-size: 26px; margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #999; padding: 4px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
svg { max-width: 100%; height: auto; }
pre { font-size: 14px; background: #f4f4f4; padding: 1em; overflow-x: auto; }
.controls { font-size: 20px; margin: 0.5em 0; } #frame-slider { width: 40em; max-width: 90%; }
#selftest { display: none; }
#player-exchange { max-height: 30em; overflow: auto; }
#player-step { font-size: 20px; font-weight: bold; }
.hop.lit path { stroke-width: 9px !important; } .hop.lit text { font-weight: bold; }
#player-events { font-size: 15px; } #player-events tr[data-m] { cursor: pointer; }
#player-events tr[data-m]:hover { background: #eef; }
)CSS";

}  // namespace

std::string activity_chart_svg(const RunRecord& run, const text::Catalog& tr) {
  // Cumulative copies per class and state, sampled at kSamples points of simulated time.
  constexpr int kSamples = 120;
  constexpr double kW = 900, kH = 320, kLeft = 70, kBottom = 40, kTop = 20, kRight = 230;
  struct Series {
    const char* cls;
    const char* state;
    const char* dash;
    std::array<double, kSamples + 1> y{};
  };
  std::vector<Series> series;
  for (const char* cls : {"ham", "spam"}) {
    for (const auto& [state, dash] : {std::pair{"delivered", ""}, std::pair{"rejected", "8,5"}, std::pair{"queued", "2,4"}}) {
      series.push_back({cls, state, dash, {}});
    }
  }
  const double end = std::max(run.topology.duration_s, 1.0);
  std::vector<double> running(series.size(), 0.0);
  std::size_t next = 0;  // the trace is in time order: one pass fills every sample
  for (int s = 0; s <= kSamples; ++s) {
    const double t = end * s / kSamples;
    for (; next < run.trace.size() && run.trace[next].t <= t; ++next) {
      const TraceEvent& e = run.trace[next];
      const bool settled = e.event == "delivered" || e.event == "rejected" || e.event == "bounced";
      for (std::size_t i = 0; i < series.size(); ++i) {
        if (e.message_class != series[i].cls) continue;
        if (std::string(series[i].state) == "queued") {  // in flight: submitted, not yet settled
          running[i] += e.event == "submitted" ? double(e.recipients) : settled ? -1.0 : 0.0;
        } else if (e.event == series[i].state) {
          running[i] += 1;
        }
      }
    }
    for (std::size_t i = 0; i < series.size(); ++i) series[i].y[s] = running[i];
  }
  double top = 1;
  for (const Series& line : series) top = std::max(top, *std::max_element(line.y.begin(), line.y.end()));
  const double plot_w = kW - kLeft - kRight, plot_h = kH - kTop - kBottom;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"activity-chart\" width=\"" + style::number(kW, 0) +
                    "\" height=\"" + style::number(kH, 0) + "\" viewBox=\"0 0 " + style::number(kW, 0) + " " +
                    style::number(kH, 0) + "\" font-family=\"Helvetica\" font-size=\"14\">";
  svg += "<rect x=\"" + style::number(kLeft, 0) + "\" y=\"" + style::number(kTop, 0) + "\" width=\"" +
         style::number(plot_w, 0) + "\" height=\"" + style::number(plot_h, 0) + "\" fill=\"none\" stroke=\"#999\"/>";
  svg += "<text x=\"" + style::number(kLeft - 8, 0) + "\" y=\"" + style::number(kTop + 5, 0) +
         "\" text-anchor=\"end\">" + style::number(top, 0) + "</text><text x=\"" + style::number(kLeft - 8, 0) +
         "\" y=\"" + style::number(kTop + plot_h, 0) + "\" text-anchor=\"end\">0</text>";
  svg += "<text x=\"" + style::number(kLeft, 0) + "\" y=\"" + style::number(kH - 12, 0) + "\">00:00:00</text><text x=\"" +
         style::number(kLeft + plot_w, 0) + "\" y=\"" + style::number(kH - 12, 0) + "\" text-anchor=\"end\">" +
         html_escape(tr.tr("{1} (simulated time)", {style::clock(end)})) + "</text>";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Series& line = series[i];
    std::string points;
    for (int s = 0; s <= kSamples; ++s) {
      points += style::number(kLeft + plot_w * s / kSamples, 1) + "," +
                style::number(kTop + plot_h - plot_h * line.y[s] / top, 1) + " ";
    }
    const std::string colour = style::class_colour(line.cls);
    const std::string dash = *line.dash ? std::string(" stroke-dasharray=\"") + line.dash + "\"" : "";
    svg += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"3\"" + dash + " points=\"" + points + "\"/>";
    const std::string y = style::number(kTop + 14 + 24 * double(i), 0);
    const std::string x = style::number(kLeft + plot_w + 15, 0);
    svg += "<line x1=\"" + x + "\" y1=\"" + y + "\" x2=\"" + style::number(kLeft + plot_w + 55, 0) + "\" y2=\"" + y +
           "\" stroke=\"" + colour + "\" stroke-width=\"3\"" + dash + "/><text x=\"" +
           style::number(kLeft + plot_w + 62, 0) + "\" y=\"" + style::number(kTop + 19 + 24 * double(i), 0) + "\">" +
           html_escape(tr.tr("{1} {2}", {style::class_label(line.cls, tr), tr.tr(line.state)})) + "</text>";
  }
  return svg + "</svg>";
}

namespace {

struct PanelLine {
  const char* column;  // of metrics.csv
  const char* label;
  const char* colour;
  const char* dash;
};

struct Panel {
  const char* title;
  std::vector<PanelLine> lines;
};

// One small chart of metrics.csv columns per interval, on a scale of its own.
std::string interval_panel(const RunRecord& run, const Panel& panel, int index, const text::Catalog& tr) {
  constexpr double kW = 900, kH = 240, kLeft = 80, kBottom = 36, kTop = 34, kRight = 250;
  const double plot_w = kW - kLeft - kRight, plot_h = kH - kTop - kBottom;
  const std::size_t n = run.metrics.rows.size();
  double top = 1;
  for (const PanelLine& line : panel.lines) {
    for (double v : run.metrics.series(line.column)) top = std::max(top, v);
  }
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"interval-panel\" id=\"interval-panel-" +
                    std::to_string(index) + "\" data-max=\"" + style::number(top, 0) + "\" width=\"" +
                    style::number(kW, 0) + "\" height=\"" + style::number(kH, 0) + "\" viewBox=\"0 0 " +
                    style::number(kW, 0) + " " + style::number(kH, 0) + "\" font-family=\"Helvetica\" font-size=\"15\">";
  svg += "<text x=\"" + style::number(kLeft, 0) + "\" y=\"22\" font-weight=\"bold\">" + html_escape(tr.tr(panel.title)) + "</text>";
  svg += "<rect x=\"" + style::number(kLeft, 0) + "\" y=\"" + style::number(kTop, 0) + "\" width=\"" +
         style::number(plot_w, 0) + "\" height=\"" + style::number(plot_h, 0) + "\" fill=\"none\" stroke=\"#999\"/>";
  svg += "<text x=\"" + style::number(kLeft - 8, 0) + "\" y=\"" + style::number(kTop + 5, 0) + "\" text-anchor=\"end\">" +
         style::number(top, 0) + "</text><text x=\"" + style::number(kLeft - 8, 0) + "\" y=\"" +
         style::number(kTop + plot_h, 0) + "\" text-anchor=\"end\">0</text>";
  svg += "<text x=\"" + style::number(kLeft, 0) + "\" y=\"" + style::number(kH - 10, 0) +
         "\">00:00:00</text><text x=\"" + style::number(kLeft + plot_w, 0) + "\" y=\"" + style::number(kH - 10, 0) +
         "\" text-anchor=\"end\">" +
         html_escape(tr.tr("{1} (per interval of simulated time)", {style::clock(run.topology.duration_s)})) + "</text>";
  for (std::size_t i = 0; i < panel.lines.size(); ++i) {
    const PanelLine& line = panel.lines[i];
    const std::vector<double> values = run.metrics.series(line.column);
    std::string points;
    for (std::size_t r = 0; r < values.size(); ++r) {
      const double x = kLeft + plot_w * (n <= 1 ? 0.5 : double(r) / double(n - 1));
      points += style::number(x, 1) + "," + style::number(kTop + plot_h - plot_h * values[r] / top, 1) + " ";
    }
    const std::string dash = *line.dash ? std::string(" stroke-dasharray=\"") + line.dash + "\"" : "";
    svg += "<polyline fill=\"none\" stroke=\"" + std::string(line.colour) + "\" stroke-width=\"3\"" + dash +
           " data-column=\"" + line.column + "\" points=\"" + points + "\"/>";
    const std::string y = style::number(kTop + 12 + 22 * double(i), 0);
    const std::string x = style::number(kLeft + plot_w + 15, 0);
    svg += "<line x1=\"" + x + "\" y1=\"" + y + "\" x2=\"" + style::number(kLeft + plot_w + 50, 0) + "\" y2=\"" + y +
           "\" stroke=\"" + line.colour + "\" stroke-width=\"3\"" + dash + "/><text x=\"" +
           style::number(kLeft + plot_w + 58, 0) + "\" y=\"" + style::number(kTop + 17 + 22 * double(i), 0) + "\">" +
           html_escape(tr.tr(line.label)) + "</text>";
  }
  return svg + "</svg>";
}

std::string lesson_title(const RunRecord& run, const text::Catalog& catalog) {
  const std::string title = run.topology.title_in(catalog);
  return title.empty() ? "" : "<p class=\"lesson-title\"><strong>" + html_escape(title) + "</strong></p>\n";
}

}  // namespace

// Per interval, ham and spam each on a scale of its own (a flood of spam must not flatten the
// ham), then bounces and what recipients did with what reached them.
std::string interval_charts(const RunRecord& run, const text::Catalog& tr) {
  if (run.metrics.rows.empty()) return "<p>" + html_escape(tr.tr("No metrics.csv in this folder.")) + "</p>\n";
  using text::N_;
  const std::vector<Panel> panels = {
      {N_("ham (wanted mail), recipient copies per interval"),
       {{"ham_inbox", N_("to the inbox"), style::kBlue, ""},
        {"ham_junk", N_("to the junk folder"), style::kSkyBlue, "8,5"},
        {"ham_rejected", N_("refused"), style::kVermillion, "2,4"}}},
      {N_("spam, recipient copies per interval"),
       {{"spam_inbox", N_("to the inbox"), style::kVermillion, ""},
        {"spam_junk", N_("to the junk folder"), style::kOrange, "8,5"},
        {"spam_rejected", N_("refused"), style::kBlack, "2,4"}}},
      {N_("bounces, and what recipients did, per interval"),
       {{"bounced", N_("copies bounced"), style::kPurple, ""},
        {"opens", N_("opened"), style::kGreen, "8,5"},
        {"clicks", N_("clicked"), style::kBlack, "2,4"},
        {"complaints", N_("reported as spam"), style::kOrange, "1,3"}}},
  };
  std::string html = "<div id=\"interval-charts\">";
  for (std::size_t i = 0; i < panels.size(); ++i) html += interval_panel(run, panels[i], static_cast<int>(i), tr) + "\n";
  return html + "</div>\n";
}

std::string report_html(Context& context, const RunRecord& run, int frames, const text::Catalog& tr) {
  const style::Look look{style::kScreenSizes, tr};
  const auto h2 = [&tr](const char* msgid) { return "<h2>" + html_escape(tr.tr(msgid)) + "</h2>\n"; };
  const auto p = [&tr](const char* msgid) { return "<p>" + html_escape(tr.tr(msgid)) + "</p>\n"; };
  const std::string name = html_escape(run.topology.scenario);
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + std::string(text::language_code(tr.language())) +
                     "\"><head><meta charset=\"utf-8\">\n<title>relaysim: " + name + "</title>\n<script>" + kErrorHook +
                     "</script>\n<style>" + kStyle + "</style></head>\n<body>\n<h1>" +
                     html_escape(tr.tr("relaysim run: {1}", {run.topology.scenario})) + "</h1>\n" + lesson_title(run, tr) +
                     "<p>" +
                     html_escape(tr.tr("Seed {1}, {2} simulated. Messages are counted per recipient copy.",
                                       {std::to_string(run.topology.seed), style::clock(run.topology.duration_s)})) +
                     "</p>\n" + lesson_section(context, run, look);
  const std::string player = message_player_html(context, run, look);
  if (!player.empty()) {
    html += h2(text::N_("Follow one message")) +
            p(text::N_("Choose a key message, then play it or step through its hops: the current hop is lit on its path, and "
              "its SMTP exchange is beside it. Click an event to jump to it.")) +
            player;
  }
  html += h2(text::N_("Summary")) + summary_table(run, tr);
  {
    Graph graph("topology");
    build_topology_diagram(graph, run.topology, look);
    html += h2(text::N_("Topology")) + inline_svg(context, graph) + "\n";
  }
  {
    Graph graph("flows");
    build_flow_map(graph, run, look);
    html += h2(text::N_("Flow map")) + inline_svg(context, graph) + "\n";
  }
  html += h2(text::N_("Time-lapse")) + p(text::N_("Move the slider to step through simulated time.")) +
          timelapse_section(context, run, frames, look);
  html += h2(text::N_("Mail over simulated time")) +
          p(text::N_("Recipient copies so far: delivered (solid), rejected (dashed), in queues or in flight (dotted).")) +
          activity_chart_svg(run, tr) + "\n";
  html += h2(text::N_("Per interval")) + p(text::N_("What happened in each interval of metrics.csv; each chart has its own scale.")) +
          interval_charts(run, tr);
  html += h2(text::N_("Transcripts")) + transcripts_section(run, tr);
  html += "<div id=\"selftest\" data-done=\"no\"></div>\n";
  if (!player.empty()) html += "<script>" + std::string(kMessagePlayerScript) + "</script>\n";
  html += "<script>" + std::string(kScript) + "</script>\n</body></html>\n";
  return html;
}

std::filesystem::path write_report(Context& context, const RunRecord& run, int frames, const text::Catalog& catalog) {
  const std::filesystem::path file = run.dir / "report.html";
  report::write_file_atomically(file, report_html(context, run, frames, catalog));
  return file;
}

}  // namespace relaysim::viz

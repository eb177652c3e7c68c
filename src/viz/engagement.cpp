#include "viz/engagement.h"

#include <cstdio>
#include <vector>

namespace relaysim::viz {
namespace {

// Below this many ham copies in an interval its open rate is mostly chance.
constexpr double kMinDelivered = 50;

struct Row {
  std::string label;
  std::string delivered, opened, clicked;
};

std::string count(double n) { return std::to_string(static_cast<std::uint64_t>(n)); }

std::string span_label(const char* msgid, const EngagementSpan& s, const text::Catalog& tr) {
  return tr.tr(msgid, {style::clock(s.start_s), style::clock(s.end_s)});
}

std::string range(double low, double high) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f-%.0f %%", low * 100, high * 100);
  return text;
}

Row measured(const std::string& label, const EngagementSpan& s) {
  return {label, count(s.delivered), count(s.opened) + " (" + percent(s.open_rate()) + ")",
          count(s.clicked) + " (" + percent(s.click_rate()) + ")"};
}

std::vector<Row> rows(const Engagement& e, const text::Catalog& tr) {
  std::vector<Row> out = {measured(tr.tr("whole run"), e.whole)};
  if (e.best.delivered > 0 && e.best.start_s != e.worst.start_s) {
    out.push_back(measured(span_label(text::N_("best interval, {1} to {2}"), e.best, tr), e.best));
    out.push_back(measured(span_label(text::N_("worst interval, {1} to {2}"), e.worst, tr), e.worst));
  }
  out.push_back({tr.tr("published for marketing email"), "",
                 range(kPublishedOpenLow, kPublishedOpenHigh), range(kPublishedClickLow, kPublishedClickHigh)});
  return out;
}

std::vector<std::string> header(const text::Catalog& tr) {
  return {"", tr.tr("ham delivered"), tr.tr("opened"), tr.tr("clicked")};
}

}  // namespace

std::optional<Engagement> ham_engagement(const MetricsRecord& metrics) {
  const auto start = metrics.series("interval_start_s"), end = metrics.series("interval_end_s");
  const auto inbox = metrics.series("ham_inbox"), junk = metrics.series("ham_junk");
  const auto opens = metrics.series("ham_opens"), clicks = metrics.series("ham_clicks");
  if (opens.empty() || clicks.empty() || inbox.empty() || junk.empty() || start.empty()) return std::nullopt;
  Engagement e;
  e.whole = {start.front(), end.back(), 0, 0, 0};
  bool ranked = false;
  for (std::size_t i = 0; i < opens.size(); ++i) {
    const EngagementSpan s{start[i], end[i], inbox[i] + junk[i], opens[i], clicks[i]};
    e.whole.delivered += s.delivered;
    e.whole.opened += s.opened;
    e.whole.clicked += s.clicked;
    e.junked = e.junked || junk[i] > 0;
    if (s.delivered < kMinDelivered) continue;
    if (!ranked || s.open_rate() > e.best.open_rate()) e.best = s;
    if (!ranked || s.open_rate() < e.worst.open_rate()) e.worst = s;
    ranked = true;
  }
  if (e.whole.delivered == 0) return std::nullopt;
  return e;
}

std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", share * 100);
  return text;
}

std::string engagement_table_html(const Engagement& e, const text::Catalog& tr) {
  std::string html = "<table class=\"engagement\"><tr>";
  for (const std::string& h : header(tr)) html += "<th>" + style::html_escape(h) + "</th>";
  html += "</tr>";
  for (const Row& r : rows(e, tr)) {
    html += "<tr><td>" + style::html_escape(r.label) + "</td><td>" + (r.delivered.empty() ? " " : r.delivered) + "</td><td>" +
            style::html_escape(r.opened) + "</td><td>" + style::html_escape(r.clicked) + "</td></tr>";
  }
  return html + "</table>\n";
}

void build_engagement_table(Graph& graph, const Engagement& e, const style::Look& look) {
  style::begin(graph, look.tr("How many read the newsletter: measured and published"), look.tr(kEngagementSources),
               look.sizes);
  const std::string size = std::to_string(look.sizes.node);
  std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"10\" COLOR=\"#999999\"><TR>";
  for (const std::string& h : header(look.catalog)) {
    html += h.empty() ? "<TD> </TD>" : "<TD><FONT POINT-SIZE=\"" + size + "\"><B>" + style::html_escape(h) + "</B></FONT></TD>";
  }
  html += "</TR>";
  for (const Row& r : rows(e, look.catalog)) {
    html += "<TR>";
    for (const std::string* cell : {&r.label, &r.delivered, &r.opened, &r.clicked}) {
      html += cell->empty() ? "<TD> </TD>"
                            : "<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" + size + "\">" + style::html_escape(*cell) +
                                  "</FONT></TD>";
    }
    html += "</TR>";
  }
  Agnode_t* table = graph.node("engagement");
  set(table, "shape", "plaintext");
  set_html(table, "label", html + "</TABLE>");
}

}  // namespace relaysim::viz

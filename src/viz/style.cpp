#include "viz/style.h"

#include <cmath>
#include <cstdio>

#include "report/reader_words.h"

namespace relaysim::viz::style {
namespace {

struct PolicyLook {
  const char* name;
  const char* fill;
  const char* font;
  const char* legend;
  // Under the host's name: what it relays for. The preset's name alone misleads ("authenticated"
  // reads as "asks every sender for a password", yet it takes mail for its own domains from anyone).
  const char* role;
};

// Open relays in orange (a warning), closed ones in cool colours; white text on dark fills.
constexpr PolicyLook kPolicies[] = {
    {"open", kOrange, kBlack, text::N_("MTA: open relay (relays for anyone)"), text::N_("open relay")},
    {"legacy-open", kOrange, kBlack, text::N_("MTA: open relay (relays anything, pre-1999)"),
     text::N_("open relay, pre-1999")},
    {"mynetworks", kYellow, kBlack, text::N_("MTA: relays for its own networks"), text::N_("relays for its network")},
    {"authenticated", kGreen, "#FFFFFF", text::N_("MTA: relays after AUTH or for its networks"),
     text::N_("relays for its network + AUTH")},
    {"closed", kSkyBlue, kBlack, text::N_("MTA: relays for no one"), text::N_("relays for no one")},
};

struct KindLook {
  const char* kind;
  const char* shape;        // Graphviz's
  const char* shape_words;  // the legend's name for it
  const char* legend;
};

constexpr KindLook kKinds[] = {
    {"mta", "box", "", ""},
    {"user", "ellipse", text::N_("ellipse"), text::N_("user's client host")},
    {"spammer", "octagon", text::N_("octagon"), text::N_("spammer's host")},
    {"botnet", "tripleoctagon", text::N_("triple octagon"), text::N_("botnet (many bots)")},
};

const PolicyLook* policy_look(const std::string& policy) {
  for (const PolicyLook& p : kPolicies) {
    if (policy == p.name) return &p;
  }
  return nullptr;
}

const KindLook& kind_look(const std::string& kind) {
  for (const KindLook& k : kKinds) {
    if (kind == k.kind) return k;
  }
  return kKinds[0];
}

std::string swatch(const LegendEntry& e) {
  switch (e.kind) {
    case LegendEntry::Kind::Fill:
      return "<TD BGCOLOR=\"" + e.colour + "\" WIDTH=\"40\"> </TD>";
    case LegendEntry::Kind::Line:
      return "<TD><FONT COLOR=\"" + e.colour + "\"><B>&#9472;&#9472;&#9472;&#9472;</B></FONT></TD>";
    case LegendEntry::Kind::DashedLine:
      return "<TD><FONT COLOR=\"" + e.colour + "\"><B>- - - -</B></FONT></TD>";
    case LegendEntry::Kind::Shape:
      return "<TD>" + html_escape(e.colour) + "</TD>";
  }
  return "<TD></TD>";
}

}  // namespace

const char* class_colour(const std::string& message_class) {
  if (message_class == "spam") return kVermillion;
  if (message_class == "dsn") return kPurple;
  if (message_class == "probe") return kGrey;
  return kBlue;
}

std::string class_label(const std::string& message_class, const text::Catalog& catalog) {
  return report::class_words(message_class, catalog);
}

std::string relay_role(const std::string& policy, const text::Catalog& catalog) {
  const PolicyLook* look = policy_look(policy);
  return catalog.tr(look ? look->role : "its own relay rules");
}

std::string mta_label(const NodeRecord& host, const std::map<std::string, double>& relay_closed_at,
                      const text::Catalog& catalog) {
  std::string role = relay_role(host.policy, catalog);
  const auto closed = relay_closed_at.find(host.name);
  if (closed != relay_closed_at.end()) role = catalog.tr("{1} until {2}, then closed", {role, clock(closed->second)});
  return host.name + "\n(" + role + ")";
}

std::string wrapped(const std::string& title, std::size_t width) {
  if (title.size() <= width) return title;
  std::size_t best = std::string::npos;
  for (std::size_t i = title.find(' '); i != std::string::npos; i = title.find(' ', i + 1)) {
    const auto off = [&](std::size_t at) { return at > title.size() / 2 ? at - title.size() / 2 : title.size() / 2 - at; };
    if (best == std::string::npos || off(i) < off(best)) best = i;
  }
  return best == std::string::npos ? title : title.substr(0, best) + "\n" + title.substr(best + 1);
}

void title(Graph& graph, const std::string& title, const std::string& subtitle, const Sizes& text,
           const std::string& legend_row) {
  Agraph_t* g = graph.get();
  const auto lines = [](const std::string& text) {
    std::string html;
    for (const char c : text) html += c == '\n' ? std::string("<BR/>") : html_escape(std::string(1, c));
    return html;
  };
  std::string html = "<B>" + lines(title) + "</B>";
  if (!subtitle.empty()) {
    html += "<BR/><FONT POINT-SIZE=\"" + std::to_string(text.subtitle) + "\">" + lines(subtitle) + "</FONT>";
  }
  if (!legend_row.empty()) html = "<TABLE BORDER=\"0\"><TR><TD>" + html + "</TD></TR><TR><TD>" + legend_row + "</TD></TR></TABLE>";
  set_html(g, "label", html);
  set(g, "fontsize", std::to_string(text.title));
}

void begin(Graph& graph, const std::string& title_text, const std::string& subtitle, const Sizes& text,
           const char* rankdir) {
  Agraph_t* g = graph.get();
  set(g, "labelloc", "t");
  set(g, "fontname", kFont);
  set(g, "fontsize", std::to_string(text.title));
  if (!title_text.empty()) title(graph, title_text, subtitle, text);
  set(g, "rankdir", rankdir);
  set(g, "bgcolor", "white");
  set(g, "pad", "0.3");
  set(g, "nodesep", number(text.node_gap, 2));
  set(g, "ranksep", number(text.rank_gap, 2));
  // Node and edge defaults, declared on the root so that every element inherits them.
  agattr(g, AGNODE, const_cast<char*>("fontname"), const_cast<char*>(kFont));
  agattr(g, AGNODE, const_cast<char*>("fontsize"), const_cast<char*>(std::to_string(text.node).c_str()));
  agattr(g, AGNODE, const_cast<char*>("penwidth"), const_cast<char*>("1.5"));
  agattr(g, AGEDGE, const_cast<char*>("fontname"), const_cast<char*>(kFont));
  agattr(g, AGEDGE, const_cast<char*>("fontsize"), const_cast<char*>(std::to_string(text.edge).c_str()));
}

void style_host(Agnode_t* node, const NodeRecord& host) {
  set(node, "shape", kind_look(host.kind).shape);
  if (!host.is_mta()) {
    set(node, "style", "filled");
    set(node, "fillcolor", "#FFFFFF");
    if (host.message_class == "spam") set(node, "color", kVermillion);
    return;
  }
  const PolicyLook* look = policy_look(host.policy);
  set(node, "style", host.outages.empty() ? "rounded,filled" : "rounded,filled,dashed");
  set(node, "fillcolor", look ? look->fill : "#FFFFFF");
  set(node, "fontcolor", look ? look->font : kBlack);
}

double width_for(std::uint64_t volume) { return volume == 0 ? 1.0 : 1.5 + 2.5 * std::log10(1.0 + double(volume)); }

std::string number(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::vector<LegendEntry> host_legend(const TopologyRecord& topology, const text::Catalog& catalog) {
  std::vector<LegendEntry> entries;
  for (const PolicyLook& p : kPolicies) {
    for (const NodeRecord& n : topology.nodes) {
      if (n.is_mta() && n.policy == p.name) {
        entries.push_back({LegendEntry::Kind::Fill, p.fill, catalog.tr(p.legend)});
        break;
      }
    }
  }
  for (const KindLook& k : kKinds) {
    for (const NodeRecord& n : topology.nodes) {
      if (n.kind == k.kind && *k.legend) {
        entries.push_back({LegendEntry::Kind::Shape, catalog.tr(k.shape_words), catalog.tr(k.legend)});
        break;
      }
    }
  }
  for (const NodeRecord& n : topology.nodes) {
    if (!n.outages.empty()) {
      entries.push_back({LegendEntry::Kind::Shape, catalog.tr("dashed border"),
                         catalog.tr("server down for a while (outage)")});
      break;
    }
  }
  return entries;
}

std::vector<LegendEntry> flow_legend(bool bounces, bool probes, const text::Catalog& catalog) {
  std::vector<LegendEntry> entries = {{LegendEntry::Kind::Line, kBlue, catalog.tr("ham (wanted mail)")},
                                      {LegendEntry::Kind::Line, kVermillion, catalog.tr("spam")}};
  if (bounces) entries.push_back({LegendEntry::Kind::Line, kPurple, catalog.tr("bounce (DSN)")});
  if (probes) {
    entries.push_back({LegendEntry::Kind::Line, kGrey, catalog.tr("relay probe (a spammer testing for open relays)")});
  }
  entries.push_back({LegendEntry::Kind::DashedLine, kBlack, catalog.tr("refused (reply code shown)")});
  entries.push_back({LegendEntry::Kind::Shape, catalog.tr("width"), catalog.tr("copies, on a log scale")});
  return entries;
}

void legend(Graph& graph, const std::vector<LegendEntry>& entries, const Look& look) {
  const Sizes& text = look.sizes;
  std::string html = "<TABLE BORDER=\"1\" COLOR=\"#999999\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\">"
                     "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>" + html_escape(look.tr("Legend")) + "</B></TD></TR>";
  for (const LegendEntry& e : entries) {
    html += "<TR>" + swatch(e) + "<TD ALIGN=\"LEFT\">" + html_escape(e.text) + "</TD></TR>";
  }
  html += "</TABLE>";
  Agnode_t* node = graph.node("legend");
  set(node, "shape", "plaintext");
  set(node, "fontsize", std::to_string(text.small));
  set_html(node, "label", html);
}

std::string legend_strip(const std::vector<LegendEntry>& entries, const Sizes& text) {
  // A row wider than the slide would shrink everything on it: rows of about 110 characters,
  // each its own table so that every row is centred with its own column widths.
  constexpr std::size_t kRowCharacters = 110;
  if (entries.empty()) return "";  // Graphviz refuses a table with an empty row
  std::vector<std::string> rows(1);
  std::size_t row_width = 0;
  for (const LegendEntry& e : entries) {
    const std::size_t width = e.text.size() + 8;  // the swatch takes about 8 characters
    if (row_width > 0 && row_width + width > kRowCharacters) {
      rows.emplace_back();
      row_width = 0;
    }
    rows.back() += swatch(e) + "<TD ALIGN=\"LEFT\">" + html_escape(e.text) + "</TD>";
    row_width += width;
  }
  std::string html = "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">";
  for (const std::string& row : rows) {
    html += "<TR><TD><TABLE BORDER=\"0\" CELLSPACING=\"6\" CELLPADDING=\"2\"><TR>" + row + "</TR></TABLE></TD></TR>";
  }
  return "<FONT POINT-SIZE=\"" + std::to_string(text.small) + "\">" + html + "</TABLE></FONT>";
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string clock(double seconds) {
  const auto total = static_cast<long long>(seconds);
  char buffer[32];
  if (total >= 86400) {
    std::snprintf(buffer, sizeof buffer, "%lldd %02lld:%02lld:%02lld", total / 86400, total % 86400 / 3600,
                  total % 3600 / 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld", total / 3600, total % 3600 / 60, total % 60);
  }
  return buffer;
}

}  // namespace relaysim::viz::style

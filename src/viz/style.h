// The look shared by every diagram: the Okabe-Ito palette (safe for colour-blind viewers),
// fonts large enough for a projected slide, shapes per host kind, fills per relay policy,
// edge widths by volume, titles and legends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "text/catalog.h"
#include "viz/graphviz.h"
#include "viz/run_record.h"

namespace relaysim::viz::style {

// Okabe & Ito (2008), "Color Universal Design".
inline constexpr const char* kOrange = "#E69F00";
inline constexpr const char* kSkyBlue = "#56B4E9";
inline constexpr const char* kGreen = "#009E73";
inline constexpr const char* kYellow = "#F0E442";
inline constexpr const char* kBlue = "#0072B2";
inline constexpr const char* kVermillion = "#D55E00";
inline constexpr const char* kPurple = "#CC79A7";
inline constexpr const char* kBlack = "#000000";
inline constexpr const char* kGrey = "#999999";

inline constexpr const char* kFont = "Helvetica";

// Font sizes in points and gaps in inches. On screen a diagram is read up close; on a slide
// every text must stay at least 24 px on a 1920x1080 projection (18 pt at 96 dpi) once the
// slide fits it, so text is larger and the gaps between hosts tighter.
struct Sizes {
  int title, subtitle, node, edge, small, heading;
  double node_gap, rank_gap;  // Graphviz's nodesep and ranksep
};
inline constexpr Sizes kScreenSizes{26, 18, 16, 14, 14, 22, 0.5, 1.0};
inline constexpr Sizes kSlideSizes{44, 28, 26, 24, 24, 24, 0.25, 0.6};

// How a diagram is drawn for its readers: for a screen or a slide, and in their language.
struct Look {
  Sizes sizes = kScreenSizes;
  text::Catalog catalog;
  std::string tr(const char* msgid, std::initializer_list<std::string_view> args = {}) const {
    return catalog.tr(msgid, args);
  }
};

// Ham blue, spam vermillion, bounces (DSN) purple, relay probes grey.
const char* class_colour(const std::string& message_class);
// Text for a class in labels: "ham", "spam", "bounce", "relay probe".
std::string class_label(const std::string& message_class, const text::Catalog& catalog);
// "mx.campus.example\n(relays for its network + AUTH)": what an MTA relays for, and when its
// operator closed it if the run says so.
std::string mta_label(const NodeRecord& host, const std::map<std::string, double>& relay_closed_at,
                      const text::Catalog& catalog);
// "relays for its network + AUTH" for the preset "authenticated"; "its own relay rules" for a list.
std::string relay_role(const std::string& policy, const text::Catalog& catalog);

// Graph-wide defaults plus a title (and a subtitle line) at the top.
void begin(Graph& graph, const std::string& title, const std::string& subtitle, const Sizes& text = kScreenSizes,
           const char* rankdir = "LR");
// Replaces the title and subtitle (no subtitle line when it is empty), with a legend strip
// (legend_strip) under them when one is given.
void title(Graph& graph, const std::string& title, const std::string& subtitle, const Sizes& text,
           const std::string& legend_row = "");
// A title of more than `width` characters broken into two lines at the space nearest its middle.
std::string wrapped(const std::string& title, std::size_t width);

// Shape per host kind and, for MTAs, a fill per relay policy.
void style_host(Agnode_t* node, const NodeRecord& host);

// Edge width for a volume of recipient copies, on a log scale so one copy still shows.
double width_for(std::uint64_t volume);
// "1.5" (Graphviz attributes are text; fixed precision keeps the output byte-identical).
std::string number(double value, int decimals = 1);

struct LegendEntry {
  enum class Kind : std::uint8_t { Fill, Line, DashedLine, Shape };
  Kind kind = Kind::Fill;
  std::string colour;
  std::string text;
};
// The entries for the host kinds and relay policies present in the topology.
std::vector<LegendEntry> host_legend(const TopologyRecord& topology, const text::Catalog& catalog);
// The entries for ham, spam, bounces and relay probes (those drawn), and refused flows.
std::vector<LegendEntry> flow_legend(bool bounces, bool probes, const text::Catalog& catalog);
// A legend box (an HTML-like table node named "legend") added to `graph`.
void legend(Graph& graph, const std::vector<LegendEntry>& entries, const Look& look = {});

// The legend as one row of entries, to go under a slide's title (HTML-like label text).
std::string legend_strip(const std::vector<LegendEntry>& entries, const Sizes& text);

// Escapes text for an HTML-like label.
std::string html_escape(const std::string& text);
// "01:02:03" from seconds (with days when needed).
std::string clock(double seconds);

}  // namespace relaysim::viz::style

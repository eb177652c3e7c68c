// The look shared by every diagram: the Okabe-Ito palette (safe for colour-blind viewers),
// fonts large enough for a projected slide, shapes per host kind, fills per relay policy,
// edge widths by volume, titles and legends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
inline constexpr int kTitleSize = 26;
inline constexpr int kNodeFontSize = 16;
inline constexpr int kEdgeFontSize = 14;

// Ham blue, spam vermillion, bounces (DSN) purple, relay probes grey.
const char* class_colour(const std::string& message_class);
// Text for a class in labels: "ham", "spam", "bounce", "relay probe".
std::string class_label(const std::string& message_class);
// "mx.campus.example\n(relays for its network + AUTH)": what an MTA relays for, and when its
// operator closed it if the run says so.
std::string mta_label(const NodeRecord& host, const std::map<std::string, double>& relay_closed_at);
// "relays for its network + AUTH" for the preset "authenticated"; "its own relay rules" for a list.
std::string relay_role(const std::string& policy);

// Graph-wide defaults plus a title (and a subtitle line) at the top.
void begin(Graph& graph, const std::string& title, const std::string& subtitle, const char* rankdir = "LR");

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
std::vector<LegendEntry> host_legend(const TopologyRecord& topology);
// The entries for ham, spam, bounces, relay probes (when drawn) and refused flows.
std::vector<LegendEntry> flow_legend(bool probes);
// A legend box (an HTML-like table node named "legend") added to `graph`.
void legend(Graph& graph, const std::vector<LegendEntry>& entries);

// Escapes text for an HTML-like label.
std::string html_escape(const std::string& text);
// "01:02:03" from seconds (with days when needed).
std::string clock(double seconds);

}  // namespace relaysim::viz::style

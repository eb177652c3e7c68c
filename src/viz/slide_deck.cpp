#include "viz/slide_deck.h"

#include <cstdio>

#include "report/atomic_file.h"
#include "viz/flow_map_diagram.h"
#include "viz/message_path_diagram.h"
#include "viz/slide_layout.h"
#include "viz/style.h"
#include "viz/topology_diagram.h"
#include "viz/topology_difference.h"

namespace relaysim::viz {
namespace {

using style::kSlideSizes;

struct Slide {
  std::string name;  // the file's name after its number
  std::string title, subtitle;
  // The ways to draw it, best_fit picks one. Each draws the builder's picture; the deck then
  // puts its own title on it, and the legend as a strip under the title.
  std::vector<Build> variants;
  std::vector<style::LegendEntry> legend;
};

// A title line longer than this is broken in two: at 44 pt bold a longer one would be wider
// than the slide and shrink everything with it.
constexpr std::size_t kTitleWidth = 48;



std::string lesson_name(const TopologyRecord& t) { return t.title.empty() ? t.scenario : t.title; }

// The ways dot can draw a picture: a chain of servers fits a slide lying down, a fan standing
// up; unconnected parts (domains nobody mails yet) packed side by side rather than stacked.
std::vector<Build> dot_variants(const Build& build) {
  std::vector<Build> variants;
  // Graphviz's pack modes: none, parts fitted around each other, parts in rows, in 3 columns.
  for (const char* packmode : {"", "graph", "array", "array_c3"}) {
    for (const char* rankdir : {"LR", "TB"}) {
      variants.push_back([build, rankdir, packmode](Graph& g) {
        build(g);
        set(g.get(), "rankdir", rankdir);
        if (!*packmode) return;
        set(g.get(), "pack", "true");
        set(g.get(), "packmode", packmode);
      });
    }
  }
  return variants;
}

// "ham: 12 of 12 copies delivered; spam: 40 of 300"
std::string deliveries(const SummaryRecord& summary) {
  std::string text;
  for (const char* cls : {"ham", "spam"}) {
    const auto it = summary.classes.find(cls);
    if (it == summary.classes.end() || it->second.submitted == 0) continue;
    text += std::string(text.empty() ? "" : "; ") + cls + ": " + std::to_string(it->second.delivered) + " of " +
            std::to_string(it->second.submitted) + " copies delivered";
  }
  return text;
}

Slide topology_slide(const RunRecord& run) {
  return {"topology", lesson_name(run.topology), "who relays for whom, and which servers take each domain's mail (MX)",
          dot_variants([&run](Graph& g) { build_topology_diagram(g, run.topology, kSlideSizes, HostLabels::Short); }),
          style::host_legend(run.topology)};
}

Slide flow_slide(const RunRecord& run, std::size_t max_edges) {
  const FlowView view = flow_view(run, max_edges);
  std::string subtitle = deliveries(run.summary);
  if (!view.group_heads.empty()) subtitle += "; hosts grouped by role";
  if (view.hidden_flows) {
    subtitle += "; " + std::to_string(view.hidden_flows) + " smaller flows (" + std::to_string(view.hidden_copies) +
                " copies) not drawn";
  }
  return {"flows", "Where the mail went", subtitle,
          dot_variants([&run, max_edges](Graph& g) { build_flow_map(g, run, kSlideSizes, max_edges); }),
          flow_legend_for(view.counts)};
}

Slide message_slide(const RunRecord& run, const KeyMessageRecord& key) {
  return {message_file_stem(key.msg), "Message " + std::to_string(key.msg) + ": " + key.outcome,
          "hop by hop, each with the reply that decided it",
          dot_variants([&run, m = key.msg](Graph& g) { build_message_path(g, run, m, kSlideSizes); }),
          message_path_legend(run.events_of(key.msg).empty() ? "ham" : run.events_of(key.msg).front().message_class)};
}

std::vector<style::LegendEntry> comparison_legend(const RunRecord& run, const RunRecord& other) {
  FlowCounts both = count_flows(run);
  for (const auto& [key, n] : count_flows(other).flows) both.flows[key] += n;
  return flow_legend_for(both);
}

Slide comparison_slide(Context& context, const RunRecord& run, const RunRecord& other) {
  Slide slide{"compare", what_differs(run.topology, other.topology).title,
              "", {},
              comparison_legend(run, other)};
  // Stacked or side by side, whichever fills the slide better; never shrunk to fit one way.
  for (const auto arrangement : {ComparisonLook::Arrangement::SideBySide, ComparisonLook::Arrangement::Stacked}) {
    slide.variants.push_back([&context, &run, &other, arrangement](Graph& g) {
      build_comparison(context, g, run, other, {arrangement, kSlideSizes, false});
    });
  }
  return slide;
}

// The slide's own title on the builder's picture, and the legend only when asked for.
std::vector<Build> titled(const Slide& slide, const SlideOptions& options) {
  std::vector<Build> variants;
  for (const Build& build : slide.variants) {
    variants.push_back([build, &slide, &options](Graph& g) {
      build(g);
      g.remove_node("legend");
      style::title(g, style::wrapped(slide.title, kTitleWidth), options.subtitle ? slide.subtitle : "", kSlideSizes,
                   options.legend ? style::legend_strip(slide.legend, kSlideSizes) : "");
    });
  }
  return variants;
}

std::string slide_stem(std::size_t index, const std::string& name) {
  char number[24];
  std::snprintf(number, sizeof number, "%02zu-", index + 1);
  return number + name;
}

std::string fit_note(const SlideFit& fit) {
  const std::string px = style::number(fit.smallest_text_px, 0);
  return fit.readable() ? "smallest text " + px + " px"
                        : "WARNING: smallest text " + px + " px, under the 24 px a hall reads; draw fewer hosts";
}

}  // namespace

std::vector<RenderedDiagram> render_slides(Context& context, const RunRecord& run, const SlideOptions& options,
                                           const std::filesystem::path& dir) {
  std::optional<RunRecord> other;
  if (options.compare) other = load_run(*options.compare);
  std::vector<Slide> slides;
  slides.push_back(topology_slide(run));
  slides.push_back(flow_slide(run, kSlideFlows));
  for (std::size_t i = 0; i < run.summary.key_messages.size() && i < kDefaultMessagePaths; ++i) {
    slides.push_back(message_slide(run, run.summary.key_messages[i]));
  }
  if (other) slides.push_back(comparison_slide(context, run, *other));

  std::vector<RenderedDiagram> written;
  for (std::size_t i = 0; i < slides.size(); ++i) {
    std::vector<Build> variants = titled(slides[i], options);
    SlideFit fit = best_fit(context, variants);
    // A flow map too crowded to read even grouped keeps fewer of its smallest flows.
    for (const std::size_t flows : {std::size_t{15}, std::size_t{8}}) {
      if (slides[i].name != "flows" || fit.readable()) break;
      slides[i] = flow_slide(run, flows);
      variants = titled(slides[i], options);
      fit = best_fit(context, variants);
    }
    Graph graph(slides[i].name);
    variants[fit.variant](graph);
    apply_fit(graph, fit);
    const std::string stem = slide_stem(i, slides[i].name);
    const std::string what = "slide: " + slides[i].title + " (" + fit_note(fit) + ")";
    if (options.format == Format::Dot) {
      written.push_back({dir / (stem + ".dot"), what});
      render_to_file(context, graph, Format::Dot, written.back().file);
      continue;
    }
    const Layout layout(context, graph);
    std::filesystem::create_directories(dir);
    report::write_file_atomically(dir / (stem + ".svg"), layout.render("svg"));
    written.push_back({dir / (stem + ".svg"), what});
    if (options.format != Format::Png) continue;
    report::write_file_atomically(dir / (stem + ".png"), layout.render("png:cairo"));
    written.push_back({dir / (stem + ".png"), what});
  }
  return written;
}

}  // namespace relaysim::viz

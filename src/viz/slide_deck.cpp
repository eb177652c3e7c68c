#include "viz/slide_deck.h"

#include <cstdio>

#include "report/atomic_file.h"
#include "report/message_file_name.h"
#include "viz/engagement.h"
#include "viz/flow_map_diagram.h"
#include "viz/message_path_diagram.h"
#include "viz/slide_layout.h"
#include "viz/style.h"
#include "viz/topology_diagram.h"
#include "viz/topology_difference.h"

namespace relaysim::viz {
namespace {

using style::kSlideSizes;
// The slide's sizes with the hosts closer together, for a picture that would not fit otherwise.
constexpr style::Sizes kTightSlideSizes = [] {
  style::Sizes tight = kSlideSizes;
  tight.node_gap = 0.12;
  tight.rank_gap = 0.3;
  return tight;
}();

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
constexpr std::size_t kSubtitleWidth = 80;  // at 28 pt



std::string lesson_name(const TopologyRecord& t, const text::Catalog& catalog) {
  const std::string title = t.title_in(catalog);
  return title.empty() ? t.scenario : title;
}

// The ways dot can draw a picture: a chain of servers fits a slide lying down, a fan standing
// up; unconnected parts (domains nobody mails yet) packed side by side rather than stacked.
std::vector<Build> dot_variants(const Build& build) {
  std::vector<Build> variants;
  // Graphviz's pack modes: none, parts fitted around each other, parts in rows, in 3 columns;
  // and the hosts at their usual distance, or closer when a long label needs the room.
  for (const bool tight : {false, true}) {
    for (const char* packmode : {"", "graph", "array", "array_c3"}) {
      for (const char* rankdir : {"LR", "TB"}) {
        variants.push_back([build, rankdir, packmode, tight](Graph& g) {
          build(g);
          set(g.get(), "rankdir", rankdir);
          if (tight) {
            set(g.get(), "nodesep", style::number(kTightSlideSizes.node_gap, 2));
            set(g.get(), "ranksep", style::number(kTightSlideSizes.rank_gap, 2));
          }
          if (!*packmode) return;
          set(g.get(), "pack", "true");
          set(g.get(), "packmode", packmode);
        });
      }
    }
  }
  return variants;
}

// "ham: 12 of 12 copies delivered; spam: 40 of 300 copies delivered"
std::string deliveries(const SummaryRecord& summary, const text::Catalog& tr) {
  std::string text;
  for (const char* cls : {"ham", "spam"}) {
    const auto it = summary.classes.find(cls);
    if (it == summary.classes.end() || it->second.submitted == 0) continue;
    text += (text.empty() ? "" : "; ") +
            tr.tr("{1}: {2} of {3} copies delivered", {style::class_label(cls, tr), std::to_string(it->second.delivered),
                                                        std::to_string(it->second.submitted)});
  }
  return text;
}

Slide topology_slide(const RunRecord& run, const style::Look& look) {
  return {"topology", lesson_name(run.topology, look.catalog),
          look.tr("who relays for whom, and which servers take each domain's mail (MX)"),
          dot_variants([&run, look](Graph& g) { build_topology_diagram(g, run.topology, look, HostLabels::Short); }),
          style::host_legend(run.topology, look.catalog)};
}

Slide flow_slide(const RunRecord& run, std::size_t max_edges, const style::Look& look) {
  const FlowView view = flow_view(run, look.catalog, max_edges);
  const std::string left_out = omissions(view, look.catalog);
  return {"flows", look.tr("Where the mail went"),
          deliveries(run.summary, look.catalog) + (left_out.empty() ? "" : "; " + left_out),
          dot_variants([&run, max_edges, look](Graph& g) { build_flow_map(g, run, look, max_edges); }),
          flow_legend_for(view.counts, look.catalog)};
}

Slide message_slide(const RunRecord& run, const KeyMessageRecord& key, const style::Look& look) {
  const auto events = run.events_of(key.msg);
  return {report::message_file_stem(key.msg),
          look.tr("Message {1}: {2}", {std::to_string(key.msg), key.describe(look.catalog)}),
          look.tr("hop by hop, each with the reply that decided it"),
          dot_variants([&run, m = key.msg, look](Graph& g) { build_message_path(g, run, m, look); }),
          message_path_legend(events.empty() ? "ham" : events.front().message_class, look.catalog)};
}

Slide engagement_slide(const Engagement& e, const style::Look& look) {
  return {"engagement", look.tr("How many read the newsletter: measured and published"),
          look.tr("opens and clicks per delivered ham copy; published: Mailchimp 2019 and Campaign Monitor 2019"),
          {[e, look](Graph& g) { build_engagement_table(g, e, look); }},
          {}};
}

std::vector<style::LegendEntry> comparison_legend(const RunRecord& run, const RunRecord& other,
                                                  const text::Catalog& tr) {
  FlowCounts both = count_flows(run);
  for (const auto& [key, n] : count_flows(other).flows) both.flows[key] += n;
  return flow_legend_for(both, tr);
}

Slide comparison_slide(Context& context, const RunRecord& run, const RunRecord& other, const style::Look& look) {
  Slide slide{"compare", what_differs(run, other, look.catalog).title, "", {},
              comparison_legend(run, other, look.catalog)};
  // Stacked or side by side, whichever fills the slide better; never shrunk to fit one way.
  const style::Look tight{kTightSlideSizes, look.catalog};
  for (const style::Look& spacing : {look, tight}) {
    for (const auto arrangement : {ComparisonLook::Arrangement::SideBySide, ComparisonLook::Arrangement::Stacked}) {
      for (const char* rankdir : {"LR", "TB"}) {
        slide.variants.push_back([&context, &run, &other, arrangement, spacing, rankdir](Graph& g) {
          build_comparison(context, g, run, other, {arrangement, spacing, false, rankdir});
        });
      }
    }
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
      style::title(g, style::wrapped(slide.title, kTitleWidth),
                   options.subtitle ? style::wrapped(slide.subtitle, kSubtitleWidth) : "", kSlideSizes,
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

std::string fit_note(const SlideFit& fit, const text::Catalog& tr) {
  const std::string px = style::number(fit.smallest_text_px, 0);
  return fit.readable() ? tr.tr("smallest text {1} px", {px})
                        : tr.tr("WARNING: smallest text {1} px, under the 24 px a hall reads; draw fewer hosts", {px});
}

}  // namespace

std::vector<RenderedDiagram> render_slides(Context& context, const RunRecord& run, const SlideOptions& options,
                                           const std::filesystem::path& dir) {
  std::optional<RunRecord> other;
  if (options.compare) other = load_run(*options.compare);
  const style::Look look{kSlideSizes, options.catalog};
  std::vector<Slide> slides;
  slides.push_back(topology_slide(run, look));
  slides.push_back(flow_slide(run, kSlideFlows, look));
  // Readers matter to the lesson once ham lands in the junk folder (a newsletter's deliverability).
  if (const auto e = ham_engagement(run.metrics); e && e->junked) slides.push_back(engagement_slide(*e, look));
  for (std::size_t i = 0; i < run.summary.key_messages.size() && i < kDefaultMessagePaths; ++i) {
    slides.push_back(message_slide(run, run.summary.key_messages[i], look));
  }
  if (other) slides.push_back(comparison_slide(context, run, *other, look));

  std::vector<RenderedDiagram> written;
  for (std::size_t i = 0; i < slides.size(); ++i) {
    std::vector<Build> variants = titled(slides[i], options);
    SlideFit fit = best_fit(context, variants);
    // A flow map too crowded to read even grouped keeps fewer of its smallest flows.
    for (const std::size_t flows : {std::size_t{15}, std::size_t{8}}) {
      if (slides[i].name != "flows" || fit.readable()) break;
      slides[i] = flow_slide(run, flows, look);
      variants = titled(slides[i], options);
      fit = best_fit(context, variants);
    }
    Graph graph(slides[i].name);
    variants[fit.variant](graph);
    apply_fit(graph, fit);
    const std::string stem = slide_stem(i, slides[i].name);
    const std::string what = slides[i].title + " (" + fit_note(fit, options.catalog) + ")";
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

// A lecture's slides from a finished run, in the order a lecture shows them: the world, where
// the mail went, the key messages' paths, and (given another run) what changes between the two.
// Each slide is one 16:9 picture of 1920x1080 px whose text stays readable from the back row.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "text/catalog.h"
#include "viz/diagram_set.h"
#include "viz/graphviz.h"
#include "viz/run_record.h"

namespace relaysim::viz {

struct SlideOptions {
  bool legend = true;
  bool subtitle = true;
  std::optional<std::filesystem::path> compare;  // another run's OUTDIR: a last, comparison slide
  // Png writes each slide as PNG and SVG; Svg as SVG only; Dot as the DOT source, zoom and
  // view included.
  Format format = Format::Png;
  text::Catalog catalog;  // the slides' language
};

// Flows a slide draws at most; more, and hosts are grouped and the smallest flows left out.
inline constexpr std::size_t kSlideFlows = 25;

// Writes dir/NN-name.png and .svg (01-topology, 02-flows, 03-message-000004, ..., NN-compare).
// Throws GraphvizError or RunRecordError.
std::vector<RenderedDiagram> render_slides(Context& context, const RunRecord& run, const SlideOptions& options,
                                           const std::filesystem::path& dir);

}  // namespace relaysim::viz

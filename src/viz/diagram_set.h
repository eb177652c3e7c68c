// Which diagrams to draw from a run, and drawing them into files: the one place that names
// the files (topology.svg, flows.svg, timelapse-01.svg, message-000001.svg, compare.svg).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "text/catalog.h"
#include "viz/graphviz.h"
#include "viz/renderer.h"
#include "viz/run_record.h"

namespace relaysim::viz {

struct DiagramRequest {
  bool topology = false;
  bool flows = false;
  int timelapse_frames = 0;                      // 0: no time-lapse
  std::vector<std::uint64_t> messages;           // message paths
  std::optional<std::filesystem::path> compare;  // another run's OUTDIR: side-by-side flow maps
  Format format = Format::Svg;
  text::Catalog catalog;  // the diagrams' language
  bool empty() const { return !topology && !flows && timelapse_frames == 0 && messages.empty() && !compare; }
};

inline constexpr int kDefaultFrames = 6;
// Message paths drawn by default: the first key messages (run.summary.key_messages).
inline constexpr std::size_t kDefaultMessagePaths = 4;

// The default set: topology, flow map, a 6-frame time-lapse, and the paths of the first key
// messages (or, without them, of the first ham and the first spam message).
DiagramRequest default_request(const RunRecord& run, Format format);

struct RenderedDiagram {
  std::filesystem::path file;
  std::string what;
};

// Draws each requested diagram into `dir` (created when missing), named by kind; with a single
// diagram, `single_file` (when given) is the file to write instead. Throws GraphvizError or
// RunRecordError; a diagram that fails leaves no file.
std::vector<RenderedDiagram> render_diagrams(Context& context, const RunRecord& run, const DiagramRequest& request,
                                             const std::filesystem::path& dir,
                                             const std::optional<std::filesystem::path>& single_file = {});

}  // namespace relaysim::viz

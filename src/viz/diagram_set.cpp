#include "viz/diagram_set.h"

#include <cstdio>
#include <functional>

#include "report/message_file_name.h"
#include "viz/flow_map_diagram.h"
#include "viz/message_path_diagram.h"
#include "viz/topology_diagram.h"

namespace relaysim::viz {
namespace {

struct Job {
  std::string stem;
  std::string what;
  std::function<void(Graph&)> build;
};

std::vector<Job> jobs_for(Context& context, const RunRecord& run, const DiagramRequest& request,
                          const std::optional<Positions>& layout, const std::optional<RunRecord>& other) {
  const style::Look look{style::kScreenSizes, request.catalog};
  const text::Catalog& tr = request.catalog;
  std::vector<Job> jobs;
  if (request.topology) {
    jobs.push_back({"topology", tr.tr("topology"), [&run, look](Graph& g) { build_topology_diagram(g, run.topology, look); }});
  }
  if (request.flows) {
    jobs.push_back({"flows", tr.tr("flow map"), [&run, look](Graph& g) { build_flow_map(g, run, look); }});
  }
  for (int i = 0; i < request.timelapse_frames; ++i) {
    char stem[32];
    std::snprintf(stem, sizeof stem, "timelapse-%02d", i + 1);
    jobs.push_back({stem, tr.tr("time-lapse frame {1}", {std::to_string(i + 1)}), [&run, &layout, &request, i, look](Graph& g) {
                      build_timelapse_frame(g, run, i, request.timelapse_frames, *layout, look);
                    }});
  }
  for (const std::uint64_t m : request.messages) {
    jobs.push_back({report::message_file_stem(m), tr.tr("path of message {1}", {std::to_string(m)}),
                    [&run, m, look](Graph& g) { build_message_path(g, run, m, look); }});
  }
  if (other) {
    jobs.push_back({"compare", tr.tr("side by side with {1}", {other->dir.string()}),
                    [&context, &run, &other, look](Graph& g) {
                      build_comparison(context, g, run, *other, {ComparisonLook::Arrangement::SideBySide, look, true});
                    }});
  }
  return jobs;
}

}  // namespace

DiagramRequest default_request(const RunRecord& run, Format format) {
  DiagramRequest r;
  r.topology = true;
  r.flows = true;
  r.timelapse_frames = kDefaultFrames;
  // The key messages (the scenario's, then one per outcome, the rarer first); for a folder
  // without them, the first ham and spam messages.
  for (const KeyMessageRecord& k : run.summary.key_messages) {
    if (r.messages.size() < kDefaultMessagePaths) r.messages.push_back(k.msg);
  }
  if (r.messages.empty()) {
    for (const char* cls : {"ham", "spam"}) {
      if (const std::uint64_t m = first_message_of(run, cls)) r.messages.push_back(m);
    }
  }
  r.format = format;
  return r;
}

std::vector<RenderedDiagram> render_diagrams(Context& context, const RunRecord& run, const DiagramRequest& request,
                                             const std::filesystem::path& dir,
                                             const std::optional<std::filesystem::path>& single_file) {
  std::optional<Positions> layout;
  if (request.timelapse_frames > 0) {  // laid out once for all frames
    layout = flow_map_positions(context, run, {style::kScreenSizes, request.catalog});
  }
  std::optional<RunRecord> other;
  if (request.compare) other = load_run(*request.compare);
  const std::vector<Job> jobs = jobs_for(context, run, request, layout, other);
  std::vector<RenderedDiagram> written;
  for (const Job& job : jobs) {
    Graph graph(job.stem);
    job.build(graph);
    const std::filesystem::path file = jobs.size() == 1 && single_file
                                           ? *single_file
                                           : dir / (job.stem + "." + extension(request.format));
    render_to_file(context, graph, request.format, file);
    written.push_back({file, job.what});
  }
  return written;
}

}  // namespace relaysim::viz

// OUTDIR/report.html: one self-contained page (inline SVG, one inline script, nothing fetched)
// with the summary, the topology, the flow map, the time-lapse with a slider, a chart of mail
// over simulated time, and a few transcripts. Opened with ?selftest=1 the page checks itself
// (errors caught, slider moved) and writes the result into #selftest, for headless tests.
#pragma once

#include <filesystem>
#include <string>

#include "text/catalog.h"
#include "viz/graphviz.h"
#include "viz/run_record.h"

namespace relaysim::viz {

// In the catalogue's language, with the page's lang attribute saying which.
std::string report_html(Context& context, const RunRecord& run, int frames, const text::Catalog& catalog = {});
// Writes report.html into the run's folder; returns its path.
std::filesystem::path write_report(Context& context, const RunRecord& run, int frames,
                                   const text::Catalog& catalog = {});

// The chart of delivered, rejected and queued copies over simulated time for ham and spam,
// as an SVG element.
std::string activity_chart_svg(const RunRecord& run, const text::Catalog& catalog = {});
// metrics.csv per interval: ham, spam, and bounces with recipients' reactions, each on its own scale.
std::string interval_charts(const RunRecord& run, const text::Catalog& catalog = {});

}  // namespace relaysim::viz

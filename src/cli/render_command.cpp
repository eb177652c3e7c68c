#include <boost/program_options.hpp>
#include <chrono>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "viz/diagram_set.h"
#include "viz/report_html.h"
#include "viz/slide_deck.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

po::options_description render_options() {
  po::options_description options(
      "relaysim render OUTDIR [options]\n\nDraws diagrams from a finished run's output folder (topology.json, "
      "summary.json, trace.jsonl), without simulating again. With no diagram named: the default set (topology, "
      "flow map, a 6-frame time-lapse, the paths of the first four key messages of summary.json) into "
      "OUTDIR/diagrams/, and "
      "OUTDIR/report.html");
  options.add_options()
      ("help,h", "show this help")
      ("topology", "the hosts, relay policies, domains and MX records")
      ("flows", "the flow map: the whole run aggregated, edge width by volume")
      ("timelapse", po::value<int>()->value_name("N"), "the flow map in N frames across simulated time")
      ("message", po::value<std::vector<std::uint64_t>>()->multitoken()->value_name("ID"),
       "the path of message ID (ids are in trace.jsonl and transcripts/)")
      ("compare", po::value<std::string>()->value_name("OTHER_OUTDIR"),
       "flow maps of this run and another of the same hosts side by side, at identical positions")
      ("format,f", po::value<std::string>()->value_name("FMT"),
       "svg (default), png, pdf or dot (the DOT source, to restyle); default: from --out's extension")
      ("out,o", po::value<std::string>()->value_name("FILE_OR_DIR"),
       "where to write: a folder (default OUTDIR/diagrams), or a file when one diagram is asked for")
      ("no-report", "with the default set, do not write OUTDIR/report.html")
      ("slides", "a lecture's slides instead, into OUTDIR/slides (or --out): 01-topology, 02-flows, then the key "
                 "messages' paths and, with --compare, the comparison last; each 16:9, 1920x1080 px, as PNG and SVG "
                 "(--format svg: SVG only; dot: the DOT source)")
      ("no-legend", "with --slides: leave the legends out")
      ("no-subtitle", "with --slides: titles only, no subtitle line");
  add_language_option(options);
  return options;
}

struct Parsed {
  text::Catalog catalog;
  fs::path run_dir;
  viz::DiagramRequest request;
  std::optional<viz::SlideOptions> slides;
  bool defaults = false;
  bool report = true;
  fs::path dir;
  std::optional<fs::path> file;
};

std::string interpret_slides(const po::variables_map& vm, Parsed& parsed, std::optional<viz::Format> format) {
  const viz::DiagramRequest& r = parsed.request;
  if (r.topology || r.flows || r.timelapse_frames || !r.messages.empty() || vm.count("no-report")) {
    return "--slides draws a lecture's set; it goes with --compare, --out, --format, --no-legend and --no-subtitle only";
  }
  if (parsed.file) return "--slides writes several files: --out names a folder, not " + parsed.file->string();
  if (format == viz::Format::Pdf) return "--slides: --format png (PNG and SVG, the default), svg or dot";
  viz::SlideOptions& s = parsed.slides.emplace();
  s.legend = vm.count("no-legend") == 0;
  s.subtitle = vm.count("no-subtitle") == 0;
  s.compare = r.compare;
  s.format = format.value_or(viz::Format::Png);
  s.catalog = parsed.catalog;
  if (!vm.count("out")) parsed.dir = parsed.run_dir / "slides";
  return "";
}

// Fills `parsed` from the options; an error text when they make no sense.
std::string interpret(const po::variables_map& vm, Parsed& parsed) {
  viz::DiagramRequest& r = parsed.request;
  r.topology = vm.count("topology") > 0;
  r.flows = vm.count("flows") > 0;
  if (vm.count("timelapse")) {
    r.timelapse_frames = vm["timelapse"].as<int>();
    if (r.timelapse_frames < 1 || r.timelapse_frames > 100) return "--timelapse: expected 1 to 100 frames";
  }
  if (vm.count("message")) r.messages = vm["message"].as<std::vector<std::uint64_t>>();
  if (vm.count("compare")) r.compare = fs::path(vm["compare"].as<std::string>());
  parsed.defaults = r.empty();
  parsed.report = vm.count("no-report") == 0;
  parsed.dir = parsed.run_dir / "diagrams";
  std::optional<viz::Format> format;
  if (vm.count("format")) {
    format = viz::format_from_name(vm["format"].as<std::string>());
    if (!format) return "--format: expected svg, png, pdf or dot, not '" + vm["format"].as<std::string>() + "'";
  }
  if (vm.count("out")) {
    const fs::path out = vm["out"].as<std::string>();
    const auto by_extension = viz::format_from_path(out);
    if (by_extension && !fs::is_directory(out)) {
      parsed.file = out;
      if (!format) format = by_extension;
    } else {
      parsed.dir = out;
    }
  }
  r.format = format.value_or(viz::Format::Svg);
  if (vm.count("slides")) return interpret_slides(vm, parsed, format);
  if (vm.count("no-legend") || vm.count("no-subtitle")) return "--no-legend and --no-subtitle go with --slides";
  return "";
}

// Runs `draw`, turning what Graphviz or the run folder reports into relaysim's exit statuses.
int drawing(std::ostream& err, const std::function<void()>& draw) {
  try {
    draw();
  } catch (const viz::RunRecordError& e) {
    err << "relaysim render: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const viz::GraphvizError& e) {
    err << "relaysim render: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

int render_slides(const viz::RunRecord& run, const Parsed& parsed, std::ostream& out, std::ostream& err) {
  return drawing(err, [&] {
    viz::Context context;
    for (const auto& d : viz::render_slides(context, run, *parsed.slides, parsed.dir)) {
      out << "  " << d.file.string() << "  (" << d.what << ")\n";
    }
  });
}

int render_parsed(Parsed& parsed, std::ostream& out, std::ostream& err) {
  viz::RunRecord run;
  try {
    run = viz::load_run(parsed.run_dir);
    if (parsed.request.compare) viz::load_run(*parsed.request.compare);  // bad input before any drawing
  } catch (const viz::RunRecordError& e) {
    err << "relaysim render: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (parsed.slides) return render_slides(run, parsed, out, err);
  if (parsed.defaults) parsed.request = viz::default_request(run, parsed.request.format);
  parsed.request.catalog = parsed.catalog;
  const std::size_t count = parsed.request.messages.size() + (parsed.request.topology ? 1 : 0) +
                            (parsed.request.flows ? 1 : 0) + parsed.request.timelapse_frames +
                            (parsed.request.compare ? 1 : 0);
  if (parsed.file && count != 1) {
    err << "relaysim render: --out names a file, but " << count << " diagrams were asked for; give a folder\n";
    return kExitBadInput;
  }
  return drawing(err, [&] {
    viz::Context context;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& d : viz::render_diagrams(context, run, parsed.request, parsed.dir, parsed.file)) {
      out << "  " << d.file.string() << "  (" << d.what << ")\n";
    }
    if (parsed.defaults && parsed.report) {
      out << "  " << viz::write_report(context, run, viz::kDefaultFrames, parsed.catalog).string() << "  ("
          << parsed.catalog.tr("report to open in a browser") << ")\n";
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::ostringstream seconds;
    seconds << std::fixed << std::setprecision(2) << took.count();
    out << parsed.catalog.tr("rendered in {1} s", {seconds.str()}) << "\n";
  });
}

}  // namespace

int render_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description options = render_options();
  int status = kExitOk;
  const auto line = parse_command_line("render", options, args, out, err, status);
  if (!line) return status;
  const po::variables_map& vm = line->options;
  if (line->inputs.size() != 1) {
    return usage_error("render", "expected exactly one run output folder (OUTDIR of relaysim run)", err);
  }
  Parsed parsed;
  parsed.run_dir = line->inputs[0];
  const auto catalog = language_catalog("render", vm, err);
  if (!catalog) return kExitBadInput;
  parsed.catalog = *catalog;
  if (const std::string error = interpret(vm, parsed); !error.empty()) {
    err << "relaysim render: " << error << "\n";
    return kExitBadInput;
  }
  return render_parsed(parsed, out, err);
}

int render_default_set(const fs::path& run_dir, const text::Catalog& catalog, std::ostream& out, std::ostream& err) {
  Parsed parsed;
  parsed.catalog = catalog;
  parsed.run_dir = run_dir;
  parsed.defaults = true;
  parsed.dir = run_dir / "diagrams";
  return render_parsed(parsed, out, err);
}

}  // namespace relaysim::cli

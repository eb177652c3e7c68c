// Rendering: formats by name and extension, valid non-empty output per format, byte-identical
// output for identical input, and a clear error (and no file) when Graphviz lacks its plugins.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "viz/flow_map_diagram.h"
#include "viz/renderer.h"
#include "viz/test_run_record.h"
#include "viz/topology_diagram.h"

using namespace relaysim::viz;
namespace fs = std::filesystem;

TEST_CASE("formats are chosen by name or by file extension") {
  CHECK(format_from_name("svg") == Format::Svg);
  CHECK(format_from_name("png") == Format::Png);
  CHECK(format_from_name("pdf") == Format::Pdf);
  CHECK(format_from_name("dot") == Format::Dot);
  CHECK_FALSE(format_from_name("jpeg"));
  CHECK(format_from_path("slides/flows.pdf") == Format::Pdf);
  CHECK(format_from_path("a/topology.gv") == Format::Dot);
  CHECK_FALSE(format_from_path("diagrams"));
}

TEST_CASE("each format renders to a valid, non-empty file") {
  const RunRecord run = testing::small_run();
  Context context;
  const fs::path dir = fs::temp_directory_path() / ("relaysim-viz-formats-" + std::to_string(::getpid()));
  for (const Format format : {Format::Svg, Format::Png, Format::Pdf, Format::Dot}) {
    CAPTURE(extension(format));
    Graph graph("topology");
    build_topology_diagram(graph, run.topology);
    const fs::path file = dir / (std::string("topology.") + extension(format));
    render_to_file(context, graph, format, file);
    REQUIRE(fs::file_size(file) > 100);
    std::ifstream in(file, std::ios::binary);
    std::string head(8, '\0');
    in.read(head.data(), 8);
    switch (format) {
      case Format::Png: CHECK(head == "\x89PNG\r\n\x1a\n"); break;
      case Format::Pdf: CHECK(head.substr(0, 5) == "%PDF-"); break;
      case Format::Dot: CHECK(head.substr(0, 7) == "digraph"); break;
      case Format::Svg: {
        const std::string check = "/usr/bin/python3 -c \"import sys, xml.etree.ElementTree as E; "
                                  "sys.exit(0 if E.parse(sys.argv[1]).getroot().tag.endswith('svg') else 1)\" " +
                                  file.string();
        CHECK(std::system(check.c_str()) == 0);
        break;
      }
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("the same diagram renders to the same bytes") {
  const RunRecord run = testing::small_run();
  Context context;
  std::string outputs[2][2];
  for (auto& output : outputs) {
    Graph graph("flows");
    build_flow_map(graph, run);
    output[0] = render(context, graph, Format::Dot);
    output[1] = render(context, graph, Format::Svg);
  }
  CHECK(outputs[0][0] == outputs[1][0]);
  CHECK(outputs[0][1] == outputs[1][1]);
}

TEST_CASE("without Graphviz's plugins: a clear error naming the fix, and no file") {
  const RunRecord run = testing::small_run();
  Context bare(Context::Plugins::None);
  Graph graph("topology");
  build_topology_diagram(graph, run.topology);
  const fs::path file = fs::temp_directory_path() / ("relaysim-viz-noplugin-" + std::to_string(::getpid()) + ".svg");
  try {
    render_to_file(bare, graph, Format::Svg, file);
    FAIL("rendering without plugins should fail");
  } catch (const GraphvizError& e) {
    CHECK(std::string(e.what()).find("libgvc6-config-update -c") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(file));
}

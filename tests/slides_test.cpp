// relaysim render --slides as a lecturer meets it: 16:9 pictures of 1920x1080 px in lecture
// order, text a hall can read, a large world grouped, a comparison titled by what differs.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "scenario_fixture.h"

namespace fs = std::filesystem;

namespace {

using relaysim::testing::read_file;

int run_relaysim(const std::string& args) {
  const int raw = std::system((std::string(RELAYSIM_BINARY) + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

// Width and height from a PNG's IHDR chunk.
std::pair<std::uint32_t, std::uint32_t> png_size(const fs::path& file) {
  const std::string bytes = read_file(file);
  REQUIRE(bytes.size() > 24);
  REQUIRE(bytes.substr(1, 3) == "PNG");
  const auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

// The smallest text of an SVG slide in pixels of its 1920x1080 rendering: Graphviz scales the
// drawing with one transform, and the view box is 1440x810 points.
double smallest_text_px(const std::string& svg) {
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, std::regex(R"(viewBox="0\.00 0\.00 1440\.00 810\.00")")));
  REQUIRE(std::regex_search(svg, m, std::regex(R"re(class="graph" transform="scale\(([0-9.]+))re")));
  const double scale = std::stod(m[1]);
  double smallest = 1e9;
  const std::regex font(R"re(font-size="([0-9.]+)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), font); it != std::sregex_iterator(); ++it) {
    smallest = std::min(smallest, std::stod((*it)[1]));
  }
  return smallest * scale * 1920.0 / 1440.0;
}

fs::path work_dir(const std::string& tag) {
  const fs::path work = fs::temp_directory_path() / ("relaysim-slides-" + tag + "-" + std::to_string(getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  return work;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("render --slides writes a lecture's slides in order, each 1920x1080 px with text of 24 px or more") {
  const fs::path work = work_dir("deck");
  const fs::path scenarios = relaysim::testing::source_dir() / "scenarios";
  for (const char* lesson : {"02-open-relay", "03-authenticated"}) {
    REQUIRE(run_relaysim("run " + (scenarios / (std::string(lesson) + ".yaml")).string() +
                     " --quiet --transcripts none --out " + (work / lesson).string()) == 0);
  }
  REQUIRE(run_relaysim("render " + (work / "02-open-relay").string() + " --slides --compare " +
                   (work / "03-authenticated").string()) == 0);
  const fs::path slides = work / "02-open-relay/slides";
  const std::vector<std::string> names = names_in(slides);
  REQUIRE(names.size() >= 6);
  CHECK(names.front() == "01-topology.png");
  CHECK(names[2] == "02-flows.png");
  CHECK(names[4].rfind("03-message-", 0) == 0);
  CHECK(names.back().find("-compare.svg") != std::string::npos);  // the comparison ends the lecture
  for (const std::string& name : names) {
    INFO(name);
    const fs::path file = slides / name;
    if (file.extension() == ".png") {
      CHECK(png_size(file) == std::pair<std::uint32_t, std::uint32_t>{1920, 1080});
    } else {
      CHECK(smallest_text_px(read_file(file)) >= 24.0);
    }
  }
  fs::remove_all(work);
}

TEST_CASE("render --slides --no-legend --no-subtitle draws titles alone, and --slides refuses single diagrams") {
  const fs::path work = work_dir("bare");
  const fs::path lesson = relaysim::testing::source_dir() / "scenarios/01-direct-delivery.yaml";
  REQUIRE(run_relaysim("run " + lesson.string() + " --quiet --transcripts none --out " + (work / "run").string()) == 0);
  REQUIRE(run_relaysim("render " + (work / "run").string() + " --slides --no-legend --no-subtitle --format dot --out " +
                       (work / "bare").string()) == 0);
  const std::string flows = read_file(work / "bare/02-flows.dot");
  REQUIRE(!flows.empty());
  CHECK(flows.find("Where the mail went") != std::string::npos);
  CHECK(flows.find("ham (wanted mail)") == std::string::npos);  // no legend
  CHECK(flows.find("copies delivered") == std::string::npos);   // no subtitle
  CHECK(flows.find("viewport=\"1440,810,") != std::string::npos);
  CHECK(run_relaysim("render " + (work / "run").string() + " --slides --flows") == 2);
  CHECK(run_relaysim("render " + (work / "run").string() + " --no-legend") == 2);
  fs::remove_all(work);
}

TEST_CASE("every lesson's slides in visualizations/, in English and Spanish, are 16:9 and readable from the back of a hall") {
  const fs::path gallery = relaysim::testing::source_dir() / "visualizations";
  int checked = 0;
  for (const auto& lesson : fs::directory_iterator(gallery)) {
    for (const char* language : {"slides", "slides-es"}) {
      const fs::path dir = lesson.path() / language;
      if (!fs::is_directory(dir)) continue;
      for (const std::string& name : names_in(dir)) {
        if (fs::path(name).extension() != ".svg") continue;
        INFO(lesson.path().filename().string() + "/" + language + "/" + name);
        CHECK(smallest_text_px(read_file(dir / name)) >= 24.0);
        ++checked;
      }
    }
  }
  CHECK(checked >= 2 * 8 * 3);  // every lesson in both languages: topology, flows, at least one message
}

TEST_CASE("lesson 05's flow slide groups hosts by role and draws at most 25 edges") {
  const std::string dot = read_file(relaysim::testing::source_dir() / "visualizations/05-relay-hunting/slides/02-flows.dot");
  REQUIRE(!dot.empty());
  std::size_t edges = 0;
  for (std::size_t at = dot.find(" -> "); at != std::string::npos; at = dot.find(" -> ", at + 1)) ++edges;
  CHECK(edges > 0);
  CHECK(edges <= 25);
  CHECK(dot.find("servers: open relay (3)") != std::string::npos);
  CHECK(dot.find("closed at") != std::string::npos);  // the operators closed them: said, not hidden
}

TEST_CASE("the 02/03 comparison slide is titled by the policy that differs, not by the scenario names") {
  const fs::path slides = relaysim::testing::source_dir() / "visualizations/02-open-relay/slides";
  std::string dot;
  for (const std::string& name : names_in(slides)) {
    if (name.find("compare.dot") != std::string::npos) dot = read_file(slides / name);
  }
  REQUIRE(!dot.empty());
  CHECK(dot.find("Open relay vs relays for its network + AUTH") != std::string::npos);
  CHECK(dot.find("mx.campus.example, policy: open (mynetworks = 0.0.0.0/0)") != std::string::npos);
  CHECK(dot.find("reject_unauth_destination") != std::string::npos);
  CHECK(dot.find("open-relay") == std::string::npos);
  CHECK(dot.find("authenticated\"") == std::string::npos);
}

// report.html as a person meets it: self-contained, and rendered by a real browser (headless
// Chromium) with no console errors and a working time-lapse slider.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "scenario_fixture.h"

namespace fs = std::filesystem;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

int shell(const std::string& command) {
  const int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The page's #selftest element after Chromium loaded it with ?selftest=1.
std::string selftest_element(const fs::path& report, const fs::path& work) {
  const fs::path profile = work / "profile";
  const fs::path dom = work / "dom.html";
  const std::string command = std::string("timeout 120 ") + kChromium +
                              " --headless --no-sandbox --disable-gpu --disable-background-networking "
                              "--disable-component-update --disable-sync --no-first-run --user-data-dir=" +
                              profile.string() + " --dump-dom 'file://" + fs::absolute(report).string() +
                              "?selftest=1' >" + dom.string() + " 2>" + (work / "chromium.err").string();
  REQUIRE(shell(command) == 0);
  const std::string text = read(dom);
  const auto start = text.find("<div id=\"selftest\"");
  REQUIRE(start != std::string::npos);
  return text.substr(start, text.find("</div>", start) - start);
}

}  // namespace

TEST_CASE("report.html is self-contained: inline SVG, no network, no external scripts") {
  const fs::path dir = fs::temp_directory_path() / ("relaysim-report-" + std::to_string(getpid()));
  fs::remove_all(dir);
  REQUIRE(shell(std::string(RELAYSIM_BINARY) + " run " +
                (relaysim::testing::source_dir() / "scenarios/02-open-relay.yaml").string() + " --quiet --diagrams --out " +
                dir.string()) == 0);
  const std::string html = read(dir / "report.html");
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("id=\"frame-slider\"") != std::string::npos);
  CHECK(html.find("id=\"activity-chart\"") != std::string::npos);
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  // It opens with the lesson: the scenario's description, the numbers, the key messages and the
  // first key message's path, before the summary tables.
  const auto lesson = html.find("<h2>What this run shows</h2>");
  REQUIRE(lesson != std::string::npos);
  CHECK(lesson < html.find("<h2>Summary</h2>"));
  CHECK(html.find("<p class=\"lesson\">The campus server is an open relay (mynetworks = 0.0.0.0/0)") != std::string::npos);
  CHECK(html.find("passed on under a rewritten address") != std::string::npos);
  CHECK(html.find("<div id=\"key-message-path\"><svg") != std::string::npos);
  CHECK(html.find("copies sent; ") != std::string::npos);
  // Per interval, ham and spam on scales of their own: in lesson 02 the spam flood is many
  // times the ham, which a shared scale would flatten.
  const auto panel_max = [&html](int i) {
    const std::string id = "id=\"interval-panel-" + std::to_string(i) + "\" data-max=\"";
    const auto at = html.find(id);
    REQUIRE(at != std::string::npos);
    return std::stod(html.substr(at + id.size(), 12));
  };
  CHECK(panel_max(0) > 0);
  CHECK(panel_max(1) > 5 * panel_max(0));
  CHECK(html.find("data-column=\"ham_junk\"") != std::string::npos);
  CHECK(html.find("data-column=\"opens\"") != std::string::npos);
  // The server table's refusals are counted at MAIL and RCPT alike, and its heading says so.
  CHECK(html.find("refused (MAIL, RCPT; by status)") != std::string::npos);
  CHECK(html.find("refused (RCPT)") == std::string::npos);
  // The only URLs are XML namespace names, which are never fetched.
  const std::regex url(R"((https?:)?//[a-zA-Z0-9.-]+)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it) {
    const std::string found = it->str();
    if (found.rfind("http", 0) != 0) continue;  // "//" inside text, e.g. comments
    CAPTURE(found);
    CHECK((found == "http://www.w3.org" || found == "https://www.w3.org"));
  }
  fs::remove_all(dir);
}

TEST_CASE("report.html renders in headless Chromium with no errors, and the slider changes the frame") {
  // scripts/install-deps installs Debian's chromium: without it this test fails, it does not skip.
  INFO("the headless-browser check needs " << kChromium << " (Debian's chromium; scripts/install-deps installs it)");
  REQUIRE(fs::exists(kChromium));
  const fs::path dir = fs::temp_directory_path() / ("relaysim-chromium-" + std::to_string(getpid()));
  fs::remove_all(dir);
  REQUIRE(shell(std::string(RELAYSIM_BINARY) + " run " +
                (relaysim::testing::source_dir() / "scenarios/03-authenticated.yaml").string() +
                " --quiet --diagrams --out " + (dir / "run").string()) == 0);
  const std::string selftest = selftest_element(dir / "run/report.html", dir);
  CAPTURE(selftest);
  CHECK(selftest.find("data-done=\"yes\"") != std::string::npos);
  CHECK(selftest.find("data-errors=\"0\"") != std::string::npos);
  CHECK(selftest.find("data-frames=\"6\"") != std::string::npos);
  CHECK(selftest.find("data-slider=\"changed\"") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("the message player steps through a key message's hops in headless Chromium, and the event list filters") {
  REQUIRE(fs::exists(kChromium));
  const fs::path dir = fs::temp_directory_path() / ("relaysim-player-" + std::to_string(getpid()));
  fs::remove_all(dir);
  REQUIRE(shell(std::string(RELAYSIM_BINARY) + " run " +
                (relaysim::testing::source_dir() / "scenarios/04-backup-mx.yaml").string() +
                " --quiet --explain --diagrams --out " + (dir / "run").string()) == 0);
  const std::string html = read(dir / "run/report.html");
  CHECK(html.find("<h2>Follow one message</h2>") != std::string::npos);
  CHECK(html.find("id=\"player-events\"") != std::string::npos);
  const std::string selftest = selftest_element(dir / "run/report.html", dir);
  CAPTURE(selftest);
  CHECK(selftest.find("data-errors=\"0\"") != std::string::npos);
  // Stepping forward lit another hop and showed another SMTP exchange; back returned to the first.
  CHECK(selftest.find("data-player=\"stepped\"") != std::string::npos);
  CHECK(selftest.find("data-player-back=\"back\"") != std::string::npos);
  CHECK(selftest.find("data-filter=\"filtered\"") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("lesson 07 shows the newsletter read inside the published range until it lands in junk, then far below") {
  const fs::path dir = fs::temp_directory_path() / ("relaysim-engagement-" + std::to_string(getpid()));
  fs::remove_all(dir);
  REQUIRE(shell(std::string(RELAYSIM_BINARY) + " run " +
                (relaysim::testing::source_dir() / "scenarios/07-newsletter-reputation.yaml").string() +
                " --quiet --until 36h --transcripts none --diagrams --out " + dir.string()) == 0);
  REQUIRE(shell(std::string(RELAYSIM_BINARY) + " render " + dir.string() + " --slides --format svg >/dev/null") == 0);
  const std::string html = read(dir / "report.html");
  const auto table = html.find("<table class=\"engagement\">");
  REQUIRE(table != std::string::npos);
  const std::string rows = html.substr(table, html.find("</table>", table) - table);
  CAPTURE(rows);
  // "263 (20.3 %)": the best interval's opens, inside 15-22 %; the worst one's below 5 %.
  const std::regex best(R"(best interval[^<]*</td><td>\d+</td><td>\d+ \((\d+\.\d) %\))");
  const std::regex worst(R"(worst interval[^<]*</td><td>\d+</td><td>\d+ \((\d+\.\d) %\))");
  std::smatch m;
  REQUIRE(std::regex_search(rows, m, best));
  CHECK(std::stod(m[1]) >= 15.0);
  CHECK(std::stod(m[1]) <= 22.0);
  REQUIRE(std::regex_search(rows, m, worst));
  CHECK(std::stod(m[1]) < 5.0);
  CHECK(rows.find("published for marketing email</td><td> </td><td>15-22 %</td><td>2-5 %") != std::string::npos);
  CHECK(html.find("Mailchimp 2019, 22.71 % opens and 2.91 % clicks") != std::string::npos);
  // The slide after the flows holds the same table.
  const std::string slide = read(dir / "slides/03-engagement.svg");
  CHECK(slide.find("How many read the newsletter") != std::string::npos);
  CHECK(slide.find("22 %</text>") != std::string::npos);  // "15-22 %" (SVG escapes the dash)
  fs::remove_all(dir);
}

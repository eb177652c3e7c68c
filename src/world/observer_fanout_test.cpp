#include "world/observer_fanout.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace relaysim;

namespace {

// Writes down what it heard, by name, into a log shared with the other targets. A fan-out with
// no targets is an observer that ignores everything: this one listens to three reports.
class Listener final : public world::ObserverFanout {
 public:
  Listener(std::string name, std::vector<std::string>& log, bool wants) : name_(std::move(name)), log_(log), wants_(wants) {}
  void message_submitted(sim::SimTime, const world::Message&) override { log_.push_back(name_ + " submitted"); }
  bool wants_transcript(const world::Message&) override {
    log_.push_back(name_ + " asked");
    return wants_;
  }
  void relay_closed(sim::SimTime, std::uint32_t mta) override { log_.push_back(name_ + " closed " + std::to_string(mta)); }

 private:
  std::string name_;
  std::vector<std::string>& log_;
  bool wants_;
};

std::string source_text(const std::filesystem::path& file) {
  const char* dir = std::getenv("RELAYSIM_SOURCE_DIR");
  std::ifstream in(std::filesystem::path(dir ? dir : ".") / file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t occurrences(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("ObserverFanout passes each report to every target in the order they were added", "[world]") {
  std::vector<std::string> log;
  Listener first("first", log, false);
  Listener second("second", log, false);
  world::ObserverFanout fanout({&first});
  fanout.add(second);
  const world::Message m;
  fanout.message_submitted(0, m);
  fanout.relay_closed(5, 3);
  CHECK(log == std::vector<std::string>{"first submitted", "second submitted", "first closed 3", "second closed 3"});
}

TEST_CASE("ObserverFanout wants a transcript when any target does, and asks each of them", "[world]") {
  std::vector<std::string> log;
  Listener no("no", log, false);
  Listener yes("yes", log, true);
  const world::Message m;
  CHECK(world::ObserverFanout({&yes, &no}).wants_transcript(m));
  CHECK_FALSE(world::ObserverFanout({&no, &no}).wants_transcript(m));
  CHECK(log == std::vector<std::string>{"yes asked", "no asked", "no asked", "no asked"});
}

// A WorldObserver function the fan-out does not override would silently do nothing for every
// observer behind it (the defaults are empty): counted in the sources.
TEST_CASE("ObserverFanout overrides every WorldObserver function", "[world]") {
  const std::string observer = source_text("src/world/world_observer.h");
  const std::string fanout = source_text("src/world/observer_fanout.h");
  REQUIRE(occurrences(observer, "virtual ~WorldObserver") == 1);
  CHECK(occurrences(observer, "virtual ") - 1 == occurrences(fanout, ") override"));
}

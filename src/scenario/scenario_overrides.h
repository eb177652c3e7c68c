// Changing a scenario by path before it is read ("mtas.relay1.policy=authenticated"): the override
// is spliced into the parsed YAML tree, so its value meets exactly the loader's checks, and an
// error found in it names the override instead of a line of the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/diagnostics.h"

namespace relaysim::scenario {

struct Override {
  std::string path;    // "mtas.relay1.policy", "agents.spammer.rate" (agents are picked by name)
  std::string value;   // YAML: a scalar, or a flow sequence or mapping ("[[1h, 2h]]")
  std::string origin;  // who asked, for messages: "--set", "--sweep", "variant 'closed'"
  // Where it was written when it comes from a scenario file (line 0: the command line).
  std::string file;
  int line = 0;
  int column = 0;
};

// "path=value" split at the first '='. nullopt, with `error` saying what was expected (in
// `catalog`'s language), when a side is empty or there is no '='.
std::optional<Override> parse_override(std::string_view text, std::string origin, std::string& error,
                                       const text::Catalog& catalog = {});

// "mtas.relay1.policy=open": the override as it is written on a command line.
std::string assignment(const Override& o);

// An error about the override itself: at its place in the file when it has one, else
// named in full ("--set mtas.relay1.policy=opn: error: ...").
Diagnostic override_diagnostic(const Override& o, std::string message);

// Sets `path` in `root` to `value`, or says why the path does not resolve there (a missing
// intermediate key or element, with the closest name as a suggestion; in `catalog`'s language) and
// changes nothing.
std::string apply_override(YAML::Node& root, std::string_view path, const YAML::Node& value,
                           const text::Catalog& catalog = {});

// A node as one line of flow YAML ("[[1h, 2h]]", "{ip: 192.0.2.1}"): an override's value text.
std::string flow_text(const YAML::Node& node);

namespace detail {

// Where the nodes of each applied override sit: they are parsed at line numbers past the end of
// the file, one range per override, so a loader diagnostic at such a line is the override's.
class OverrideLines {
 public:
  OverrideLines(std::vector<Override> overrides, int first_line) : overrides_(std::move(overrides)), next_(first_line) {}
  // The line the next override's nodes are parsed at; reserves `lines` lines for it.
  int reserve(int lines);
  // The loader's diagnostics with those inside an override restated as the override's, and the
  // others (at lines of the file) marked as found with the overrides applied (in `catalog`'s words).
  std::vector<Diagnostic> attribute(const std::vector<Diagnostic>& diagnostics, const text::Catalog& catalog) const;

 private:
  std::vector<Override> overrides_;
  std::vector<int> starts_;  // first line of each override, ascending
  int next_;
};

// Applies `overrides` in order to `root`, the tree parsed from `yaml_text`. Throws ScenarioError
// naming the override when its path does not resolve or its value is not YAML (in `catalog`'s language).
OverrideLines apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, std::string_view yaml_text,
                              const text::Catalog& catalog = {});

// diagnostics.throw_if_any(), with the diagnostics attributed by `lines`.
void throw_if_any(const DiagnosticList& diagnostics, const OverrideLines& lines);

}  // namespace detail
}  // namespace relaysim::scenario

#include "scenario/scenario_overrides.h"

#include <algorithm>

#include "scenario/scenario_text.h"
#include "scenario/suggest.h"
#include "scenario/yaml_input.h"
#include "smtp/ascii_case.h"

namespace relaysim::scenario {
namespace {

// One step of a path. A quoted segment ("mx.campus.example") is one key even with dots in it.
struct Segment {
  std::string text;
  bool quoted = false;
};

// Splits at dots outside double quotes; "" and `error` set on an empty or unterminated segment.
std::vector<Segment> split_path(std::string_view path, std::string& error, const text::Catalog& catalog) {
  std::vector<Segment> segments;
  Segment current;
  bool in_quotes = false, any = false;
  for (char c : path) {
    if (c == '"') {
      in_quotes = !in_quotes;
      current.quoted = any = true;
    } else if (c == '.' && !in_quotes) {
      if (!any) break;
      segments.push_back(std::move(current));
      current = {};
      any = false;
    } else {
      current.text += c;
      any = true;
    }
  }
  if (in_quotes) {
    error = catalog.tr(text::N_("the path has an unterminated quote"));
  } else if (!any || current.text.empty()) {
    error = catalog.tr(text::N_("the path has an empty segment: expected names joined by dots, like mtas.relay1.policy"));
  } else {
    segments.push_back(std::move(current));
    return segments;
  }
  return {};
}

// Segments first..first+count joined by dots, or nullopt when a quoted one is among several.
std::optional<std::string> joined(const std::vector<Segment>& s, std::size_t first, std::size_t count) {
  if (count == 1) return s[first].text;
  std::string text;
  for (std::size_t i = first; i < first + count; ++i) {
    if (s[i].quoted) return std::nullopt;
    text += (i > first ? "." : "") + s[i].text;
  }
  return text;
}

bool same_name(std::string_view a, std::string_view b, bool fold_case) {
  return fold_case ? smtp::equal_ignoring_case(a, b) : a == b;
}

// The names to look up at one level: each a key of a mapping or the name: of a list element.
struct Candidate {
  std::string name;
  YAML::Node node;    // the value (mapping) or the element (list)
  std::size_t index;  // the element's index (list only)
};

std::vector<Candidate> candidates_of(const YAML::Node& node) {
  std::vector<Candidate> out;
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it->first.IsScalar()) out.push_back({it->first.Scalar(), it->second, 0});
    }
  } else {
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node element = node[i];
      if (!element.IsMap()) continue;
      for (auto it = element.begin(); it != element.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == "name" && it->second.IsScalar()) {
          out.push_back({it->second.Scalar(), element, i});
          break;
        }
      }
    }
  }
  return out;
}

// The candidate matching the most segments from `first` on (a dotted host name is several).
std::optional<std::pair<Candidate, std::size_t>> longest_match(const std::vector<Candidate>& candidates,
                                                               const std::vector<Segment>& s, std::size_t first,
                                                               bool fold_case) {
  for (std::size_t count = s.size() - first; count >= 1; --count) {
    const auto name = joined(s, first, count);
    if (!name) continue;
    for (const Candidate& c : candidates) {
      if (same_name(c.name, *name, fold_case)) return std::pair{c, count};
    }
  }
  return std::nullopt;
}

// A close name to suggest: the candidate nearest to the segments it would span (as many as it
// has dots), and those segments as written.
struct Suggestion {
  std::string name;
  std::string word;
};

std::optional<Suggestion> closest(const std::vector<Candidate>& candidates, const std::vector<Segment>& s,
                                  std::size_t first) {
  std::optional<Suggestion> best;
  std::size_t best_distance = 3;
  for (const Candidate& c : candidates) {
    const std::size_t dots = static_cast<std::size_t>(std::count(c.name.begin(), c.name.end(), '.'));
    const auto word = joined(s, first, std::min(dots + 1, s.size() - first));
    if (!word) continue;
    const std::size_t d = edit_distance(smtp::lowercase(*word), smtp::lowercase(c.name));
    if (d < best_distance && d < std::max(word->size(), c.name.size())) {
      best_distance = d;
      best = Suggestion{c.name, *word};
    }
  }
  return best;
}

// How a missing key or list element is said: with the close name `best`, with the names there,
// or alone when there are none. One text each, as languages word keys and elements apart.
struct Absence {
  const char* suggested;
  const char* listed;
  const char* alone;
};
constexpr Absence kNoKey{text::N_("{1} has no key '{2}', did you mean '{3}'?"), text::N_("{1} has no key '{2}' ({3})"),
                         text::N_("{1} has no key '{2}'")};
constexpr Absence kNoElement{text::N_("{1} has no element named '{2}', did you mean '{3}'?"),
                             text::N_("{1} has no element named '{2}' ({3})"), text::N_("{1} has no element named '{2}'")};

// "'agents' has no element named 'spamer', did you mean 'spammer'?", else with the names there.
std::string not_found(const std::string& where, const Absence& absence, const std::vector<Candidate>& candidates,
                      const std::vector<Segment>& s, std::size_t first, const std::optional<Suggestion>& best,
                      const text::Catalog& catalog) {
  if (best) return catalog.tr(absence.suggested, {where, best->word, best->name});
  std::string all;
  for (const Candidate& c : candidates) all += (all.empty() ? "" : ", ") + c.name;
  return catalog.tr(all.empty() ? absence.alone : absence.listed, {where, s[first].text, all});
}

// A list element by its index from 0, for lists whose elements have no name:.
std::optional<std::pair<Candidate, std::size_t>> index_match(const YAML::Node& list, const std::string& segment) {
  const bool digits = !segment.empty() && segment.size() < 9 &&
                      std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoul(segment) >= list.size()) return std::nullopt;
  const std::size_t index = std::stoul(segment);
  return std::pair{Candidate{segment, list[index], index}, std::size_t{1}};
}

// What a path leads to: an existing value to replace, or a key to add to a mapping.
struct Target {
  YAML::Node parent;
  std::optional<Candidate> existing;
  std::string new_key;
  std::string error;
};

// The first `count` segments as written.
std::string dotted(const std::vector<Segment>& s, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += (i ? "." : "") + (s[i].quoted ? "\"" + s[i].text + "\"" : s[i].text);
  }
  return text;
}

std::string shown(const std::vector<Segment>& s, std::size_t count, const text::Catalog& catalog) {
  return count == 0 ? catalog.tr(text::N_("the scenario")) : "'" + dotted(s, count) + "'";
}

Target fail(std::string error) {
  Target t;
  t.error = std::move(error);
  return t;
}

// Walks `root` along the path. Keys of domains: and mtas: are DNS names, which the loader
// compares in any case; every other key and agent name is matched exactly. Errors are said in
// `catalog`'s language.
Target resolve(const YAML::Node& root, const std::vector<Segment>& s, const text::Catalog& catalog) {
  if (s.front().text == "experiment") return fail(catalog.tr(text::N_("the experiment section cannot be overridden")));
  YAML::Node node;
  node.reset(root);
  bool fold_case = false;
  for (std::size_t i = 0; i < s.size();) {
    const std::string where = shown(s, i, catalog);
    if (!node.IsMap() && !node.IsSequence()) {
      return fail(
          catalog.tr(text::N_("{1} is {2}, which has no '{3}' inside"), {where, describe(node, catalog), s[i].text}));
    }
    const std::vector<Candidate> candidates = candidates_of(node);
    auto match = longest_match(candidates, s, i, fold_case);
    if (!match && node.IsSequence()) match = index_match(node, s[i].text);
    if (match && i + match->second == s.size()) return Target{node, match->first, "", ""};
    if (match) {
      fold_case = i == 0 && (match->first.name == "domains" || match->first.name == "mtas");
      i += match->second;
      node.reset(match->first.node);
      continue;
    }
    if (node.IsMap() && i + 1 == s.size()) return Target{node, std::nullopt, s[i].text, ""};
    const auto best = closest(candidates, s, i);
    if (node.IsMap()) {
      std::string error = not_found(where, kNoKey, candidates, s, i, best, catalog);
      if (!best) error += catalog.tr(text::N_("; to add it, set it whole: {1}={...}"), {dotted(s, i + 1)});
      return fail(error);
    }
    return fail(not_found(where, kNoElement, candidates, s, i, best, catalog) +
                catalog.tr(text::N_(" (elements are picked by name:, or by index from 0)")));
  }
  return fail(catalog.tr(text::N_("empty path")));
}

// yaml-cpp's reason for a value that is not YAML stays its own, in English, as the C library's
// reasons do in the loader's messages.
YAML::Node parse_value(const Override& o, int line, const text::Catalog& catalog) {
  const auto refuse = [&](const char* msgid, std::initializer_list<std::string_view> args = {}) {
    return ScenarioError({override_diagnostic(o, catalog.tr(msgid, args))});
  };
  if (const auto problem = find_text_problem(o.value)) {
    throw refuse(text::N_("the value is not printable UTF-8 text: expected text, like 2h or open"));
  }
  YAML::Node value;
  try {
    value = YAML::Load(std::string(static_cast<std::size_t>(line - 1), '\n') + o.value);
  } catch (const YAML::Exception& e) {
    throw refuse(text::N_("the value is not valid YAML: {1}"), {e.msg});
  }
  // No scenario key takes "nothing", and a null node would be reported at the file's key.
  if (value.IsNull()) throw refuse(text::N_("expected a value: a scalar, or a flow list or mapping"));
  return value;
}

// The key of a new mapping entry, as a node placed at `line` like the override's value.
YAML::Node key_node(const std::string& key, int line) {
  std::string quoted = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return YAML::Load(std::string(static_cast<std::size_t>(line - 1), '\n') + quoted + "\"");
}

void set(Target& t, const YAML::Node& value, const YAML::Node& new_key) {
  if (!t.existing) {
    t.parent.force_insert(new_key, value);
    return;
  }
  YAML::Node slot = t.existing->node;
  slot = value;  // yaml-cpp: assigning to a bound node replaces the value inside the tree
}

int count_lines(std::string_view text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1; }

}  // namespace

std::optional<Override> parse_override(std::string_view text, std::string origin, std::string& error,
                                       const text::Catalog& catalog) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == text.size()) {
    error = catalog.tr(text::N_("expected PATH=VALUE, like mtas.relay1.policy=open or agents.spammer.rate=120/h, got "
                                "'{1}'"),
                       {text});
    return std::nullopt;
  }
  Override o;
  o.path = std::string(text.substr(0, equals));
  o.value = std::string(text.substr(equals + 1));
  o.origin = std::move(origin);
  return o;
}

std::string assignment(const Override& o) { return printable_text(o.path) + "=" + printable_text(o.value); }

Diagnostic override_diagnostic(const Override& o, std::string message) {
  if (o.line > 0) return {o.file, o.line, o.column, o.origin + ": " + assignment(o) + ": " + message};
  return {o.origin + " " + assignment(o), 0, 0, std::move(message)};
}

std::string apply_override(YAML::Node& root, std::string_view path, const YAML::Node& value,
                           const text::Catalog& catalog) {
  std::string error;
  const std::vector<Segment> segments = split_path(path, error, catalog);
  if (segments.empty()) return error;
  Target target = resolve(root, segments, catalog);
  if (target.error.empty()) set(target, value, YAML::Node(target.new_key));
  return target.error;
}

std::string flow_text(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

namespace detail {

int OverrideLines::reserve(int lines) {
  starts_.push_back(next_);
  next_ += lines;
  return starts_.back();
}

std::vector<Diagnostic> OverrideLines::attribute(const std::vector<Diagnostic>& diagnostics,
                                                 const text::Catalog& catalog) const {
  std::string applied;
  for (const Override& o : overrides_) applied += (applied.empty() ? "" : "; ") + o.origin + " " + assignment(o);
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : diagnostics) {
    const auto after = std::upper_bound(starts_.begin(), starts_.end(), d.line);
    if (after != starts_.begin()) {
      out.push_back(override_diagnostic(overrides_[static_cast<std::size_t>(after - starts_.begin() - 1)], d.message));
    } else {
      out.push_back(d);
      if (d.line > 0 && !applied.empty()) out.back().message += catalog.tr(text::N_(" (with {1})"), {applied});
    }
  }
  return out;
}

OverrideLines apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, std::string_view yaml_text,
                              const text::Catalog& catalog) {
  OverrideLines lines(overrides, count_lines(yaml_text) + 1);
  std::vector<Diagnostic> errors;  // every bad override at once, as the loader reports every error
  for (const Override& o : overrides) {
    const int line = lines.reserve(count_lines(o.value));
    std::string error;
    const std::vector<Segment> segments = split_path(o.path, error, catalog);
    // A file that is not a mapping at all gets its own error from the loader.
    Target target = segments.empty() || !root.IsMap() ? fail(error) : resolve(root, segments, catalog);
    try {
      if (!target.error.empty()) throw ScenarioError({override_diagnostic(o, target.error)});
      if (!root.IsMap()) continue;
      set(target, parse_value(o, line, catalog), target.existing ? YAML::Node() : key_node(target.new_key, line));
    } catch (const ScenarioError& e) {
      errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!errors.empty()) throw ScenarioError(std::move(errors));
  return lines;
}

void throw_if_any(const DiagnosticList& diagnostics, const OverrideLines& lines) {
  try {
    diagnostics.throw_if_any();
  } catch (const ScenarioError& e) {
    throw ScenarioError(lines.attribute(e.diagnostics(), diagnostics.catalog()));
  }
}

}  // namespace detail
}  // namespace relaysim::scenario

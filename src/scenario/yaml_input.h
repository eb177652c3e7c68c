// Typed reading of a yaml-cpp tree with positioned diagnostics: one generic checker for the keys
// of a mapping (unknown, duplicate, missing) and one reader per value type. Errors are recorded
// and reading goes on, so that a single run reports every mistake in the file.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/diagnostics.h"
#include "scenario/units.h"

namespace relaysim::scenario {

struct Pos {
  int line = 1;    // 1-based
  int column = 1;  // 1-based
};

Pos position(const YAML::Node& node);

// One key allowed in a mapping.
struct KeyRule {
  std::string_view name;
  bool required = false;
};

// A key and its value; a null value (written "key:") is reported at the key's position.
struct Entry {
  YAML::Node key;
  YAML::Node value;
  std::string name;  // the key's text
  Pos where() const;
};

// The entries of one mapping, after checking; absent keys read as nullptr.
class Fields {
 public:
  const Entry* find(std::string_view key) const;
  const std::vector<Entry>& entries() const { return entries_; }
  bool has(std::string_view key) const { return find(key) != nullptr; }

 private:
  friend class Input;
  std::vector<Entry> entries_;
};

template <class T>
using Parser = Parsed<T> (*)(std::string_view);

// A string that is not empty; the default parser for names and free text.
Parsed<std::string> parse_text(std::string_view text);
// true or false (YAML 1.1's yes/no/on/off are refused: they surprise more than they help).
Parsed<bool> parse_bool(std::string_view text);

class Input {
 public:
  explicit Input(DiagnosticList& diagnostics) : diagnostics_(diagnostics) {}

  // The language messages are made in, and a text of it.
  const text::Catalog& catalog() const { return diagnostics_.catalog(); }
  std::string tr(const char* msgid, std::initializer_list<std::string_view> args = {}) const {
    return catalog().tr(msgid, args);
  }

  void error(Pos pos, std::string message) { diagnostics_.error(pos.line, pos.column, std::move(message)); }
  // The translation of `msgid` (marked N_ where it is written), with `args` in its {1}, {2}...
  void error(Pos pos, const char* msgid, std::initializer_list<std::string_view> args = {}) {
    error(pos, tr(msgid, args));
  }

  // Checks `node` is a mapping whose keys are scalars from `rules`, each at most once, with every
  // required one present. `where` names the mapping in messages ("MTA 'mx.example'").
  // Returns the entries kept (unknown and repeated keys dropped); empty if not a mapping.
  // `pos` is where to report a value that is not a mapping (the key's position for "key:").
  Fields fields(const YAML::Node& node, Pos pos, std::span<const KeyRule> rules, const std::string& where);

  // A mapping whose keys are names chosen by the author (domains:, mtas:, sasl_users:): checks
  // it is a mapping and that no name repeats. `lower` folds names to lower case first (DNS names).
  // `what` is a text of the catalogue ("domain").
  std::vector<Entry> named_entries(const YAML::Node& node, std::string_view label, const char* what, bool lower);

  // A scalar parsed by `parse`; errors say "<label>: expected <what>, got ...". `what` is a text
  // of the catalogue (marked N_ by the caller), translated here; so are those of field, list...
  template <class T>
  std::optional<T> scalar(const YAML::Node& node, Pos pos, std::string_view label, const char* what,
                          Parser<T> parse) {
    if (!node.IsScalar()) {
      type_error(node, pos, label, what);
      return std::nullopt;
    }
    Parsed<T> parsed = parse(node.Scalar());
    if (!parsed) {
      error(pos, std::string(label) + ": " + parsed.error(catalog()));
      return std::nullopt;
    }
    return parsed.value();
  }

  // The value of `key` in `fields`, if present and valid.
  template <class T>
  std::optional<T> field(const Fields& fields, std::string_view key, const char* what, Parser<T> parse) {
    const Entry* e = fields.find(key);
    if (e == nullptr) return std::nullopt;
    return scalar(e->value, e->where(), key, what, parse);
  }

  std::optional<std::string> text(const Fields& fields, std::string_view key) {
    return field<std::string>(fields, key, text::N_("a string"), parse_text);
  }

  // The elements of the list under `key`; nullopt if absent or not a list. `what` describes the
  // list ("a list of networks like [192.0.2.0/24]"); a scalar alone is accepted as a one-element
  // list only when `single_ok`.
  std::optional<std::vector<YAML::Node>> list(const Fields& fields, std::string_view key, const char* what,
                                              bool single_ok = false);

  // A list of scalars, each parsed by `parse` (`element` describes one, for its errors); invalid
  // elements are reported and left out.
  template <class T>
  std::optional<std::vector<T>> scalars(const Fields& fields, std::string_view key, const char* what,
                                        const char* element, Parser<T> parse, bool single_ok = false) {
    auto nodes = list(fields, key, what, single_ok);
    if (!nodes) return std::nullopt;
    std::vector<T> values;
    for (const YAML::Node& n : *nodes) {
      if (auto v = scalar(n, position(n), key, element, parse)) values.push_back(std::move(*v));
    }
    return values;
  }

  // One of `names` (a policy, a restriction, an agent kind); an unknown one is reported with
  // the closest name as a suggestion, or the full list. `noun` says what it is ("policy", a text
  // of the catalogue).
  std::optional<std::string> choice(const YAML::Node& node, Pos pos, std::string_view label, const char* noun,
                                    const std::vector<std::string_view>& names);

  // "<label>: expected <what>, got <the node>"; `what` is a text of the catalogue.
  void type_error(const YAML::Node& node, Pos pos, std::string_view label, const char* what);

 private:
  // type_error with `what` already in the catalogue's language.
  void type_error_said(const YAML::Node& node, Pos pos, std::string_view label, std::string_view what);

  DiagnosticList& diagnostics_;
};

// "a list", "a mapping", "nothing" or the scalar quoted: how a wrong value is shown (in
// `catalog`'s language).
std::string describe(const YAML::Node& node, const text::Catalog& catalog = {});

}  // namespace relaysim::scenario

#include "scenario/yaml_input.h"

#include <algorithm>

#include "scenario/scenario_text.h"

#include <algorithm>

#include "scenario/suggest.h"
#include "smtp/ascii_case.h"

namespace relaysim::scenario {
namespace {

std::string first_at(const Entry& first) { return " (first at line " + std::to_string(first.where().line) + ")"; }

std::string allowed_list(std::span<const KeyRule> rules) {
  std::string list;
  for (const KeyRule& r : rules) list += (list.empty() ? "" : ", ") + std::string(r.name);
  return list;
}

std::string unknown_key_message(std::string_view key, std::span<const KeyRule> rules, const std::string& where) {
  std::vector<std::string_view> names;
  for (const KeyRule& r : rules) names.push_back(r.name);
  std::string hint = did_you_mean(key, names);
  if (hint.empty()) hint = " (allowed: " + allowed_list(rules) + ")";
  return "unknown key '" + std::string(key) + "' in " + where + hint;
}

const Entry* find_entry(const std::vector<Entry>& entries, std::string_view name) {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.name == name; });
  return it == entries.end() ? nullptr : &*it;
}

}  // namespace

Pos position(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return {};  // a node yaml-cpp made up has no position
  return {mark.line + 1, mark.column + 1};
}

Pos Entry::where() const { return value.IsNull() ? position(key) : position(value); }

const Entry* Fields::find(std::string_view key) const { return find_entry(entries_, key); }

Parsed<std::string> parse_text(std::string_view text) {
  if (text.empty()) return Parsed<std::string>::fail("expected a string, got an empty one");
  // YAML escapes ("\e", "\x07") make what the file's own bytes may not hold.
  const bool control = std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t' && c != '\n') || byte == 0x7F;
  });
  if (control) return Parsed<std::string>::fail("expected text, got " + quoted_for_message(text) + ", which holds a control character");
  return Parsed<std::string>::ok(std::string(text));
}

Parsed<bool> parse_bool(std::string_view text) {
  if (text == "true") return Parsed<bool>::ok(true);
  if (text == "false") return Parsed<bool>::ok(false);
  return Parsed<bool>::fail("expected true or false, got '" + std::string(text) + "'");
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    default: return "nothing";
  }
}

void Input::type_error(const YAML::Node& node, Pos pos, std::string_view label, std::string_view what) {
  error(pos, std::string(label) + ": expected " + std::string(what) + ", got " + describe(node));
}

std::optional<std::string> Input::choice(const YAML::Node& node, Pos pos, std::string_view label,
                                         std::string_view noun, const std::vector<std::string_view>& names) {
  auto name = scalar(node, pos, label, "a " + std::string(noun) + " name", parse_text);
  if (!name) return std::nullopt;
  if (std::find(names.begin(), names.end(), *name) != names.end()) return name;
  std::string hint = did_you_mean(*name, names);
  if (hint.empty()) {
    hint = " (expected one of: ";
    for (std::size_t i = 0; i < names.size(); ++i) hint += (i ? ", " : "") + std::string(names[i]);
    hint += ")";
  }
  error(pos, std::string(label) + ": unknown " + std::string(noun) + " '" + *name + "'" + hint);
  return std::nullopt;
}

Fields Input::fields(const YAML::Node& node, Pos pos, std::span<const KeyRule> rules, const std::string& where) {
  Fields out;
  if (!node.IsMap()) {
    type_error(node, pos, where, "a mapping");
    return out;
  }
  for (const auto& pair : node) {
    Entry entry{pair.first, pair.second, pair.first.IsScalar() ? pair.first.Scalar() : std::string()};
    if (!pair.first.IsScalar()) {
      type_error(pair.first, position(pair.first), where, "a key name");
    } else if (const Entry* first = find_entry(out.entries_, entry.name)) {
      error(position(entry.key), "duplicate key '" + entry.name + "' in " + where + first_at(*first));
    } else if (std::none_of(rules.begin(), rules.end(), [&](const KeyRule& r) { return r.name == entry.name; })) {
      error(position(entry.key), unknown_key_message(entry.name, rules, where));
    } else {
      out.entries_.push_back(std::move(entry));
    }
  }
  for (const KeyRule& rule : rules) {
    if (rule.required && !out.has(rule.name)) {
      error(position(node), "missing required key '" + std::string(rule.name) + "' in " + where);
    }
  }
  return out;
}

std::vector<Entry> Input::named_entries(const YAML::Node& node, std::string_view label, std::string_view what,
                                        bool lower) {
  std::vector<Entry> out;
  if (node.IsNull()) return out;
  if (!node.IsMap()) {
    type_error(node, position(node), label, "a mapping of " + std::string(what) + " names");
    return out;
  }
  for (const auto& pair : node) {
    if (!pair.first.IsScalar() || pair.first.Scalar().empty()) {
      type_error(pair.first, position(pair.first), label, "a " + std::string(what) + " name");
      continue;
    }
    Entry entry{pair.first, pair.second, lower ? smtp::lowercase(pair.first.Scalar()) : pair.first.Scalar()};
    if (const Entry* first = find_entry(out, entry.name)) {
      error(position(entry.key), "duplicate " + std::string(what) + " '" + entry.name + "'" + first_at(*first));
      continue;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::optional<std::vector<YAML::Node>> Input::list(const Fields& fields, std::string_view key, std::string_view what,
                                                   bool single_ok) {
  const Entry* e = fields.find(key);
  if (e == nullptr) return std::nullopt;
  if (e->value.IsSequence()) return std::vector<YAML::Node>(e->value.begin(), e->value.end());
  if (single_ok && e->value.IsScalar()) return std::vector<YAML::Node>{e->value};
  type_error(e->value, e->where(), key, what);
  return std::nullopt;
}

}  // namespace relaysim::scenario

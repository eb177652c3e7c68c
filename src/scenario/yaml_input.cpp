#include "scenario/yaml_input.h"

#include <algorithm>

#include "scenario/scenario_text.h"
#include "scenario/suggest.h"
#include "smtp/ascii_case.h"

namespace relaysim::scenario {
namespace {

std::string line_of(const Entry& first) { return std::to_string(first.where().line); }

std::string allowed_list(std::span<const KeyRule> rules) {
  std::string list;
  for (const KeyRule& r : rules) list += (list.empty() ? "" : ", ") + std::string(r.name);
  return list;
}

std::string unknown_key_message(std::string_view key, std::span<const KeyRule> rules, const std::string& where,
                                const text::Catalog& catalog) {
  std::vector<std::string_view> names;
  for (const KeyRule& r : rules) names.push_back(r.name);
  std::string hint = did_you_mean(key, names, catalog);
  if (hint.empty()) hint = catalog.tr(text::N_(" (allowed: {1})"), {allowed_list(rules)});
  return catalog.tr(text::N_("unknown key '{1}' in {2}{3}"), {key, where, hint});
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
  if (text.empty()) return Parsed<std::string>::fail(text::N_("expected a string, got an empty one"));
  // YAML escapes ("\e", "\x07") make what the file's own bytes may not hold.
  const bool control = std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t' && c != '\n') || byte == 0x7F;
  });
  if (control) {
    return Parsed<std::string>::fail(text::N_("expected text, got {1}, which holds a control character"),
                                     {quoted_for_message(text)});
  }
  return Parsed<std::string>::ok(std::string(text));
}

Parsed<bool> parse_bool(std::string_view text) {
  if (text == "true") return Parsed<bool>::ok(true);
  if (text == "false") return Parsed<bool>::ok(false);
  return Parsed<bool>::fail(text::N_("expected true or false, got '{1}'"), {text});
}

std::string describe(const YAML::Node& node, const text::Catalog& catalog) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return catalog.tr(text::N_("a list"));
    case YAML::NodeType::Map: return catalog.tr(text::N_("a mapping"));
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    default: return catalog.tr(text::N_("nothing"));
  }
}

void Input::type_error(const YAML::Node& node, Pos pos, std::string_view label, const char* what) {
  type_error_said(node, pos, label, tr(what));
}

void Input::type_error_said(const YAML::Node& node, Pos pos, std::string_view label, std::string_view what) {
  error(pos, text::N_("{1}: expected {2}, got {3}"), {label, what, describe(node, catalog())});
}

std::optional<std::string> Input::choice(const YAML::Node& node, Pos pos, std::string_view label, const char* noun,
                                         const std::vector<std::string_view>& names) {
  if (!node.IsScalar()) {
    type_error_said(node, pos, label, tr(text::N_("a {1} name"), {tr(noun)}));
    return std::nullopt;
  }
  const Parsed<std::string> name = parse_text(node.Scalar());
  if (!name) {
    error(pos, std::string(label) + ": " + name.error(catalog()));
    return std::nullopt;
  }
  if (std::find(names.begin(), names.end(), name.value()) != names.end()) return name.value();
  std::string hint = did_you_mean(name.value(), names, catalog());
  if (hint.empty()) {
    std::string all;
    for (std::size_t i = 0; i < names.size(); ++i) all += (i ? ", " : "") + std::string(names[i]);
    hint = tr(text::N_(" (expected one of: {1})"), {all});
  }
  error(pos, text::N_("{1}: unknown {2} '{3}'{4}"), {label, tr(noun), name.value(), hint});
  return std::nullopt;
}

Fields Input::fields(const YAML::Node& node, Pos pos, std::span<const KeyRule> rules, const std::string& where) {
  Fields out;
  if (!node.IsMap()) {
    type_error(node, pos, where, text::N_("a mapping"));
    return out;
  }
  for (const auto& pair : node) {
    Entry entry{pair.first, pair.second, pair.first.IsScalar() ? pair.first.Scalar() : std::string()};
    if (!pair.first.IsScalar()) {
      type_error(pair.first, position(pair.first), where, text::N_("a key name"));
    } else if (const Entry* first = find_entry(out.entries_, entry.name)) {
      error(position(entry.key), text::N_("duplicate key '{1}' in {2} (first at line {3})"),
            {entry.name, where, line_of(*first)});
    } else if (std::none_of(rules.begin(), rules.end(), [&](const KeyRule& r) { return r.name == entry.name; })) {
      error(position(entry.key), unknown_key_message(entry.name, rules, where, catalog()));
    } else {
      out.entries_.push_back(std::move(entry));
    }
  }
  for (const KeyRule& rule : rules) {
    if (rule.required && !out.has(rule.name)) {
      error(position(node), text::N_("missing required key '{1}' in {2}"), {rule.name, where});
    }
  }
  return out;
}

std::vector<Entry> Input::named_entries(const YAML::Node& node, std::string_view label, const char* what,
                                        bool lower) {
  std::vector<Entry> out;
  if (node.IsNull()) return out;
  if (!node.IsMap()) {
    type_error_said(node, position(node), label, tr(text::N_("a mapping of {1} names"), {tr(what)}));
    return out;
  }
  for (const auto& pair : node) {
    if (!pair.first.IsScalar() || pair.first.Scalar().empty()) {
      type_error_said(pair.first, position(pair.first), label, tr(text::N_("a {1} name"), {tr(what)}));
      continue;
    }
    Entry entry{pair.first, pair.second, lower ? smtp::lowercase(pair.first.Scalar()) : pair.first.Scalar()};
    if (const Entry* first = find_entry(out, entry.name)) {
      error(position(entry.key), text::N_("duplicate {1} '{2}' (first at line {3})"),
            {tr(what), entry.name, line_of(*first)});
      continue;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::optional<std::vector<YAML::Node>> Input::list(const Fields& fields, std::string_view key, const char* what,
                                                   bool single_ok) {
  const Entry* e = fields.find(key);
  if (e == nullptr) return std::nullopt;
  if (e->value.IsSequence()) return std::vector<YAML::Node>(e->value.begin(), e->value.end());
  if (single_ok && e->value.IsScalar()) return std::vector<YAML::Node>{e->value};
  type_error(e->value, e->where(), key, what);
  return std::nullopt;
}

}  // namespace relaysim::scenario

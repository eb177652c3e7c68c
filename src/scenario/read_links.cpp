// links: network latency between nodes (MTAs and agents), a default for every other pair.
#include <algorithm>

#include "scenario/loader_context.h"
#include "scenario/scenario_keys.h"

namespace relaysim::scenario::detail {
namespace {

bool same_pair(const LinkSpec& x, const LinkSpec& y) {
  return (x.a == y.a && x.b == y.b) || (x.a == y.b && x.b == y.a);
}

std::optional<LinkSpec> read_link(LoadContext& c, const YAML::Node& node) {
  Fields f = c.in.fields(node, position(node), keys::kLink, c.tr(text::N_("link")));
  const Entry* a = f.find("a");
  const Entry* b = f.find("b");
  const std::string end = c.tr(text::N_("link end"));
  auto from = a ? c.node_ref(a->value, a->where(), end) : std::nullopt;
  auto to = b ? c.node_ref(b->value, b->where(), end) : std::nullopt;
  auto latency = c.in.field(f, "latency", kDurationExpected, parse_duration);
  if (!from || !to || !latency) return std::nullopt;
  if (*from == *to) {
    c.in.error(b->where(), text::N_("link: '{1}' cannot be linked to itself"), {*from});
    return std::nullopt;
  }
  return LinkSpec{*from, *to, *latency};
}

}  // namespace

void read_links(LoadContext& c, const Fields& top) {
  const Entry* e = top.find("links");
  if (e == nullptr) return;
  Fields f = c.in.fields(e->value, e->where(), keys::kLinks, "links");
  c.spec.default_latency = c.in.field(f, "default_latency", kDurationExpected, parse_duration).value_or(c.spec.default_latency);
  auto items = c.in.list(f, "between", text::N_("a list of links like [{ a: mx.a.example, b: mx.b.example, latency: 120ms }]"));
  for (const YAML::Node& item : items.value_or(std::vector<YAML::Node>{})) {
    auto link = read_link(c, item);
    if (!link) continue;
    auto& links = c.spec.links;
    if (std::any_of(links.begin(), links.end(), [&](const LinkSpec& l) { return same_pair(l, *link); })) {
      c.in.error(position(item), text::N_("link between '{1}' and '{2}' is given twice"), {link->a, link->b});
      continue;
    }
    links.push_back(*link);
  }
}

}  // namespace relaysim::scenario::detail

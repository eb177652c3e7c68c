#include "viz/topology_difference.h"

#include <vector>

#include "smtp/ascii_case.h"
#include "viz/style.h"

namespace relaysim::viz {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// One line per setting of `mta` that differs from `other`'s, as this host has it.
std::vector<std::string> settings_apart(const NodeRecord& mta, const NodeRecord& other, const text::Catalog& tr) {
  std::vector<std::string> lines;
  if (mta.policy != other.policy || mta.relay_restrictions != other.relay_restrictions) {
    lines.push_back(policy_setting(mta, tr));
  }
  if (mta.mydestination != other.mydestination) lines.push_back("mydestination = " + joined(mta.mydestination));
  if (mta.relay_domains != other.relay_domains) lines.push_back("relay_domains = " + joined(mta.relay_domains));
  if (mta.relay_recipients != other.relay_recipients) {
    lines.push_back(mta.relay_recipients.empty() ? tr.tr("every relayed recipient taken (no relay_recipient_maps)")
                                                 : "relay_recipient_maps = " + joined(mta.relay_recipients));
  }
  if (mta.submission != other.submission) {
    lines.push_back(mta.submission ? tr.tr("submission port 587") : tr.tr("no submission port"));
  }
  if (mta.relayhost != other.relayhost) lines.push_back("relayhost = " + mta.relayhost.value_or(tr.tr("(none)")));
  if (mta.outages.size() != other.outages.size()) {
    lines.push_back(mta.outages.empty() ? tr.tr("never down")
                                        : tr.tr_n("down {1} time", "down {1} times", mta.outages.size()));
  }
  return lines;
}

std::string lines_of(const std::string& host, const std::vector<std::string>& settings) {
  std::string text;
  for (const std::string& s : settings) text += (text.empty() ? "" : "\n") + host + ", " + s;
  return text;
}

// A world named for a reader: its title, else its scenario name.
std::string world_name(const TopologyRecord& t, const text::Catalog& catalog) {
  const std::string title = t.title_in(catalog);
  return title.empty() ? t.scenario : title;
}

}  // namespace

std::string policy_setting(const NodeRecord& mta, const text::Catalog& tr) {
  if (mta.policy == "open") return tr.tr("policy: {1}", {"open (mynetworks = 0.0.0.0/0)"});
  if (mta.policy == "legacy-open") return tr.tr("policy: {1}", {"legacy-open (permit)"});
  return tr.tr("policy: {1}", {joined(mta.relay_restrictions)});
}

TopologyDifference what_differs(const TopologyRecord& before, const TopologyRecord& after, const text::Catalog& tr) {
  TopologyDifference d;
  std::vector<std::string> hosts;
  for (const NodeRecord& a : before.nodes) {
    const NodeRecord* b = after.find(a.name);
    if (!a.is_mta() || !b || !b->is_mta()) continue;
    const auto left = settings_apart(a, *b, tr);
    if (left.empty()) continue;
    hosts.push_back(a.name);
    d.before += (d.before.empty() ? "" : "\n") + lines_of(a.name, left);
    d.after += (d.after.empty() ? "" : "\n") + lines_of(b->name, settings_apart(*b, a, tr));
  }
  if (hosts.empty()) {  // the same servers: the worlds differ elsewhere (agents, defences)
    return {tr.tr("Before and after: the same hosts, two worlds"), world_name(before, tr), world_name(after, tr)};
  }
  d.title = tr.tr_n("What changes when {2} is set differently", "What changes when {2} are set differently",
                    hosts.size(), {joined(hosts)});
  if (hosts.size() == 1) {
    const NodeRecord& a = *before.find(hosts.front());
    const NodeRecord& b = *after.find(hosts.front());
    if (a.policy != b.policy) {
      // The headings name the host.
      d.title = tr.tr("{1} vs {2}", {style::relay_role(a.policy, tr), style::relay_role(b.policy, tr)});
      d.title[0] = smtp::to_upper(d.title[0]);
    }
  }
  return d;
}

TopologyDifference what_differs(const RunRecord& before, const RunRecord& after, const text::Catalog& tr) {
  TopologyDifference d = what_differs(before.topology, after.topology, tr);
  if (d.before == d.after) {
    d.before += "\n(" + before.dir.filename().string() + ")";
    d.after += "\n(" + after.dir.filename().string() + ")";
  }
  return d;
}

}  // namespace relaysim::viz

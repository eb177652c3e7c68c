#include "report/mailbox_table.h"

namespace relaysim::report {

std::string mailboxes_csv(const world::Mailboxes& mailboxes, const world::Topology& topology) {
  std::string out = "mailbox,server,ham,spam,dsn\n";
  for (const auto& [address, box] : mailboxes.sorted()) {
    // Addresses may hold commas or quotes (quoted local parts): quote them as CSV does.
    const bool quote = address.find_first_of(",\"") != std::string::npos;
    if (quote) {
      out += '"';
      for (char ch : address) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      out += '"';
    } else {
      out += address;
    }
    out += ',' + topology.node(box->mta).name;
    for (std::uint64_t n : box->received) out += ',' + std::to_string(n);
    out += '\n';
  }
  return out;
}

}  // namespace relaysim::report

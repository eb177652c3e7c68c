#include "report/mailbox_table.h"

#include "report/csv_field.h"
#include "smtp/utf8.h"

namespace relaysim::report {

std::string mailboxes_csv(const world::Mailboxes& mailboxes, const world::Topology& topology) {
  // One column per message class, named as the class is everywhere else (ham, spam, dsn, probe).
  std::string out = "mailbox,server";
  for (std::size_t c = 0; c < world::kMessageClassCount; ++c) {
    out += ',' + std::string(world::class_name(static_cast<world::MessageClass>(c)));
  }
  out += '\n';
  for (const auto& [address, box] : mailboxes.sorted()) {
    // Addresses may hold commas, quotes or line breaks (quoted local parts): quote them as CSV
    // does. A live client's address may hold bytes that are not UTF-8: they become U+FFFD.
    std::string text;
    smtp::append_valid_utf8(text, address);
    out += csv_field(text);
    out += ',' + topology.node(box->mta).name;
    for (std::uint64_t n : box->received) out += ',' + std::to_string(n);
    out += '\n';
  }
  return out;
}

}  // namespace relaysim::report

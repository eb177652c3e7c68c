// What a transaction keeps between MAIL and the end of the message, and what clearing it forgets.
#include "smtp/mail_transaction.h"

#include <catch2/catch.hpp>

namespace relaysim::smtp {
namespace {

TEST_CASE("A transaction's envelope holds its sender and accepted recipients, and a cleared one holds none") {
  MailTransaction tx;
  tx.set_reverse_path("alice@a.example");
  tx.add_recipient("bob@b.example");
  tx.add_recipient("carol@c.example");
  const ServerPolicy::Envelope envelope = tx.envelope(1234);
  CHECK(envelope.reverse_path == "alice@a.example");
  REQUIRE(envelope.recipient_count == 2);
  CHECK(envelope.recipients[0] == "bob@b.example");
  CHECK(envelope.recipients[1] == "carol@c.example");
  CHECK(envelope.size == 1234);

  tx.clear();
  tx.add_recipient("dave@d.example");
  const ServerPolicy::Envelope next = tx.envelope(1);
  CHECK(next.reverse_path.empty());
  REQUIRE(next.recipient_count == 1);
  CHECK(next.recipients[0] == "dave@d.example");
}

TEST_CASE("Clearing a transaction ends its BDAT transfer and restarts the overshoot count") {
  MailTransaction tx;
  tx.begin_chunk();
  tx.refuse_chunks();
  tx.add_chunk(10);
  CHECK(tx.count_overshoot() == 0);
  CHECK(tx.count_overshoot() == 1);
  tx.clear();
  CHECK_FALSE(tx.chunking());
  CHECK_FALSE(tx.chunk_refused());
  CHECK(tx.chunk_octets() == 0);
  CHECK(tx.count_overshoot() == 0);
}

}  // namespace
}  // namespace relaysim::smtp

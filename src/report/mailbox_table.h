// mailboxes.csv: each mailbox that received mail, its server, and how many messages of
// each class it received.
#pragma once

#include <string>

#include "world/mailboxes.h"
#include "world/topology.h"

namespace relaysim::report {

std::string mailboxes_csv(const world::Mailboxes& mailboxes, const world::Topology& topology);

}  // namespace relaysim::report

// The words a reader sees for the model's names, in the reader's language: message classes
// ("ham", "relay probe") and why a server refused ("relay denied", "blocklisted").
#pragma once

#include <string>
#include <string_view>

#include "report/reject_reason.h"
#include "text/catalog.h"
#include "world/message.h"

namespace relaysim::report {

std::string class_words(world::MessageClass message_class, const text::Catalog& catalog);
// The same for a class named as the outputs name it ("ham", "spam", "dsn", "probe").
std::string class_words(std::string_view class_name, const text::Catalog& catalog);
std::string reject_reason_words(RejectReason reason, const text::Catalog& catalog);

}  // namespace relaysim::report

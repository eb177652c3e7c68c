#include "report/reader_words.h"

namespace relaysim::report {

std::string class_words(world::MessageClass message_class, const text::Catalog& catalog) {
  switch (message_class) {
    case world::MessageClass::Ham: return catalog.tr("ham");
    case world::MessageClass::Spam: return catalog.tr("spam");
    case world::MessageClass::Dsn: return catalog.tr("bounce");
    case world::MessageClass::Probe: return catalog.tr("relay probe");
  }
  return catalog.tr("ham");
}

std::string class_words(std::string_view class_name, const text::Catalog& catalog) {
  if (class_name == "spam") return class_words(world::MessageClass::Spam, catalog);
  if (class_name == "dsn") return class_words(world::MessageClass::Dsn, catalog);
  if (class_name == "probe") return class_words(world::MessageClass::Probe, catalog);
  return class_words(world::MessageClass::Ham, catalog);
}

std::string reject_reason_words(RejectReason reason, const text::Catalog& catalog) {
  switch (reason) {
    case RejectReason::RelayDenied: return catalog.tr("relay denied");
    case RejectReason::UnknownUser: return catalog.tr("unknown user");
    case RejectReason::Blocklisted: return catalog.tr("blocklisted");
    case RejectReason::Greylisted: return catalog.tr("greylisted");
    case RejectReason::Spf: return catalog.tr("SPF");
    case RejectReason::Dmarc: return catalog.tr("DMARC");
    case RejectReason::Content: return catalog.tr("content");
    case RejectReason::RateLimited: return catalog.tr("rate limited");
    case RejectReason::Other: break;
  }
  return catalog.tr("other");
}

}  // namespace relaysim::report

#include "smtp/mail_transaction.h"

namespace relaysim::smtp {

void MailTransaction::clear() {
  reverse_path_.clear();
  recipient_count_ = 0;
  recipient_overshoot_ = 0;
  chunking_ = false;
  chunk_refused_ = false;
  chunk_octets_ = 0;
}

void MailTransaction::add_recipient(std::string_view forward_path) {
  if (recipient_count_ == recipients_.size()) recipients_.emplace_back();
  recipients_[recipient_count_++].assign(forward_path);
}

ServerPolicy::Envelope MailTransaction::envelope(std::uint64_t size) {
  recipient_views_.assign(recipients_.begin(), recipients_.begin() + static_cast<std::ptrdiff_t>(recipient_count_));
  ServerPolicy::Envelope envelope;
  envelope.reverse_path = reverse_path_;
  envelope.recipients = recipient_views_.data();
  envelope.recipient_count = recipient_views_.size();
  envelope.size = size;
  return envelope;
}

}  // namespace relaysim::smtp

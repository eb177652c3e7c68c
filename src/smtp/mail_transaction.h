// One mail transaction of a server session, from MAIL to the end of the message: what it
// collects and nothing of the session around it (OpenSMTPD keeps its smtp_tx apart the same way).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/server_policy.h"

namespace relaysim::smtp {

class MailTransaction {
 public:
  // Ends the transaction; its strings are kept for the next one, so steady state allocates nothing.
  void clear();

  void set_reverse_path(std::string_view path) { reverse_path_.assign(path); }
  std::string_view reverse_path() const { return reverse_path_; }

  void add_recipient(std::string_view forward_path);
  std::size_t recipient_count() const { return recipient_count_; }

  // A 452 "too many recipients" was sent: the first recipient_overshoot_limit of a transaction
  // are not counted as errors. Returns how many came before this one.
  std::uint32_t count_overshoot() { return recipient_overshoot_++; }

  // RFC 3030 chunks: a BDAT transfer has begun; once one of its chunks is refused the rest are
  // discarded up to LAST.
  bool chunking() const { return chunking_; }
  bool chunk_refused() const { return chunk_refused_; }
  std::uint64_t chunk_octets() const { return chunk_octets_; }
  void begin_chunk() { chunking_ = true; }
  void refuse_chunks() { chunk_refused_ = true; }
  void add_chunk(std::uint64_t octets) { chunk_octets_ += octets; }

  // What the policy is handed at the end of the message; it views this transaction's strings.
  ServerPolicy::Envelope envelope(std::uint64_t size);

 private:
  std::string reverse_path_;
  // The first recipient_count_ entries are this transaction's accepted forward paths.
  std::vector<std::string> recipients_;
  std::size_t recipient_count_ = 0;
  std::vector<std::string_view> recipient_views_;  // filled by envelope()
  std::uint32_t recipient_overshoot_ = 0;
  bool chunking_ = false;
  bool chunk_refused_ = false;
  std::uint64_t chunk_octets_ = 0;
};

}  // namespace relaysim::smtp

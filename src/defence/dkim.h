// DKIM (RFC 6376), modelled by its outcome: a signature by a domain (d=) with a selector (s=)
// whose public key that domain publishes in DNS, valid or broken. No cryptography is simulated:
// a signature verifies when the key is published and valid and no hop altered the message.
#pragma once

#include <cstdint>
#include <string_view>

namespace relaysim::defence {

// As RFC 8601 names them in Authentication-Results.
enum class DkimResult : std::uint8_t { None, Pass, Fail, PermError };
std::string_view dkim_result_name(DkimResult result);

// What the verifier found in DNS at SELECTOR._domainkey.DOMAIN.
enum class DkimKey : std::uint8_t { Missing, Valid, Broken };

// `signed_message`: the message carries a signature. A missing key is a permerror (the signature
// cannot be checked); a broken key, or a message a hop altered, fails.
DkimResult verify_dkim(bool signed_message, DkimKey key, bool altered);

}  // namespace relaysim::defence

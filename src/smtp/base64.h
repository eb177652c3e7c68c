// Base64 (RFC 4648, standard alphabet, padded) for SASL exchanges (RFC 4954): strict decoding,
// because a server must refuse a response it cannot decode with 501 5.5.2.
#pragma once

#include <string>
#include <string_view>

namespace relaysim::smtp {

// Appends the base64 form of `data` to `out`.
void base64_encode(std::string_view data, std::string& out);

// Replaces `out` with the decoded `text`. Returns false (leaving `out` unspecified) unless
// `text` is canonical padded base64: length a multiple of 4, '=' only at the end.
bool base64_decode(std::string_view text, std::string& out);

}  // namespace relaysim::smtp

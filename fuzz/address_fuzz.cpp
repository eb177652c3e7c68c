// libFuzzer target: any text given to MAIL FROM or RCPT TO resolves or is refused, never crashes;
// what an MTA forwards (canonical_address) of an address not sender-routed resolves again to the
// same address and survives the trip through a RCPT command line: the next server reads that.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "smtp/address.h"
#include "smtp/command.h"
#include "smtp/wire.h"

namespace {

using relaysim::smtp::AddressOptions;
using relaysim::smtp::ResolvedAddress;

// The client's view: no domain is local, so every address is resolved to where it goes next.
std::optional<ResolvedAddress> resolve(std::string_view text, const AddressOptions& options) {
  return relaysim::smtp::resolve_address(text, relaysim::smtp::NoLocalDomains{}, "localhost", options);
}

[[noreturn]] void fail(const char* what, std::string_view path, std::string_view detail = {}) {
  std::fprintf(stderr, "address_fuzz: %s\n  path: [%.*s]\n  detail: [%.*s]\n", what, static_cast<int>(path.size()),
               path.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// `local` is left out: "user" is local to the server that qualifies it as user@localhost, and
// that form is not local to the next one.
bool same(const ResolvedAddress& a, const ResolvedAddress& b) {
  return a.local_part == b.local_part && a.domain == b.domain && a.domain_literal == b.domain_literal &&
         a.sender_routed == b.sender_routed && a.null_sender == b.null_sender;
}

bool has_upper(std::string_view text) {
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

// The facts resolve_address documents about every address it returns.
void check_fields(const ResolvedAddress& a, std::string_view path) {
  if (a.null_sender && (!a.local_part.empty() || !a.domain.empty())) fail("the null sender has parts", path);
  if (!a.null_sender && a.domain.empty()) fail("an address left without a domain", path, a.local_part);
  if (a.domain_literal && (a.domain.size() < 3 || a.domain.front() != '[' || a.domain.back() != ']')) {
    fail("a domain literal without brackets", path, a.domain);
  }
  if (!a.domain_literal && has_upper(a.domain)) fail("a domain not lower-cased", path, a.domain);
  if (a.sender_routed != (a.local_part.find_first_of("@%!") != std::string::npos)) {
    fail("sender_routed disagrees with the local part", path, a.local_part);
  }
}

// The canonical form goes into "RCPT TO:<...>" unchanged and comes out as the same argument.
void check_wire(const std::string& canonical, std::string_view path) {
  std::string line;
  relaysim::smtp::format_command(relaysim::smtp::make_command(relaysim::smtp::Verb::Rcpt, canonical), line);
  if (line.size() < 2 || line.substr(line.size() - 2) != "\r\n") fail("a command line without CRLF", path, line);
  if (line.find_first_of("\r\n") != line.size() - 2) fail("a canonical address holds CR or LF", path, canonical);
  line.resize(line.size() - 2);
  const auto parsed = relaysim::smtp::parse_command_line(line);
  const auto* command = std::get_if<relaysim::smtp::Command>(&parsed);
  if (line.size() <= relaysim::smtp::kMaxCommandLine - 2 &&
      (command == nullptr || command->verb != relaysim::smtp::Verb::Rcpt || command->argument != canonical)) {
    fail("RCPT TO:<canonical> does not parse back", path, line);
  }
}

void check_round_trip(const ResolvedAddress& a, std::string_view path, const AddressOptions& options) {
  const std::string canonical = relaysim::smtp::canonical_address(a);
  const auto again = resolve(canonical, options);
  if (!again) fail("the canonical form does not resolve", path, canonical);
  if (!same(a, *again)) fail("the canonical form resolves to another address", path, canonical);
  if (relaysim::smtp::canonical_address(*again) != canonical) fail("canonical_address is not idempotent", path, canonical);
  check_wire(canonical, path);
}

}  // namespace

// The first byte chooses the rewriting options, the rest is the text inside the angle brackets.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  AddressOptions options;
  options.swap_bangpath = (data[0] & 1) == 0;
  options.allow_percent_hack = (data[0] & 2) == 0;
  const std::string_view path(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto resolved = resolve(path, options);
  if (!resolved) return 0;
  check_fields(*resolved, path);
  // A sender-routed address is meant to be resolved again differently: the next hop follows the
  // routing left in its local part (in Postfix's internal form even quotes do not hide it).
  if (!resolved->sender_routed) check_round_trip(*resolved, path, options);
  return 0;
}

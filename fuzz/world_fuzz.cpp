// libFuzzer target: the input drives a generator of small scenarios (MX records pointing at each
// other, random relay policies, relayhosts, outages, agents with small rates); each one the loader
// accepts is run under a work cap, and must end, account for every copy and write only its folder.
#include <fuzzer/FuzzedDataProvider.h>
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iterator>
#include <stdexcept>
#include <system_error>
#include <string>
#include <string_view>

#include "run/run_outputs.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

namespace {

namespace fs = std::filesystem;
using relaysim::scenario::ScenarioSpec;

// Generated runs take at most a few hundred thousand events (most a few hundred); one that
// passes two million is not going to end by itself before its duration.
constexpr std::uint64_t kMaxEvents = 2'000'000;
constexpr double kMaxWork = 20'000;
constexpr int kSteps = 64;  // the cap is checked between steps of simulated time
constexpr int kMaxDomains = 4, kMaxMtas = 4, kMaxAgents = 4;

[[noreturn]] void fail(const std::string& what, const std::string& yaml) {
  std::fprintf(stderr, "world_fuzz: %s\n--- scenario ---\n%s\n----------------\n", what.c_str(), yaml.c_str());
  std::abort();
}

// ---- the generator: YAML text, so that every check of the loader applies -----------------------

// A YAML double-quoted scalar holding `text` exactly, control characters included.
std::string yaml_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 32 || byte >= 127) {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\x%02x", byte);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

class Generator {
 public:
  explicit Generator(FuzzedDataProvider& in) : in_(in) {}
  std::string scenario();

 private:
  template <std::size_t N>
  const char* pick(const char* const (&choices)[N]) { return in_.PickValueInArray(choices); }
  bool maybe() { return in_.ConsumeBool(); }
  int below(int n) { return in_.ConsumeIntegralInRange(0, n - 1); }
  std::string domain(int i) const { return "d" + std::to_string(i) + ".example"; }
  std::string mta(int i) const { return "mx" + std::to_string(i) + ".example"; }
  std::string mta_ip(int i) const { return "192.0.2." + std::to_string(10 + i); }
  std::string any_domain() { return domain(below(domains_)); }
  std::string any_mta() { return mta(below(mtas_)); }
  std::string domain_list(unsigned mask) const;

  std::string name();
  std::string duration(bool zero_ok);
  std::string rate();
  std::string recipient();
  void domains();
  void domain_records(int i);
  void mtas();
  void mta_block(int i);
  void mta_relaying(int i);
  void mta_limits();
  void mta_defences();
  void blocklists();
  void agents();
  void agent(int i);
  void agent_recipients();
  void links();

  FuzzedDataProvider& in_;
  std::string out_;
  int domains_ = 1, mtas_ = 1;
  bool blocklist_ = false;
};

// Names become the output folder out/<name>: hostile ones must be refused or kept inside it.
std::string Generator::name() {
  static constexpr const char* kNames[] = {"world",  "../escape", "../../escape", "/tmp/relaysim-world-fuzz-absolute",
                                           "..",     ".",         "",             "a/b",
                                           "a/../..", "x/../../y", "..\\x",       "./.."};
  switch (below(8)) {
    case 0: return pick(kNames);
    case 1: return in_.ConsumeRandomLengthString(12);
    default: return "world";
  }
}

constexpr const char* kDurations[] = {"1s", "30s", "5m", "10m", "30m", "1h", "90m", "2h", "3h"};
constexpr int kDurationCount = static_cast<int>(std::size(kDurations));

std::string Generator::duration(bool zero_ok) {
  if (zero_ok && maybe()) return "0";
  return pick(kDurations);
}

// Small rates, down to ones whose mean interval is far beyond any duration (or any SimTime).
std::string Generator::rate() {
  static constexpr const char* kPeriods[] = {"s", "m", "h", "d"};
  static constexpr const char* kNumbers[] = {"1", "6", "60", "0.5", "3600"};
  if (below(4) != 0) return std::string(pick(kNumbers)) + "/" + pick(kPeriods);
  // The loader reads at most 18 decimals: 0.(16 zeros)1/d is a mean interval of 10^17 days.
  return "0." + std::string(static_cast<std::size_t>(below(17)), '0') + "1/" + pick(kPeriods);
}

// The domains whose bit is set in `mask`, as a YAML list.
std::string Generator::domain_list(unsigned mask) const {
  std::string list;
  for (int i = 0; i < domains_; ++i) {
    if (mask & (1u << i)) list += (list.empty() ? "" : ", ") + domain(i);
  }
  return "[" + list + "]";
}

void Generator::domain_records(int i) {
  out_ += "  " + domain(i) + ":";
  switch (below(5)) {
    case 0:
      out_ += " {}\n";
      return;
    case 1:
      out_ += " { mx: [\".\"] }\n";
      return;
    case 2:
      out_ += " { address: " + (maybe() ? mta_ip(below(mtas_)) : std::string("198.51.100.1")) + " }\n";
      return;
    default:
      break;
  }
  out_ += "\n    mx:\n";
  // Distinct hosts (the loader refuses a host listed twice), in any order, with tied preferences too.
  const int first = below(mtas_);
  for (int n = 1 + below(mtas_); n > 0; --n) {
    out_ += "      - { host: " + mta((first + n) % mtas_) + ", pref: " + std::to_string(below(3) * 10) + " }\n";
  }
  if (maybe()) out_ += "    spf: [192.0.2.0/24]\n";
  if (maybe()) out_ += std::string("    dmarc: ") + (maybe() ? "reject" : "quarantine") + "\n";
}

void Generator::domains() {
  out_ += "domains:\n";
  for (int i = 0; i < domains_; ++i) domain_records(i);
}

// Who may relay through it and where it sends: the settings that make loops and open relays.
void Generator::mta_relaying(int i) {
  static constexpr const char* kPolicies[] = {"open", "mynetworks", "authenticated", "closed"};
  out_ += std::string("    policy: ") + pick(kPolicies) + "\n";
  if (mtas_ > 1 && maybe()) out_ += "    relayhost: " + mta((i + 1 + below(mtas_ - 1)) % mtas_) + "\n";
  // Disjoint, as the loader requires: a domain is delivered here or relayed, not both.
  const unsigned local = in_.ConsumeIntegral<std::uint8_t>();
  if (maybe()) out_ += "    mydestination: " + domain_list(local) + "\n";
  if (maybe()) out_ += "    relay_domains: " + domain_list(~local & in_.ConsumeIntegral<std::uint8_t>()) + "\n";
  if (maybe()) out_ += "    allow_untrusted_routing: true\n";
  if (maybe()) out_ += std::string("    mynetworks: ") + (maybe() ? "[192.0.2.0/24]" : "[]") + "\n";
  if (maybe()) out_ += "    sasl_users: { u" + std::to_string(i) + ": pw }\n";
  if (maybe()) out_ += "    submission: true\n";
}

void Generator::mta_limits() {
  if (maybe()) out_ += "    local_recipients: [u0, postmaster]\n";
  if (maybe()) out_ += "    recipient_limit: " + std::to_string(1 + below(3)) + "\n";
  if (maybe()) out_ += std::string("    message_size_limit: ") + (maybe() ? "0" : "1KB") + "\n";
  if (maybe()) out_ += "    max_sessions: " + std::to_string(1 + below(3)) + "\n";
  if (maybe()) {
    // Retries every few seconds for hours would be legitimate work, only slow: at least 30 s.
    static constexpr const char* kRetries[] = {"30s", "5m", "10m", "1h", "2h"};
    const int count = static_cast<int>(std::size(kRetries));
    const int minimal = below(count);  // maximal_backoff may not be below it
    out_ += std::string("    queue: { queue_run_delay: ") + pick(kRetries) + ", minimal_backoff: " + kRetries[minimal] +
            ", maximal_backoff: " + kRetries[minimal + below(count - minimal)] +
            ", maximal_lifetime: " + duration(true) + " }\n";
  }
  if (maybe()) {
    const int from = below(kDurationCount - 1);  // it must end after it starts
    out_ += std::string("    down: [[") + (maybe() ? "0" : kDurations[from]) + ", " +
            kDurations[from + 1 + below(kDurationCount - from - 1)] + "]]\n";
  }
}

void Generator::mta_defences() {
  static constexpr const char* kChecks[] = {"permit_mynetworks", "permit_sasl_authenticated",
                                            "check_policy_service postgrey", "check_policy_service policyd-spf",
                                            "reject_rbl_client bl.example"};
  if (maybe()) {
    out_ += "    recipient_restrictions: [";
    const int checks = std::size(kChecks) - (blocklist_ ? 0 : 1);
    for (int n = 1 + below(3); n > 0; --n) out_ += std::string(kChecks[below(checks)]) + (n > 1 ? ", " : "");
    out_ += "]\n";
    out_ += "    greylisting: { delay: " + duration(true) + " }\n";
  }
  if (maybe()) out_ += "    client_message_rate_limit: " + std::to_string(below(3)) + "\n";
  if (maybe()) out_ += std::string("    content_filter: { action: ") + (maybe() ? "reject" : "junk") + " }\n";
  if (maybe()) out_ += "    dmarc: true\n";
  if (maybe()) out_ += "    reputation: { min_volume: 1, half_life: 1h }\n";
  if (blocklist_ && maybe()) out_ += "    closes_relay: { listed_in: bl.example, after: " + duration(true) + " }\n";
}

void Generator::mta_block(int i) {
  out_ += "  " + mta(i) + ":\n    ip: " + mta_ip(i) + "\n";
  mta_relaying(i);
  if (maybe()) mta_limits();
  if (maybe()) mta_defences();
}

void Generator::mtas() {
  out_ += "mtas:\n";
  for (int i = 0; i < mtas_; ++i) mta_block(i);
}

void Generator::blocklists() {
  static constexpr const char* kFirstListings[] = {"1s", "5m", "1h"};  // before the 3h of the last point
  out_ += "blocklists:\n  bl.example: { listing_delay: [[" + std::string(pick(kFirstListings)) +
          ", 50%], [3h, 100%]], listed_for: " +
          duration(false) + ", traps: [u1@" + any_domain() + "] }\n";
}

// RCPT TO paths: plain, for unknown domains, and the old relaying tricks an open relay follows.
std::string Generator::recipient() {
  const std::string user = "u" + std::to_string(below(3));
  switch (below(9)) {
    case 0: return user + "%" + any_domain() + "@" + any_mta();
    case 1: return "\"" + user + "@" + any_domain() + "\"@" + any_domain();
    case 2: return any_domain() + "!" + user + "@" + any_domain();
    case 3: return "@" + any_mta() + ":" + user + "@" + any_domain();
    case 4: return user + "@[" + mta_ip(below(mtas_)) + "]";
    case 5: return maybe() ? "postmaster" : user + "@nowhere.example";
    case 6: return in_.ConsumeRandomLengthString(24);
    default: return user + "@" + any_domain();
  }
}

void Generator::agent_recipients() {
  const int listed = 1 + below(3);
  out_ += "    to: [";
  for (int n = listed; n > 0; --n) out_ += yaml_string(recipient()) + (n > 1 ? ", " : "");
  out_ += "]\n";
  if (maybe()) out_ += "    random_recipients: { domains: [" + any_domain() + "], count: " + std::to_string(1 + below(5)) + " }\n";
  // Not more than `to` holds (the loader refuses it), though a repeated recipient may still make it so.
  if (maybe()) out_ += "    recipients_per_message: " + std::to_string(1 + below(listed)) + "\n";
}

void Generator::agent(int i) {
  static constexpr const char* kKinds[] = {"user", "spammer", "bot"};
  const std::string kind = pick(kKinds);
  out_ += "  - kind: " + kind + "\n    name: a" + std::to_string(i) + "\n";
  if (kind == "user" || maybe()) out_ += "    address: " + yaml_string("u" + std::to_string(i) + "@" + any_domain()) + "\n";
  if (kind == "user" || (kind == "spammer" && maybe())) out_ += "    via: " + any_mta() + "\n";
  if (kind != "bot" && maybe()) out_ += "    login: u" + std::to_string(below(mtas_)) + "\n    password: pw\n";
  if (kind == "bot") out_ += "    bots: " + std::to_string(1 + below(4)) + "\n    network: 203.0.113.0/29\n";
  if (kind == "spammer" && maybe()) {
    // Probes are work the loader allows for (rate x time); a fast hunter would only make runs slow.
    static constexpr const char* kProbeRates[] = {"1/d", "1/h", "60/h", "600/h"};
    out_ += std::string("    hunt: { network: 192.0.2.8/29, rate: ") + pick(kProbeRates) + ", share_after: " + duration(true) +
            ", chain: " + (maybe() ? "true" : "false") + " }\n";
  }
  out_ += "    rate: " + rate() + "\n";
  // A few messages per agent keep each run short; the rate still spaces them out.
  out_ += "    messages: " + std::to_string(1 + below(12)) + "\n";
  if (maybe()) out_ += "    start: " + duration(true) + "\n";
  if (maybe()) out_ += "    stop: " + duration(false) + "\n";
  if (maybe()) out_ += std::string("    size: ") + (maybe() ? "500B" : "2KB") + "\n";
  agent_recipients();
}

void Generator::agents() {
  const int n = below(kMaxAgents + 1);
  if (n == 0) return;
  out_ += "agents:\n";
  for (int i = 0; i < n; ++i) agent(i);
}

void Generator::links() {
  static constexpr const char* kLatencies[] = {"40ms", "1ms", "100us", "1s", "0"};
  out_ += std::string("links:\n  default_latency: ") + pick(kLatencies) + "\n";
  if (mtas_ > 1 && maybe()) {
    out_ += "  between:\n    - { a: " + mta(0) + ", b: " + mta(1) + ", latency: " + pick(kLatencies) + " }\n";
  }
}

std::string Generator::scenario() {
  domains_ = 1 + below(kMaxDomains);
  mtas_ = 1 + below(kMaxMtas);
  blocklist_ = maybe();
  out_ = "name: " + yaml_string(name()) + "\nseed: " + std::to_string(in_.ConsumeIntegral<std::uint16_t>()) +
         "\nduration: " + duration(false) + "\n";
  static constexpr const char* kIntervals[] = {"1m", "7m", "1h"};
  if (maybe()) out_ += std::string("metrics_interval: ") + pick(kIntervals) + "\n";
  domains();
  if (blocklist_) blocklists();
  mtas();
  links();
  agents();
  return out_;
}

// ---- the run and its checks ------------------------------------------------------------------

// True when `path` lies strictly inside `folder`, judged on the names alone (as the files would be).
bool strictly_inside(const fs::path& path, const fs::path& folder) {
  const fs::path relative = path.lexically_normal().lexically_relative(folder.lexically_normal());
  return !relative.empty() && relative != "." && *relative.begin() != "..";
}

// A fresh folder under the system's temporary directory, removed with everything in it.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "relaysim-world-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs as `relaysim run` does, but in steps, so that a run that never ends is caught.
relaysim::run::RunResult run_capped(const ScenarioSpec& spec, const relaysim::run::RunOptions& options,
                                    const std::string& yaml) {
  relaysim::run::RunOutputs outputs(spec, options);
  relaysim::world::World world(spec, outputs.recorder());
  outputs.recorder().bind(world.topology(), world.mta_count());
  const relaysim::sim::SimTime end = spec.duration;
  world.start(end);
  for (int step = 1; step <= kSteps; ++step) {
    world.advance_to(end / kSteps * step + (step == kSteps ? end % kSteps : 0));
    if (world.events() > kMaxEvents) {
      fail("no end in sight: " + std::to_string(world.events()) + " events by " + std::to_string(world.now()) +
               " us of " + std::to_string(end),
           yaml);
    }
  }
  if (world.now() > end) fail("the simulated time passed the end", yaml);
  world.finish();
  return outputs.finish(world, end);
}

void check_conservation(const relaysim::report::RunTotals& totals, const std::string& yaml) {
  for (std::size_t c = 0; c < totals.classes.size(); ++c) {
    const auto& counts = totals.classes[c];
    if (counts.submitted != counts.settled()) {
      fail("class " + std::to_string(c) + ": " + std::to_string(counts.submitted) + " copies submitted, " +
               std::to_string(counts.settled()) + " delivered, rejected, bounced or queued",
           yaml);
    }
  }
}

// Everything under `root` must be the output folder, inside it, or one of the folders holding it.
void check_written_only(const fs::path& root, const fs::path& out_dir, const std::string& yaml) {
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const fs::path& p = entry.path();
    if (p.lexically_normal() == out_dir.lexically_normal() || strictly_inside(p, out_dir) ||
        strictly_inside(out_dir, p)) {
      continue;
    }
    fail("a file outside the run's folder " + out_dir.string() + ": " + p.string(), yaml);
  }
}

void run_and_check(const ScenarioSpec& spec, bool write_files, const std::string& yaml) {
  TemporaryFolder temporary;
  const fs::path cwd = temporary.path() / "cwd";  // as if `relaysim run` ran here
  fs::create_directory(cwd);
  relaysim::run::RunOptions options;
  options.trace = write_files;
  // relaysim run's default output folder (run_command.cpp).
  const fs::path out_dir = cwd / "out" / spec.name;
  if (write_files) {
    // Checked before anything is written: the fuzzer must not write outside its folder either.
    if (!strictly_inside(out_dir, cwd / "out")) fail("the output folder out/<name> escapes out/: " + out_dir.string(), yaml);
    options.out_dir = out_dir;
  }
  // Any exception is a finding: lost copies (std::logic_error), an event in the past, and output
  // that cannot be written, since a name the loader accepts must make a folder in a fresh one.
  try {
    const relaysim::run::RunResult result = run_capped(spec, options, yaml);
    check_conservation(result.totals, yaml);
  } catch (const std::exception& e) {
    fail(std::string("exception: ") + e.what(), yaml);
  }
  if (write_files) check_written_only(temporary.path(), out_dir, yaml);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const bool write_files = in.ConsumeIntegralInRange(0, 3) != 0;
  const std::string yaml = Generator(in).scenario();
  ScenarioSpec spec;
  try {
    // The product's own work limit, scaled to fuzzing: a world it accepts must then end within
    // kMaxEvents (about 100 events per unit of estimated work).
    spec = relaysim::scenario::parse_scenario(yaml, "world.yaml", {}, {std::nullopt, kMaxWork});
  } catch (const relaysim::scenario::ScenarioError&) {
    return 0;
  }
  run_and_check(spec, write_files, yaml);
  return 0;
}

// A simulated MTA as the main.cf and master.cf of a real Postfix, and back: an MTA's policy read
// from `postconf -n`. One table of Postfix parameters serves both directions (docs/postfix-fidelity.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario_spec.h"
#include "text/catalog.h"

namespace relaysim::scenario {

// What to paste into a Postfix's configuration: main.cf parameters ("name = value"), master.cf
// services (the smtpd ones; the rest of the stock master.cf stays), and notes for the postmaster
// about what relaysim models outside Postfix's configuration (printed as comments).
struct PostfixConfig {
  std::vector<std::string> main_cf;
  std::vector<std::string> master_cf;
  std::vector<std::string> notes;
};

// Why no Postfix configuration can stand for `mta` (legacy-open, which Postfix refuses to start
// with; a value main.cf cannot write), or nullopt when export_postfix can write one. The reason is
// said in `catalog`'s language (Postfix's parameter names stay as they are).
std::optional<std::string> postfix_refusal(const MtaSpec& mta, const text::Catalog& catalog = {});

// The configuration under which a real Postfix (3.6 or later) decides as `mta` does; its
// reject_rbl_client checks name zones of `blocklists`. Throws std::invalid_argument when
// postfix_refusal(mta) has a reason.
PostfixConfig export_postfix(const MtaSpec& mta, const std::vector<world::BlocklistConfig>& blocklists);

// What the values of a postconf file may name in its scenario.
struct PostfixNames {
  std::vector<std::string> domains;
  std::vector<std::string> mtas;
  std::vector<std::string> blocklists;  // zones, in WorldConfig::blocklists order
};

struct PostfixIssue {
  int line = 0;    // 1-based; 0: the file as a whole (a parameter it leaves at Postfix's default)
  int column = 0;  // 1-based
  std::string message;
};

// Issues in the file's order, each once.
struct PostfixImport {
  std::vector<PostfixIssue> errors;
  // The first, when there is one, lists every parameter the file sets that relaysim does not
  // model; the others are values relaysim approximates (IPv6 networks, tables it cannot read).
  std::vector<PostfixIssue> warnings;
};

// Sets every field of `mta` that the table covers from `postconf -n` text; a parameter the text
// does not set takes Postfix's default, as it would on the real server. mta.name, ip and sasl_users
// must already be set: the file is checked against them. Issues are said in `catalog`'s language.
PostfixImport import_postfix(std::string_view postconf_text, const PostfixNames& names, MtaSpec& mta,
                             const text::Catalog& catalog = {});

// The MTA keys of a scenario whose fields a postfix: file sets, each with the main.cf parameters
// that set it: an MTA gives them in one place or the other.
struct PostfixKey {
  std::string_view key;
  std::vector<std::string_view> parameters;
};
std::vector<PostfixKey> postfix_scenario_keys();

}  // namespace relaysim::scenario

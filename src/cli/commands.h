// The `relaysim` subcommands. Each takes its own arguments (after the subcommand's name)
// and returns the process exit status: 0 success, 1 runtime failure, 2 bad usage or input.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "text/catalog.h"

namespace relaysim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int render_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// The default diagrams into RUN_DIR/diagrams/ and RUN_DIR/report.html (run --diagrams).
int render_default_set(const std::filesystem::path& run_dir, const text::Catalog& catalog, std::ostream& out,
                       std::ostream& err);
int validate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// Real SMTP clients talk to the simulated MTAs on loopback ports (docs/live-lab.md).
int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// The outputs of a serve that was killed, rebuilt from the journal in its output folder.
int recover_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// Many runs: a scenario's variants x sweep points x replications (or one shard of them), the
// shards merged back, and several scenarios compared side by side.
int experiment_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int compare_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// The main.cf and master.cf lines under which a real Postfix decides as a simulated MTA does.
int postfix_config_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace relaysim::cli

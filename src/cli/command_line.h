// What every subcommand does first: parse its options and positional arguments, answer
// --help, and report a usage error with a pointer to --help.
#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relaysim::cli {

struct CommandLine {
  boost::program_options::variables_map options;
  std::vector<std::string> inputs;  // the positional arguments, in order
};

// Returns nullopt when the command has nothing more to do: --help was printed (`status` 0)
// or the arguments were wrong (`status` 2, the reason on `err`).
std::optional<CommandLine> parse_command_line(std::string_view command,
                                              const boost::program_options::options_description& options,
                                              const std::vector<std::string>& args, std::ostream& out,
                                              std::ostream& err, int& status);

// Reports "relaysim COMMAND: MESSAGE (see relaysim COMMAND --help)"; returns the bad-usage status.
int usage_error(std::string_view command, std::string_view message, std::ostream& err);

}  // namespace relaysim::cli

// What every subcommand does first: parse its options and positional arguments, answer
// --help, and report a usage error with a pointer to --help.
#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/catalog.h"

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

// --lang es|en: the language of everything a student reads (default: LC_ALL, LC_MESSAGES, LANG).
void add_language_option(boost::program_options::options_description& options);
// The catalogue --lang (or the environment) asks for; nullopt, with the reason in `error`, when
// it names no language relaysim has or its catalogue is not installed.
std::optional<text::Catalog> read_language_option(const boost::program_options::variables_map& options,
                                                  std::string& error);
// The same, reporting the reason on `err` as "relaysim COMMAND: ...".
std::optional<text::Catalog> language_catalog(std::string_view command,
                                              const boost::program_options::variables_map& options,
                                              std::ostream& err);

// Reports "relaysim COMMAND: MESSAGE (see relaysim COMMAND --help)"; returns the bad-usage status.
int usage_error(std::string_view command, std::string_view message, std::ostream& err);

}  // namespace relaysim::cli

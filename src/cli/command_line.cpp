#include "cli/command_line.h"

#include <ostream>

#include "cli/commands.h"

namespace relaysim::cli {

namespace po = boost::program_options;

std::optional<CommandLine> parse_command_line(std::string_view command, const po::options_description& options,
                                              const std::vector<std::string>& args, std::ostream& out,
                                              std::ostream& err, int& status) {
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);
  CommandLine line;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), line.options);
    po::notify(line.options);
  } catch (const po::error& e) {
    status = usage_error(command, e.what(), err);
    return std::nullopt;
  }
  if (line.options.count("help")) {
    out << options << "\n";
    status = kExitOk;
    return std::nullopt;
  }
  if (line.options.count("input")) line.inputs = line.options["input"].as<std::vector<std::string>>();
  return line;
}

void add_language_option(po::options_description& options) {
  options.add_options()("lang", po::value<std::string>()->value_name("es|en"),
                        "the language of the summary, notes, diagrams, slides and report (default: from LC_ALL, "
                        "LC_MESSAGES or LANG; SMTP lines stay as servers send them)");
}

std::optional<text::Catalog> read_language_option(const po::variables_map& options, std::string& error) {
  try {
    return text::catalog_for(options.count("lang") ? std::optional(options["lang"].as<std::string>()) : std::nullopt);
  } catch (const text::CatalogError& e) {
    error = e.what();
    return std::nullopt;
  }
}

std::optional<text::Catalog> language_catalog(std::string_view command, const po::variables_map& options,
                                              std::ostream& err) {
  std::string error;
  auto catalog = read_language_option(options, error);
  if (!catalog) err << "relaysim " << command << ": " << error << "\n";
  return catalog;
}

int usage_error(std::string_view command, std::string_view message, std::ostream& err) {
  err << "relaysim " << command << ": " << message << "\n(see relaysim " << command << " --help)\n";
  return kExitBadInput;
}

}  // namespace relaysim::cli

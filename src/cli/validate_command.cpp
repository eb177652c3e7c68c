#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/shipped_lessons.h"
#include "scenario/scenario_loader.h"
#include "text/catalog.h"

namespace relaysim::cli {
namespace {

// --lang es|en (or --lang=es) taken out of `args`, which keeps the scenario files; `ok` is false
// when --lang has no value.
std::optional<std::string> take_language(std::vector<std::string>& args, bool& ok) {
  std::optional<std::string> lang;
  std::vector<std::string> files;
  ok = true;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--lang") {
      ok = ok && i + 1 < args.size();
      if (i + 1 < args.size()) lang = args[++i];
    } else if (args[i].starts_with("--lang=")) {
      lang = args[i].substr(7);
    } else {
      files.push_back(args[i]);
    }
  }
  args = std::move(files);
  return lang;
}

// "FILE: ok (3 MTAs, 1 agent, 2 domains)", in `catalog`'s language, each count in its form.
std::string ok_line(const std::string& file, const scenario::ScenarioSpec& spec, const text::Catalog& catalog) {
  return catalog.tr(text::N_("{1}: ok ({2}, {3}, {4})"),
                    {file, catalog.tr_n("{1} MTA", "{1} MTAs", spec.mtas.size()),
                     catalog.tr_n("{1} agent", "{1} agents", spec.agents.size()),
                     catalog.tr_n("{1} domain", "{1} domains", spec.domains.size())});
}

}  // namespace

int validate_command(const std::vector<std::string>& all_args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args = all_args;
  bool lang_ok = true;
  const std::optional<std::string> lang = take_language(args, lang_ok);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || !lang_ok) {
    (args.empty() || !lang_ok ? err : out)
        << "relaysim validate [--lang es|en] SCENARIO...\n\nChecks scenario files without running "
           "them; prints every error as file:line:col: error: ... (in the language of --lang)\n";
    return args.empty() || !lang_ok ? kExitBadInput : kExitOk;
  }
  scenario::LoadLimits limits;
  try {
    limits.catalog = text::catalog_for(lang);
  } catch (const text::CatalogError& e) {
    err << "relaysim validate: " << e.what() << "\n";
    return kExitBadInput;
  }
  int status = kExitOk;
  for (const std::string& file : scenario_files(args)) {
    try {
      const scenario::ScenarioSpec spec = scenario::load_scenario_file(file, {}, limits);
      err << scenario::format_warnings({&spec, 1}, limits.catalog);
      out << ok_line(file, spec, limits.catalog) << "\n";
    } catch (const scenario::ScenarioError& e) {
      err << e.what() << "\n";
      status = kExitBadInput;
    }
  }
  return status;
}

}  // namespace relaysim::cli

#include "scenario/scenario_loader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "scenario/loader_context.h"
#include "scenario/scenario_keys.h"

namespace relaysim::scenario {
namespace {

using detail::LoadContext;

[[noreturn]] void fail_file(const std::string& path, const std::string& what, int error_number) {
  throw ScenarioError({Diagnostic{path, 0, 0, what + ": " + std::strerror(error_number)}});
}

std::string read_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) fail_file(path, "cannot open", errno);
  std::string text;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get())) fail_file(path, "cannot read", errno);  // e.g. a directory: EISDIR
  return text;
}

// The one document of the file; a syntax error ends loading at once, since nothing after it
// can be trusted.
YAML::Node parse_yaml(std::string_view text, DiagnosticList& diagnostics) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    diagnostics.error(e.mark.line < 0 ? 0 : e.mark.line + 1, e.mark.column + 1, "invalid YAML: " + e.msg);
    diagnostics.throw_if_any();
  }
  if (documents.empty()) {
    diagnostics.error(0, 0, "the file is empty: a scenario needs at least name:, duration: and mtas:");
  } else if (documents.size() > 1) {
    Pos second = position(documents[1]);
    diagnostics.error(second.line, second.column, "a scenario file holds one YAML document; this is a second one");
  }
  diagnostics.throw_if_any();
  return documents.front();
}

void read_header(LoadContext& c, const Fields& top) {
  if (auto name = c.in.text(top, "name")) c.spec.name = *name;
  if (auto description = c.in.text(top, "description")) c.spec.description = *description;
  if (auto seed = c.in.field(top, "seed", kCountExpected, parse_count)) c.spec.seed = *seed;
  if (auto duration = c.in.field(top, "duration", kDurationExpected, parse_duration)) {
    if (*duration > 0) {
      c.spec.duration = *duration;
      c.duration = *duration;
    } else {
      c.in.error(top.find("duration")->where(), "duration: must be longer than 0");
    }
  }
}

}  // namespace

ScenarioSpec parse_scenario(std::string_view yaml_text, const std::string& file_name) {
  DiagnosticList diagnostics(file_name);
  YAML::Node root = parse_yaml(yaml_text, diagnostics);
  LoadContext c(diagnostics);
  c.spec.file = file_name;
  Fields top = c.in.fields(root, position(root), keys::kScenario, "the scenario");
  read_header(c, top);
  detail::gather_names(c, top);
  detail::read_domains(c);
  detail::read_mtas(c);
  detail::read_links(c, top);
  detail::read_agents(c);
  diagnostics.throw_if_any();
  detail::fill_defaults(c.spec, c.given);
  return std::move(c.spec);
}

ScenarioSpec load_scenario_file(const std::string& path) { return parse_scenario(read_file(path), path); }

}  // namespace relaysim::scenario

#include "scenario/scenario_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

#include "scenario/experiment_spec.h"
#include "scenario/loader_context.h"
#include "scenario/scenario_keys.h"
#include "scenario/scenario_text.h"
#include "scenario/yaml_errors.h"

namespace relaysim::scenario {
namespace {

using detail::LoadContext;

// `what` is a text of the catalogue; the reason is the C library's, in English.
[[noreturn]] void fail_file(const std::string& path, const char* what, int error_number, const text::Catalog& catalog) {
  throw ScenarioError({Diagnostic{path, 0, 0, catalog.tr(what) + ": " + std::strerror(error_number)}});
}

}  // namespace

// Opened without blocking, so that a FIFO with no writer reads as empty instead of hanging;
// then read blocking, at most one byte past the limit (/dev/zero never ends).
std::string read_bounded_file(const std::string& path, std::size_t max_bytes, const char* too_large,
                              bool regular_only, const text::Catalog& catalog) {
  struct Descriptor {
    int fd;
    ~Descriptor() {
      if (fd >= 0) ::close(fd);
    }
  } file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  const int fd = file.fd;
  if (fd < 0) fail_file(path, text::N_("cannot open"), errno, catalog);
  struct stat info {};
  if (regular_only && (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))) {
    throw ScenarioError({Diagnostic{path, 0, 0, catalog.tr(text::N_("not a regular file"))}});
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string text;
  char buffer[65536];
  while (text.size() <= max_bytes) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_file(path, text::N_("cannot read"), errno, catalog);  // e.g. a directory: EISDIR
    if (n == 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  throw ScenarioError({Diagnostic{path, 1, 1, catalog.tr(too_large)}});
}

std::string read_scenario_text(const std::string& path, const text::Catalog& catalog) {
  return read_bounded_file(path, kMaxScenarioBytes,
                           text::N_("the file is larger than 16 MiB: a scenario is text of a few kilobytes (is this "
                                    "the right file?)"),
                           false, catalog);
}

std::string format_warnings(std::span<const ScenarioSpec> specs, const text::Catalog& catalog) {
  std::vector<std::string> lines;
  for (const ScenarioSpec& spec : specs) {
    for (const Diagnostic& d : spec.warnings) {
      std::string line = printable_text(d.file);
      if (d.line > 0) line += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
      line += catalog.tr(text::N_(": warning: {1}"), {printable_text(d.message)});
      if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
    }
  }
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

namespace {

// Records where each document starts, and nothing else.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Counts the documents, reading at most three. YAML::LoadAll is not used: in yaml-cpp 0.7 a
// stray token such as a leading ',' makes it add empty documents forever, until memory runs
// out (jbeder/yaml-cpp#1040, fixed upstream in 0.8.1 by #1319). Here that shows up as two
// documents starting at the same place, and is reported as the syntax error it is.
void check_documents(std::string_view text, DiagnosticList& diagnostics) {
  std::istringstream stream{std::string(text)};
  YAML::Parser parser(stream);
  DocumentStarts handler;
  while (handler.starts.size() < 3 && parser.HandleNextDocument(handler)) {
    const auto& s = handler.starts;
    if (s.size() >= 2 && s[s.size() - 1].pos == s[s.size() - 2].pos) {
      const YAML::Mark& at = s.back();
      std::size_t pos = static_cast<std::size_t>(at.pos);
      std::string found = pos < text.size() ? std::string(1, text[pos]) : diagnostics.catalog().tr(text::N_("end of file"));
      diagnostics.error(at.line + 1, at.column + 1, text::N_("invalid YAML: unexpected '{1}'"), {found});
      return;
    }
  }
  if (handler.starts.empty()) {
    diagnostics.error(1, 1, text::N_("the file is empty (or only comments): a scenario needs at least name:, duration: and mtas:"));
  } else if (handler.starts.size() > 1) {
    diagnostics.error(handler.starts[1].line + 1, handler.starts[1].column + 1,
                      text::N_("a scenario file holds one YAML document; this is a second one"));
  }
}

// The one document of the file; a syntax error ends loading at once, since nothing after it
// can be trusted.
YAML::Node parse_yaml(std::string_view text, DiagnosticList& diagnostics) {
  YAML::Node root;
  if (const auto problem = find_text_problem(text, diagnostics.catalog())) {
    diagnostics.error(problem->line, problem->column, problem->message);
    diagnostics.throw_if_any();
  }
  try {
    check_documents(text, diagnostics);
    diagnostics.throw_if_any();
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    report_yaml_error(e, text, diagnostics);
  }
  diagnostics.throw_if_any();
  return root;
}

// The scenario's own errors (those of overrides named as such), then those of the files it names.
void throw_if_any(const DiagnosticList& diagnostics, const detail::OverrideLines& lines,
                  const std::vector<Diagnostic>& file_errors) {
  std::vector<Diagnostic> all;
  try {
    detail::throw_if_any(diagnostics, lines);
  } catch (const ScenarioError& e) {
    all = e.diagnostics();
  }
  all.insert(all.end(), file_errors.begin(), file_errors.end());
  if (!all.empty()) throw ScenarioError(std::move(all));
}

// A message id as trace.jsonl numbers messages: 1, 2, ...
Parsed<std::uint64_t> parse_message_id(std::string_view text) {
  Parsed<std::uint64_t> n = parse_count(text);
  if (n && n.value() == 0) return Parsed<std::uint64_t>::fail(text::N_("0 is no message id: they start at 1"));
  return n;
}

// translations: {es: {title: ..., description: ...}}: the lesson's words in another language.
void read_translations(LoadContext& c, const Entry& entry) {
  const Fields languages = c.in.fields(entry.value, entry.where(), keys::kTranslations, "translations");
  for (const Entry& language : languages.entries()) {
    const Fields f = c.in.fields(language.value, language.where(), keys::kTranslation, "translations." + language.name);
    LessonText& text = c.spec.translations[language.name];
    text.title = c.in.text(f, "title").value_or("");
    text.description = c.in.text(f, "description").value_or("");
  }
}

void read_header(LoadContext& c, const Fields& top) {
  if (auto name = c.in.text(top, "name")) {
    if (const auto problem = scenario_name_problem(*name, c.in.catalog())) {
      c.in.error(top.find("name")->where(), "name: " + *problem);
    } else {
      c.spec.name = *name;
    }
  }
  if (auto title = c.in.text(top, "title")) c.spec.title = *title;
  if (const Entry* t = top.find("translations")) read_translations(c, *t);
  if (auto description = c.in.text(top, "description")) c.spec.description = *description;
  if (auto ids = c.in.scalars(top, "key_messages", text::N_("a list of message ids like [13, 29]"),
                              text::N_("a message id (1 or more)"), parse_message_id)) {
    c.spec.key_messages = std::move(*ids);
  }
  if (auto seed = c.in.field(top, "seed", kCountExpected, parse_count)) c.spec.seed = *seed;
  if (auto start = c.in.field(top, "start", kTimestampExpected, parse_timestamp)) c.spec.start = *start;
  if (auto duration = c.in.field(top, "duration", kDurationExpected, parse_duration)) {
    if (*duration > 0) {
      c.spec.duration = *duration;
      c.duration = *duration;
    } else {
      c.in.error(top.find("duration")->where(), text::N_("{1}: must be longer than 0"), {"duration"});
    }
  }
}

}  // namespace

ScenarioSpec parse_scenario(std::string_view yaml_text, const std::string& file_name,
                            const std::vector<Override>& overrides, const LoadLimits& limits) {
  DiagnosticList diagnostics(file_name, limits.catalog);
  YAML::Node root = parse_yaml(yaml_text, diagnostics);
  const detail::OverrideLines override_lines = detail::apply_overrides(root, overrides, yaml_text, limits.catalog);
  LoadContext c(diagnostics);
  c.spec.file = file_name;
  Fields top = c.in.fields(root, position(root), keys::kScenario, c.in.tr(text::N_("the scenario")));
  read_header(c, top);
  detail::gather_names(c, top);
  detail::read_domains(c);
  detail::read_scenario_dynamics(c, top);
  detail::read_mtas(c);
  detail::read_links(c, top);
  detail::read_agents(c);
  detail::read_experiment(c.in, top, root, file_name);  // checked here, run by relaysim experiment
  throw_if_any(diagnostics, override_lines, c.file_errors);
  detail::fill_defaults(c.spec, c.given);
  // What only a whole, valid scenario shows: where its mail goes, and what running it costs.
  detail::check_route_loops(c);
  detail::check_work(c, top, limits);
  detail::throw_if_any(diagnostics, override_lines);
  return std::move(c.spec);
}

ScenarioSpec load_scenario_file(const std::string& path, const std::vector<Override>& overrides,
                                const LoadLimits& limits) {
  return parse_scenario(read_scenario_text(path, limits.catalog), path, overrides, limits);
}

}  // namespace relaysim::scenario

#include "viz/renderer.h"

#include "report/atomic_file.h"

namespace relaysim::viz {

std::optional<Format> format_from_name(const std::string& name) {
  if (name == "svg") return Format::Svg;
  if (name == "png") return Format::Png;
  if (name == "pdf") return Format::Pdf;
  if (name == "dot" || name == "gv") return Format::Dot;
  return std::nullopt;
}

std::optional<Format> format_from_path(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext.empty() ? std::nullopt : format_from_name(ext.substr(1));
}

const char* extension(Format format) {
  switch (format) {
    case Format::Svg: return "svg";
    case Format::Png: return "png";
    case Format::Pdf: return "pdf";
    case Format::Dot: return "dot";
  }
  return "svg";
}

std::string render(Context& context, Graph& graph, Format format) {
  if (format == Format::Dot) return graph.dot_source();
  const Layout layout(context, graph);
  return layout.render(format == Format::Png ? "png:cairo" : extension(format));
}

std::string inline_svg(Context& context, Graph& graph) {
  const std::string svg = render(context, graph, Format::Svg);
  const auto start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

void render_to_file(Context& context, Graph& graph, Format format, const std::filesystem::path& file) {
  const std::string bytes = render(context, graph, format);  // throws before any file exists
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  report::write_file_atomically(file, bytes);
}

}  // namespace relaysim::viz

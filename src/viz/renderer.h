// Output formats by name or file extension, and rendering a diagram into memory or a file.
// A file is written only when rendering succeeded (atomically: never half a file).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "viz/graphviz.h"

namespace relaysim::viz {

enum class Format : std::uint8_t { Svg, Png, Pdf, Dot };

std::optional<Format> format_from_name(const std::string& name);  // svg, png, pdf, dot (gv)
std::optional<Format> format_from_path(const std::filesystem::path& path);
const char* extension(Format format);  // "svg"

// The diagram in `format`: DOT is the source before layout (to restyle and re-run through
// Graphviz); the others are laid out with the graph's engine ("dot" unless it names another).
std::string render(Context& context, Graph& graph, Format format);
void render_to_file(Context& context, Graph& graph, Format format, const std::filesystem::path& file);
// The diagram as an <svg> element to put inside an HTML page (no XML prologue).
std::string inline_svg(Context& context, Graph& graph);

}  // namespace relaysim::viz

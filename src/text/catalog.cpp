#include "text/catalog.h"

#include <boost/locale/generator.hpp>
#include <boost/locale/message.hpp>
#include <cstdlib>
#include <system_error>
#include <vector>

#include "text/install_paths.h"

namespace relaysim::text {
namespace {

// One pass over the translated text, so that an argument holding "{2}" (a key in a scenario
// file may be anything) is never itself substituted.
std::string substituted(const std::string& text, const std::vector<std::string_view>& args) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', at)) {
    const std::size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    const std::string_view inside(text.data() + open + 1, close - open - 1);
    const bool digits = !inside.empty() && inside.size() < 4 &&
                        inside.find_first_not_of("0123456789") == std::string_view::npos;
    const std::size_t index = digits ? std::stoul(std::string(inside)) : 0;
    if (index < 1 || index > args.size()) {
      out.append(text, at, open + 1 - at);  // not a placeholder: the brace stays, reading goes on after it
      at = open + 1;
      continue;
    }
    out.append(text, at, open - at).append(args[index - 1]);
    at = close + 1;
  }
  return out.append(text, at, std::string::npos);
}

bool names_language(const char* value) { return value && *value; }

}  // namespace

std::optional<Language> language_from_name(std::string_view name) {
  const std::string_view code = name.substr(0, name.find_first_of("_.@"));
  if (code == "en" || code == "C" || code == "POSIX") return Language::En;
  if (code == "es") return Language::Es;
  return std::nullopt;
}

Language language_from_environment(const char* lc_all, const char* lc_messages, const char* lang) {
  for (const char* value : {lc_all, lc_messages, lang}) {
    if (names_language(value)) return language_from_name(value).value_or(Language::En);
  }
  return Language::En;
}

const char* language_code(Language language) { return language == Language::Es ? "es" : "en"; }

Catalog::Catalog() = default;

Catalog::Catalog(Language language, const std::filesystem::path& dir) : language_(language) {
  if (language == Language::En) return;
  const std::filesystem::path file = dir / language_code(language) / "LC_MESSAGES/relaysim.mo";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw CatalogError("the " + std::string(language_code(language)) + " catalogue is not installed: no " +
                       file.string() + " (reinstall relaysim, or build it again)");
  }
  boost::locale::generator generator;
  generator.add_messages_path(dir.string());
  generator.add_messages_domain("relaysim");
  locale_ = generator(std::string(language_code(language)) + "_ES.UTF-8");
}

std::string Catalog::tr(const char* msgid, std::initializer_list<std::string_view> args) const {
  return tr_args(msgid, std::vector<std::string_view>(args));
}

std::string Catalog::tr_args(const char* msgid, const std::vector<std::string_view>& args) const {
  return substituted(locale_ ? boost::locale::translate(msgid).str(*locale_) : std::string(msgid), args);
}

std::string Catalog::tr_n(const char* singular, const char* plural, std::uint64_t n,
                          std::initializer_list<std::string_view> more) const {
  std::string text = locale_ ? boost::locale::translate(singular, plural, static_cast<long long>(n)).str(*locale_)
                             : std::string(n == 1 ? singular : plural);
  const std::string count = std::to_string(n);
  std::vector<std::string_view> args{count};
  args.insert(args.end(), more.begin(), more.end());
  return substituted(text, args);
}

std::filesystem::path locale_dir() {
  std::error_code ec;
  const std::filesystem::path installed = share_dir() / "locale";
  if (std::filesystem::exists(installed / "es/LC_MESSAGES/relaysim.mo", ec)) return installed;
  return RELAYSIM_BUILD_LOCALE_DIR;
}

Catalog catalog_for(const std::optional<std::string>& lang_option) {
  Language language = language_from_environment(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"),
                                                std::getenv("LANG"));
  if (lang_option) {
    if (*lang_option != "en" && *lang_option != "es") {
      throw CatalogError("--lang: expected en or es, not '" + *lang_option + "'");
    }
    language = *lang_option == "es" ? Language::Es : Language::En;
  }
  return Catalog(language, locale_dir());
}

}  // namespace relaysim::text

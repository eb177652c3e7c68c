// What a student reads, in their language: one GNU gettext catalogue per language (po/es.po),
// compiled by msgfmt at build time and read with Boost.Locale. English is the source text.
// SMTP lines, reply texts and Postfix's parameter names are never passed through a catalogue.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <locale>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace relaysim::text {

enum class Language : std::uint8_t { En, Es };

// "en" or "es" (also "es_ES.UTF-8" and the like); nullopt for any other.
std::optional<Language> language_from_name(std::string_view name);
// The language of LC_ALL, else LC_MESSAGES, else LANG, as the C library chooses it; English
// when they name none relaysim has.
Language language_from_environment(const char* lc_all, const char* lc_messages, const char* lang);
// "en", "es": for --lang and HTML's lang attribute.
const char* language_code(Language language);

// The catalogue of a language is not installed where relaysim looks for it.
class CatalogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Catalog {
 public:
  // English: every text as written in the code.
  Catalog();
  // The language's catalogue from `locale_dir`/LANG/LC_MESSAGES/relaysim.mo; English needs none.
  Catalog(Language language, const std::filesystem::path& locale_dir);

  Language language() const { return language_; }

  // The translation of `msgid`, with {1}, {2}... replaced by `args` (numbers are given as text,
  // so they read the same in every language).
  std::string tr(const char* msgid, std::initializer_list<std::string_view> args = {}) const;
  // The same with arguments gathered at run time.
  std::string tr_args(const char* msgid, const std::vector<std::string_view>& args) const;
  // The form of `singular` or `plural` that `n` takes in this language; {1} is n.
  std::string tr_n(const char* singular, const char* plural, std::uint64_t n,
                   std::initializer_list<std::string_view> more = {}) const;

 private:
  Language language_ = Language::En;
  std::optional<std::locale> locale_;  // none for English
};

// Marks a text for translation where it is chosen, to be translated where it is shown
// (xgettext --keyword=N_): returns it unchanged.
constexpr const char* N_(const char* msgid) { return msgid; }

// Where the catalogues are: share/locale beside the bin/ folder of this executable when it is
// installed, else the build tree's.
std::filesystem::path locale_dir();

// The catalogue `--lang` names (or, without it, the environment's language).
Catalog catalog_for(const std::optional<std::string>& lang_option);

}  // namespace relaysim::text

// The language a user gets, and texts from the Spanish catalogue with their numbers untouched.
#include "text/catalog.h"

#include <catch2/catch.hpp>

using namespace relaysim::text;

TEST_CASE("the language comes from LC_ALL, then LC_MESSAGES, then LANG, and is English otherwise") {
  CHECK(language_from_environment(nullptr, nullptr, "es_ES.UTF-8") == Language::Es);
  CHECK(language_from_environment(nullptr, "en_GB.UTF-8", "es_ES.UTF-8") == Language::En);
  CHECK(language_from_environment("es_MX.UTF-8", "en_US.UTF-8", nullptr) == Language::Es);
  CHECK(language_from_environment("", "", "fr_FR.UTF-8") == Language::En);
  CHECK(language_from_environment(nullptr, nullptr, nullptr) == Language::En);
  CHECK(language_from_environment(nullptr, nullptr, "C.UTF-8") == Language::En);
}

TEST_CASE("English texts are the code's own, with their numbers put in") {
  const Catalog english;
  CHECK(english.tr("Mail servers") == "Mail servers");
  CHECK(english.tr_n("{1} SMTP dialogue", "{1} SMTP dialogues", 1) == "1 SMTP dialogue");
  CHECK(english.tr_n("{1} SMTP dialogue", "{1} SMTP dialogues", 1190) == "1190 SMTP dialogues");
}

TEST_CASE("the Spanish catalogue translates, keeping numbers as they are in every language") {
  const Catalog spanish(Language::Es, locale_dir());
  CHECK(spanish.tr("Mail servers") == "Servidores de correo");
  CHECK(spanish.tr_n("{1} SMTP dialogue", "{1} SMTP dialogues", 1) == "1 diálogo SMTP");
  CHECK(spanish.tr_n("{1} SMTP dialogue", "{1} SMTP dialogues", 1190) == "1190 diálogos SMTP");  // not "1.190"
}

TEST_CASE("the language option accepts en and es only, and a missing catalogue is named") {
  CHECK_THROWS_AS(catalog_for(std::string("fr")), CatalogError);
  CHECK(catalog_for(std::string("es")).language() == Language::Es);
  CHECK_THROWS_WITH(Catalog(Language::Es, "/nonexistent"), Catch::Contains("/nonexistent/es/LC_MESSAGES/relaysim.mo"));
}

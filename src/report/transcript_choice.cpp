#include "report/transcript_choice.h"

#include <charconv>
#include <utility>

namespace relaysim::report {

std::optional<TranscriptChoice> TranscriptChoice::parse(const std::vector<std::string>& words,
                                                        std::string& error) {
  TranscriptChoice choice;
  if (words.empty()) return choice;
  if (words.size() == 1) {
    static constexpr std::pair<const char*, Mode> kWords[] = {{"key", Mode::Key},   {"all", Mode::All},
                                                              {"spam", Mode::Spam}, {"ham", Mode::Ham},
                                                              {"none", Mode::None}, {"sample", Mode::Sample}};
    for (const auto& [word, mode] : kWords) {
      if (words[0] == word) {
        choice.mode = mode;
        return choice;
      }
    }
  }
  choice.mode = Mode::Ids;
  for (const std::string& w : words) {
    std::uint64_t id = 0;
    const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), id);
    if (ec != std::errc() || end != w.data() + w.size() || id == 0) {
      error = "--transcripts: expected key, all, spam, ham, none, sample or message ids (positive numbers), got '" + w + "'";
      return std::nullopt;
    }
    choice.ids.push_back(id);
  }
  return choice;
}

}  // namespace relaysim::report

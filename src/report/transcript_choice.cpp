#include "report/transcript_choice.h"

#include <charconv>

namespace relaysim::report {

std::optional<TranscriptChoice> TranscriptChoice::parse(const std::vector<std::string>& words,
                                                        std::string& error) {
  TranscriptChoice choice;
  if (words.empty()) return choice;
  if (words.size() == 1) {
    const std::string& w = words[0];
    if (w == "all") choice.mode = Mode::All;
    else if (w == "spam") choice.mode = Mode::Spam;
    else if (w == "ham") choice.mode = Mode::Ham;
    else if (w == "none") choice.mode = Mode::None;
    else if (w == "sample") choice.mode = Mode::Sample;
    if (choice.mode != Mode::Sample || w == "sample") return choice;
  }
  choice.mode = Mode::Ids;
  for (const std::string& w : words) {
    std::uint64_t id = 0;
    const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), id);
    if (ec != std::errc() || end != w.data() + w.size() || id == 0) {
      error = "--transcripts: expected all, spam, ham, none, sample or message ids (positive numbers), got '" + w + "'";
      return std::nullopt;
    }
    choice.ids.push_back(id);
  }
  return choice;
}

}  // namespace relaysim::report

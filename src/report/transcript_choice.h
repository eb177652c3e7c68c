// Which messages get their SMTP dialogues written out (--transcripts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "world/message.h"

namespace relaysim::report {

struct TranscriptChoice {
  // Key: the key messages (the first of each distinct outcome, see key_messages.h) and those the
  // scenario names; a run finds them in a first pass without outputs, then writes theirs.
  enum class Mode : std::uint8_t { None, Key, Sample, All, Ham, Spam, Ids };
  Mode mode = Mode::Key;
  std::vector<std::uint64_t> ids;       // Mode::Ids
  std::uint32_t sample_per_class = 3;   // Mode::Sample: the first N ham and the first N spam messages

  // Parses the words of --transcripts: key|all|spam|ham|none|sample or message ids. Error text on failure.
  static std::optional<TranscriptChoice> parse(const std::vector<std::string>& words, std::string& error);
};

}  // namespace relaysim::report

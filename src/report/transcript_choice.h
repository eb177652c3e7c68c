// Which messages get their SMTP dialogues written out (--transcripts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "world/message.h"

namespace relaysim::report {

struct TranscriptChoice {
  enum class Mode : std::uint8_t { None, Sample, All, Ham, Spam, Ids };
  Mode mode = Mode::Sample;
  std::vector<std::uint64_t> ids;       // Mode::Ids
  std::uint32_t sample_per_class = 3;   // Mode::Sample: the first N ham and the first N spam messages

  // Parses the words of --transcripts: all|spam|ham|none|sample or message ids. Error text on failure.
  static std::optional<TranscriptChoice> parse(const std::vector<std::string>& words, std::string& error);
};

}  // namespace relaysim::report

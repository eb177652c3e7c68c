// libFuzzer target: any bytes as a scenario file must give a spec or a ScenarioError, never a
// crash, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    relaysim::scenario::parse_scenario(text, "fuzz.yaml");
  } catch (const relaysim::scenario::ScenarioError&) {
  }
  return 0;
}

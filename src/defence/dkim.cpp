#include "defence/dkim.h"

namespace relaysim::defence {

std::string_view dkim_result_name(DkimResult result) {
  switch (result) {
    case DkimResult::None: return "none";
    case DkimResult::Pass: return "pass";
    case DkimResult::Fail: return "fail";
    case DkimResult::PermError: return "permerror";
  }
  return "none";
}

DkimResult verify_dkim(bool signed_message, DkimKey key, bool altered) {
  if (!signed_message) return DkimResult::None;
  if (key == DkimKey::Missing) return DkimResult::PermError;
  if (key == DkimKey::Broken || altered) return DkimResult::Fail;
  return DkimResult::Pass;
}

}  // namespace relaysim::defence

// The verdicts of a server's sender checks, as its Authentication-Results header (RFC 8601) reports them.
#pragma once

#include <string_view>

#include "defence/dkim.h"
#include "defence/dmarc.h"
#include "defence/spf.h"

namespace relaysim::world {

// What a server that checks senders (policyd-spf, an OpenDMARC milter) found at the end of
// DATA, for the Authentication-Results header its deliveries carry. Views point into the
// scenario's configuration and into the server session (the envelope sender, the HELO name):
// read them before the session ends, as the observer's copy_delivered does.
struct Authentication {
  bool checked = false;  // the server checks nothing: no header
  bool dmarc_checked = false;
  defence::SpfResult spf = defence::SpfResult::None;
  std::string_view spf_domain;
  defence::DkimResult dkim = defence::DkimResult::None;
  std::string_view dkim_domain;
  defence::DmarcResult dmarc = defence::DmarcResult::None;
  std::string_view from_domain;
};

}  // namespace relaysim::world

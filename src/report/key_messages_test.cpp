// The key messages: one per distinct way a copy ended, the rarer first, the scenario's own first of all.
#include "report/key_messages.h"

#include <catch2/catch.hpp>

#include "report/transcript_choice.h"

using namespace relaysim;
using report::CopyOutcome;
using report::KeyMessages;
using world::Fate;
using world::MessageClass;

namespace {

CopyOutcome delivered(MessageClass c, world::Folder folder = world::Folder::Inbox) {
  return {c, Fate::Delivered, folder, 250, {2, 0, 0}};
}
CopyOutcome refused(MessageClass c, std::uint16_t code, smtp::EnhancedStatus status, report::RejectReason why) {
  return {c, Fate::Rejected, world::Folder::Inbox, code, status, why};
}

std::vector<std::uint64_t> ids(const KeyMessages& k) {
  std::vector<std::uint64_t> out;
  for (const auto& m : k.chosen()) out.push_back(m.id);
  return out;
}

}  // namespace

TEST_CASE("each distinct outcome is represented by the first message that had it, refusals first") {
  KeyMessages k;
  k.settled(1, delivered(MessageClass::Ham));
  k.settled(2, delivered(MessageClass::Ham));  // same outcome: not again
  k.settled(3, refused(MessageClass::Spam, 554, {5, 7, 1}, report::RejectReason::RelayDenied));
  k.settled(4, refused(MessageClass::Spam, 554, {5, 7, 1}, report::RejectReason::Blocklisted));  // another reason
  k.settled(5, delivered(MessageClass::Spam, world::Folder::Junk));
  CHECK(ids(k) == std::vector<std::uint64_t>{3, 4, 5, 1});
  CHECK(k.chosen()[0].describe() == "spam refused with 554 5.7.1 (relay denied)");
  CHECK(k.chosen()[1].describe() == "spam refused with 554 5.7.1 (blocklisted)");
  CHECK(k.chosen()[2].describe() == "spam delivered to the junk folder");
}

TEST_CASE("a copy that waited in a queue or was passed on rewritten is an outcome of its own") {
  KeyMessages k;
  k.settled(1, delivered(MessageClass::Ham));
  k.deferred(2);
  k.settled(2, delivered(MessageClass::Ham));
  k.rewritten(3);
  k.settled(3, delivered(MessageClass::Spam));
  CHECK(ids(k) == std::vector<std::uint64_t>{2, 3, 1});
  CHECK(k.chosen()[0].describe() == "ham delivered to the inbox, after waiting in a queue");
  CHECK(k.chosen()[1].describe() == "spam delivered to the inbox, passed on under a rewritten address");
}

TEST_CASE("the scenario's key messages come first, with their own outcome, and ids no message has are left out") {
  KeyMessages k({7, 99});
  k.settled(1, refused(MessageClass::Spam, 554, {5, 7, 1}, report::RejectReason::RelayDenied));
  k.settled(7, delivered(MessageClass::Ham, world::Folder::Junk));
  CHECK(ids(k) == std::vector<std::uint64_t>{7, 1});
  CHECK(k.chosen()[0].describe() == "ham delivered to the junk folder (named by the scenario)");
}

TEST_CASE("no server answering has no reply code in the outcome") {
  KeyMessages k;
  k.settled(1, {MessageClass::Ham, Fate::Bounced, world::Folder::Inbox, 0, {4, 4, 1}});
  CHECK(k.chosen()[0].describe() == "ham bounced after no server answering (4.4.1)");
}

TEST_CASE("the default transcripts are the key messages, and every word of the transcripts option parses") {
  std::string error;
  CHECK(report::TranscriptChoice::parse({}, error)->mode == report::TranscriptChoice::Mode::Key);
  CHECK(report::TranscriptChoice::parse({"key"}, error)->mode == report::TranscriptChoice::Mode::Key);
  CHECK(report::TranscriptChoice::parse({"sample"}, error)->mode == report::TranscriptChoice::Mode::Sample);
  CHECK(report::TranscriptChoice::parse({"none"}, error)->mode == report::TranscriptChoice::Mode::None);
  CHECK(report::TranscriptChoice::parse({"3", "5"}, error)->ids == std::vector<std::uint64_t>{3, 5});
  CHECK_FALSE(report::TranscriptChoice::parse({"keys"}, error));
  CHECK(error.find("expected key, all") != std::string::npos);
}

// A scenario as plain data, after loading and validation: every reference resolves, every
// value is in range, every default is filled in. The world is built from this, never from YAML.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mail/mail_date.h"
#include "mta/mta_config.h"
#include "scenario/diagnostics.h"
#include "sim/sim_time.h"
#include "world/world_config.h"

namespace relaysim::scenario {

using sim::SimTime;

using mta::Cidr;
using mta::PolicyPreset;
using mta::Restriction;
using QueueSpec = mta::QueueConfig;

using world::AgentKind;
using world::MessageClass;
using world::DkimSignature;
using world::MessageTemplate;
using world::MxRecord;
using world::RandomRecipients;
using DomainSpec = world::DomainRecords;
using Interval = world::Interval;
using LinkSpec = world::LinkConfig;
using AgentSpec = world::AgentConfig;

using MtaSpec = world::MtaNodeConfig;

// A lesson's headline and its few sentences, in one language.
struct LessonText {
  std::string title, description;
};

// The world's configuration plus where it came from.
struct ScenarioSpec : world::WorldConfig {
  std::string name;
  std::string title;        // optional: the lesson's headline on slides and the report (title:)
  std::map<std::string, LessonText> translations;  // by language: "es" (translations:)
  std::string description;  // optional free text shown with results (description:)
  // Messages the lesson is about (key_messages:), shown with the key messages a run finds itself.
  std::vector<std::uint64_t> key_messages;
  std::string file;  // path it was loaded from
  SimTime metrics_interval = sim::kHour;  // one row of metrics.csv per interval (metrics_interval:)
  // The calendar time at which the simulated clock reads 0 (start:), for the dates in mail.
  mail::UnixSeconds start = kDefaultStart;
  static constexpr mail::UnixSeconds kDefaultStart = 1772442000;  // 2026-03-02T09:00:00Z, a Monday morning
  // About other files the scenario names (an MTA's postfix: FILE), each naming its own file:
  // for the caller to print (format_warnings). Their errors are thrown with the scenario's own.
  std::vector<Diagnostic> warnings;
};

}  // namespace relaysim::scenario

// The names a scenario file uses for the spec's enumerations, both ways, and each policy
// preset's restriction list. Shared by the loader, its documentation tests and the outputs.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "scenario/scenario_spec.h"

namespace relaysim::scenario {

std::string_view to_string(Restriction restriction);  // "reject_unauth_destination"
std::string_view to_string(PolicyPreset preset);      // "authenticated"
std::string_view to_string(AgentKind kind);           // "spammer"

std::optional<Restriction> restriction_from_string(std::string_view name);
std::optional<PolicyPreset> policy_from_string(std::string_view name);
std::optional<AgentKind> agent_kind_from_string(std::string_view name);
std::optional<MessageClass> message_class_from_string(std::string_view name);  // ham or spam only

// All the names a scenario may use for one enumeration (for suggestions and messages).
std::vector<std::string_view> restriction_names();
std::vector<std::string_view> policy_names();
std::vector<std::string_view> agent_kind_names();
std::vector<std::string_view> message_class_names();

// The restriction list a preset stands for, used when relay_restrictions is not given:
//   open:          permit
//   mynetworks:    permit_mynetworks, reject_unauth_destination
//   authenticated: permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
//   closed:        reject_unauth_destination

// Postfix refuses to start unless the relay restrictions contain one of these (they make sure
// mail for foreign domains is refused unless something earlier in the list permitted it).
bool is_relay_safeguard(Restriction restriction);

}  // namespace relaysim::scenario

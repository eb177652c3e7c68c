#include "scenario/spec_names.h"

#include <array>
#include <utility>

namespace relaysim::scenario {
namespace {

constexpr std::array<std::pair<Restriction, std::string_view>, 6> kRestrictions{{
    {Restriction::PermitMynetworks, "permit_mynetworks"},
    {Restriction::PermitSaslAuthenticated, "permit_sasl_authenticated"},
    {Restriction::RejectUnauthDestination, "reject_unauth_destination"},
    {Restriction::DeferUnauthDestination, "defer_unauth_destination"},
    {Restriction::Permit, "permit"},
    {Restriction::Reject, "reject"},
}};
constexpr std::array<std::pair<PolicyPreset, std::string_view>, 5> kPolicies{{
    {PolicyPreset::Open, "open"},
    {PolicyPreset::Mynetworks, "mynetworks"},
    {PolicyPreset::Authenticated, "authenticated"},
    {PolicyPreset::Closed, "closed"},
    {PolicyPreset::LegacyOpen, "legacy-open"},
}};
constexpr std::array<std::pair<AgentKind, std::string_view>, 3> kAgentKinds{{
    {AgentKind::User, "user"}, {AgentKind::Spammer, "spammer"}, {AgentKind::Bot, "bot"},
}};
// Dsn is left out: bounces are made by MTAs, never chosen by a scenario.
constexpr std::array<std::pair<MessageClass, std::string_view>, 2> kMessageClasses{{
    {MessageClass::Ham, "ham"}, {MessageClass::Spam, "spam"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::vector<std::string_view> names_of(const std::array<std::pair<E, std::string_view>, N>& table) {
  std::vector<std::string_view> names;
  for (const auto& entry : table) names.push_back(entry.second);
  return names;
}

}  // namespace

std::string_view to_string(Restriction r) { return name_of(kRestrictions, r); }
std::string_view to_string(PolicyPreset p) { return name_of(kPolicies, p); }
std::string_view to_string(AgentKind k) { return name_of(kAgentKinds, k); }

std::optional<Restriction> restriction_from_string(std::string_view n) { return value_of(kRestrictions, n); }
std::optional<PolicyPreset> policy_from_string(std::string_view n) { return value_of(kPolicies, n); }
std::optional<AgentKind> agent_kind_from_string(std::string_view n) { return value_of(kAgentKinds, n); }
std::optional<MessageClass> message_class_from_string(std::string_view n) { return value_of(kMessageClasses, n); }

std::vector<std::string_view> restriction_names() { return names_of(kRestrictions); }
std::vector<std::string_view> policy_names() { return names_of(kPolicies); }
std::vector<std::string_view> agent_kind_names() { return names_of(kAgentKinds); }
std::vector<std::string_view> message_class_names() { return names_of(kMessageClasses); }

bool is_relay_safeguard(Restriction r) {
  return r == Restriction::RejectUnauthDestination || r == Restriction::DeferUnauthDestination ||
         r == Restriction::Reject;
}

}  // namespace relaysim::scenario

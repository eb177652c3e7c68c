#include "report/run_totals.h"

#include <cstdio>

#include "report/json.h"

namespace relaysim::report {

std::uint64_t ClassTotals::settled() const {
  std::uint64_t sum = 0;
  for (std::uint64_t n : fates) sum += n;
  return sum;
}

namespace {

void append_uint(std::string& out, std::uint64_t n) { out += std::to_string(n); }

void append_class(std::string& out, const ClassTotals& c) {
  out += "{\"submitted\": ";
  append_uint(out, c.submitted);
  for (int f = 0; f < world::kFateCount; ++f) {
    out += ", \"";
    out += world::fate_name(static_cast<world::Fate>(f));
    out += "\": ";
    append_uint(out, c.fates[f]);
  }
  out += "}";
}

void append_mta(std::string& out, const MtaTotals& m) {
  out += "{\"sessions\": " + std::to_string(m.sessions) + ", \"accepted\": " + std::to_string(m.accepted) +
         ", \"relayed\": " + std::to_string(m.relayed) + ", \"delivered\": " + std::to_string(m.delivered) +
         ", \"deferred\": " + std::to_string(m.deferred) + ", \"rejected\": {";
  bool first = true;
  for (const auto& [status, n] : m.rejected) {
    if (!first) out += ", ";
    first = false;
    append_json_string(out, status);
    out += ": " + std::to_string(n);
  }
  out += "}}";
}

}  // namespace

std::string summary_json(const RunTotals& t) {
  std::string out = "{\n  \"scenario\": ";
  append_json_string(out, t.scenario);
  out += ",\n  \"seed\": " + std::to_string(t.seed) + ",\n  \"sim_time_s\": ";
  append_seconds(out, t.sim_time);
  out += ",\n  \"events\": " + std::to_string(t.events);
  out += ",\n  \"counting\": \"messages are counted per recipient copy\",\n  \"messages\": {";
  for (int c = 0; c < world::kMessageClassCount; ++c) {
    out += c ? ",\n    " : "\n    ";
    append_json_string(out, world::class_name(static_cast<world::MessageClass>(c)));
    out += ": ";
    append_class(out, t.classes[c]);
  }
  out += "\n  },\n  \"mtas\": {";
  for (std::size_t i = 0; i < t.mtas.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    append_json_string(out, t.mtas[i].name);
    out += ": ";
    append_mta(out, t.mtas[i]);
  }
  out += "\n  },\n  \"key_messages\": [";
  for (std::size_t i = 0; i < t.key_messages.size(); ++i) {
    out += i ? ",\n    {\"msg\": " : "\n    {\"msg\": ";
    append_uint(out, t.key_messages[i].id);
    out += ", \"outcome\": ";
    append_json_string(out, t.key_messages[i].describe());
    out += "}";
  }
  out += t.key_messages.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

namespace {

std::string rejected_text(const MtaTotals& m) {
  std::string text;
  for (const auto& [status, n] : m.rejected) {
    if (!text.empty()) text += ", ";
    text += std::to_string(n) + " x " + status;
  }
  return text.empty() ? "-" : text;
}

}  // namespace

std::string summary_table(const RunTotals& t) {
  std::string out;
  char line[256];
  out += "Messages (one per recipient copy)\n";
  std::snprintf(line, sizeof line, "  %-6s %10s %10s %10s %10s %10s\n", "class", "submitted", "delivered",
                "rejected", "bounced", "queued");
  out += line;
  for (int c = 0; c < world::kMessageClassCount; ++c) {
    const ClassTotals& ct = t.classes[c];
    // Only spam and ham always show; notifications and probes when there were any.
    if (c >= static_cast<int>(world::MessageClass::Dsn) && ct.submitted == 0) continue;
    std::snprintf(line, sizeof line, "  %-6s %10llu %10llu %10llu %10llu %10llu\n",
                  std::string(world::class_name(static_cast<world::MessageClass>(c))).c_str(),
                  static_cast<unsigned long long>(ct.submitted), static_cast<unsigned long long>(ct.fates[0]),
                  static_cast<unsigned long long>(ct.fates[1]), static_cast<unsigned long long>(ct.fates[2]),
                  static_cast<unsigned long long>(ct.fates[3]));
    out += line;
  }
  out += "\nMail servers\n";
  std::size_t width = 4;
  for (const MtaTotals& m : t.mtas) width = std::max(width, m.name.size());
  std::snprintf(line, sizeof line, "  %-*s %9s %9s %8s %10s %9s  %s\n", static_cast<int>(width), "name", "sessions",
                "accepted", "relayed", "delivered", "deferred", "refused (MAIL, RCPT; by status)");
  out += line;
  for (const MtaTotals& m : t.mtas) {
    std::snprintf(line, sizeof line, "  %-*s %9llu %9llu %8llu %10llu %9llu  %s\n", static_cast<int>(width),
                  m.name.c_str(), static_cast<unsigned long long>(m.sessions),
                  static_cast<unsigned long long>(m.accepted), static_cast<unsigned long long>(m.relayed),
                  static_cast<unsigned long long>(m.delivered), static_cast<unsigned long long>(m.deferred),
                  rejected_text(m).c_str());
    out += line;
  }
  if (!t.key_messages.empty()) {
    out += "\nKey messages (the first of each outcome; --transcripts key writes theirs)\n";
    for (const KeyMessage& k : t.key_messages) out += "  " + std::to_string(k.id) + ": " + k.describe() + "\n";
  }
  return out;
}

}  // namespace relaysim::report

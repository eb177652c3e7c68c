#include "report/summary_record.h"

#include <nlohmann/json.hpp>

#include "report/json.h"
#include "report/schema_version.h"
#include "report/seconds_text.h"

namespace relaysim::report {
namespace {

const char* bool_text(bool b) { return b ? "true" : "false"; }

ClassCounts class_counts(const ClassTotals& c) {
  using world::Fate;
  const auto of = [&](Fate f) { return c.fates[static_cast<int>(f)]; };
  return {c.submitted, of(Fate::Delivered), of(Fate::Rejected), of(Fate::Bounced), of(Fate::Queued)};
}

MtaCounts mta_counts(const MtaTotals& m) {
  return {m.name, m.sessions, m.accepted, m.relayed, m.delivered, m.deferred, m.rejected.by_text()};
}

void append_class(std::string& out, const ClassCounts& c) {
  out += "{\"submitted\": " + std::to_string(c.submitted) + ", \"delivered\": " + std::to_string(c.delivered) +
         ", \"rejected\": " + std::to_string(c.rejected) + ", \"bounced\": " + std::to_string(c.bounced) +
         ", \"queued\": " + std::to_string(c.queued) + "}";
}

void append_mta(std::string& out, const MtaCounts& m) {
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

void append_key_message(std::string& out, const KeyMessageRecord& k) {
  out += "{\"msg\": " + std::to_string(k.msg) + ", \"outcome\": ";
  append_json_string(out, k.outcome);
  if (k.key) {
    const OutcomeFields f = fields_of(k.key->outcome);
    for (const auto& [name, value] : {std::pair{"class", &f.message_class}, {"fate", &f.fate}, {"folder", &f.folder},
                                      {"status", &f.status}, {"reason", &f.reason}}) {
      out += std::string(", \"") + name + "\": ";
      append_json_string(out, *value);
    }
    out += ", \"code\": " + std::to_string(f.code) + ", \"deferred\": " + bool_text(f.deferred) +
           ", \"rewritten\": " + bool_text(f.rewritten) + ", \"named\": " + bool_text(k.key->named);
  }
  out += "}";
}

KeyMessageRecord key_message_from(const nlohmann::ordered_json& k) {
  KeyMessageRecord record{k.at("msg"), k.at("outcome"), std::nullopt};
  if (!k.contains("fate")) return record;
  OutcomeFields f;
  f.message_class = k.at("class");
  f.fate = k.at("fate");
  f.folder = k.at("folder");
  f.status = k.at("status");
  f.reason = k.at("reason");
  f.code = k.at("code");
  f.deferred = k.at("deferred");
  f.rewritten = k.at("rewritten");
  if (const auto outcome = outcome_from(f)) record.key = KeyMessage{record.msg, *outcome, k.at("named")};
  return record;
}

}  // namespace

const MtaCounts* SummaryRecord::find_mta(const std::string& name) const {
  for (const MtaCounts& m : mtas) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

SummaryRecord summary_record(const RunTotals& totals) {
  SummaryRecord s{totals.scenario, totals.seed, totals.sim_time, totals.events, {}, {}, {}};
  for (int c = 0; c < world::kMessageClassCount; ++c) {
    s.classes[std::string(world::class_name(static_cast<world::MessageClass>(c)))] = class_counts(totals.classes[c]);
  }
  for (const MtaTotals& m : totals.mtas) s.mtas.push_back(mta_counts(m));
  for (const KeyMessage& k : totals.key_messages) s.key_messages.push_back({k.id, k.describe(), k});
  return s;
}

std::string summary_json(const SummaryRecord& s) {
  std::string out = "{\n  \"schema_version\": " + std::to_string(kSummarySchemaVersion) + ",\n  \"scenario\": ";
  append_json_string(out, s.scenario);
  out += ",\n  \"seed\": " + std::to_string(s.seed) + ",\n  \"sim_time_s\": ";
  append_seconds(out, s.sim_time);
  out += ",\n  \"events\": " + std::to_string(s.events);
  out += ",\n  \"counting\": \"messages are counted per recipient copy\",\n  \"messages\": {";
  // The classes in the world's order (ham, spam, dsn, probe), each one written even when none was sent.
  for (int c = 0; c < world::kMessageClassCount; ++c) {
    const std::string name(world::class_name(static_cast<world::MessageClass>(c)));
    const auto it = s.classes.find(name);
    out += c ? ",\n    " : "\n    ";
    append_json_string(out, name);
    out += ": ";
    append_class(out, it == s.classes.end() ? ClassCounts{} : it->second);
  }
  out += "\n  },\n  \"mtas\": {";
  for (std::size_t i = 0; i < s.mtas.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    append_json_string(out, s.mtas[i].name);
    out += ": ";
    append_mta(out, s.mtas[i]);
  }
  out += "\n  },\n  \"key_messages\": [";
  for (std::size_t i = 0; i < s.key_messages.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    append_key_message(out, s.key_messages[i]);
  }
  out += s.key_messages.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

void from_json(const nlohmann::ordered_json& j, SummaryRecord& s) {
  s = {};
  s.scenario = j.value("scenario", std::string());
  s.seed = j.value("seed", std::uint64_t{0});
  s.sim_time = time_of_seconds(j.value("sim_time_s", 0.0));
  s.events = j.value("events", std::uint64_t{0});
  for (const auto& [name, c] : j.at("messages").items()) {
    s.classes[name] = {c.at("submitted"), c.at("delivered"), c.at("rejected"), c.at("bounced"), c.at("queued")};
  }
  for (const auto& [name, m] : j.at("mtas").items()) {
    MtaCounts counts{name, m.at("sessions"), m.at("accepted"), m.at("relayed"), m.at("delivered"), m.at("deferred"), {}};
    for (const auto& [status, n] : m.at("rejected").items()) counts.rejected[status] = n.get<std::uint64_t>();
    s.mtas.push_back(std::move(counts));
  }
  if (j.contains("key_messages")) {
    for (const auto& k : j.at("key_messages")) s.key_messages.push_back(key_message_from(k));
  }
}

}  // namespace relaysim::report

// The observer that turns what the world reports into the run's outputs: the totals
// (summary), the trace streamed line by line, and the transcripts of chosen messages.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>
#include <memory>
#include <string>
#include <vector>

#include "report/atomic_file.h"
#include "report/key_messages.h"
#include "report/metrics_table.h"
#include "report/run_totals.h"
#include "report/transcript_choice.h"
#include "world/topology.h"
#include "world/world_observer.h"

namespace relaysim::report {

struct RecorderOptions {
  std::filesystem::path trace_path;  // empty: no trace
  std::vector<std::uint64_t> key_messages;  // the scenario's (key_messages:), listed first
  TranscriptChoice transcripts;
  bool explain = false;              // add the policy's reasons under server decisions
  text::Catalog catalog;             // the language of those reasons and the transcripts' notes
  MetricsContext metrics;            // metrics.csv: the run's name, variant, seed and interval
};

class Recorder final : public world::WorldObserver {
 public:
  explicit Recorder(RecorderOptions options);

  // Names the hosts; call before the run starts (the world builds the topology).
  void bind(const world::Topology& topology, std::size_t mta_count);

  // After the run: totals, with the run's identity filled in. Checks that nothing was lost.
  RunTotals totals(const std::string& scenario, std::uint64_t seed, sim::SimTime sim_time,
                   std::uint64_t events) const;
  // Commits the trace file (call once the run has succeeded).
  void commit_trace();
  // Closes the metrics at the run's end; then metrics() is complete.
  void finish(sim::SimTime end) { metrics_.finish(end); }
  const MetricsTable& metrics() const { return metrics_; }
  // The transcripts, one text per message id, each session's dialogue in one block.
  std::map<std::uint64_t, std::string> transcripts() const;

  void message_submitted(sim::SimTime t, const world::Message& m) override;
  bool wants_transcript(const world::Message& m) override;
  void session_opened(sim::SimTime t, const world::SessionInfo& s) override;
  void recipient_answered(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                          std::uint32_t recipient, std::string_view sent_as, const smtp::Reply& reply,
                          std::optional<mta::RelayVerdict> verdict) override;
  void sender_refused(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                      const smtp::Reply& reply) override;
  void message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                        std::uint32_t accepted, std::uint32_t relayed) override;
  // message_accepted for a message a real client handed over (relaysim serve, recover): its
  // trace line also gives, as "queue_id", the queue id the client was told ("queued as 4A00").
  void live_message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                             std::uint32_t accepted, std::uint32_t relayed, std::uint64_t queue_id);
  void deferred(sim::SimTime t, std::uint32_t mta, const world::Message& m, std::uint32_t recipient,
                const smtp::Reply& reason, sim::SimTime retry_at) override;
  void recipient_settled(sim::SimTime t, const world::Message& m, std::uint32_t recipient, world::Fate fate,
                         std::uint32_t node, const smtp::Reply& reason, world::Folder folder) override;
  void smtp_exchange(sim::SimTime sent, sim::SimTime answered, const world::SessionInfo& s, const world::Message& m,
                     std::span<const smtp::Command> commands, std::span<const smtp::Reply> replies,
                     std::span<const world::ReplyReason> reasons) override;
  void session_refused(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                       const smtp::Reply& reason) override;
  void connect_timed_out(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                         std::optional<std::uint32_t> next_mx) override;
  void probe_sent(sim::SimTime t, std::uint32_t hunter, std::uint32_t ip, std::optional<std::uint32_t> server) override;
  void relay_news(sim::SimTime t, std::uint32_t spammer, std::uint32_t mta, RelayNews news,
                  std::uint32_t known) override;
  void listing_changed(sim::SimTime t, std::string_view zone, std::uint32_t ip, bool listed,
                       std::uint32_t listings) override;
  void relay_closed(sim::SimTime t, std::uint32_t mta) override;
  void recipient_reacted(sim::SimTime t, const world::Message& m, std::uint32_t recipient, bool opened,
                         bool clicked, bool complained) override;

 private:
  // A trace line about the world rather than one message: it has no "msg".
  void trace_world_event(sim::SimTime t, std::string_view event);
  void trace_begin(sim::SimTime t, const world::Message& m, std::string_view event);
  void trace_reply(const smtp::Reply& reply);
  void trace_end();
  void record_acceptance(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                         std::uint32_t accepted, std::uint32_t relayed, const std::uint64_t* queue_id);
  std::string& session_transcript(const world::SessionInfo& s, const world::Message& m);
  std::string group_reason(std::span<const smtp::Command> commands) const;
  // A host's name; an address that no simulated host answers (an A record pointing nowhere).
  std::string ip_text(std::uint32_t node) const;
  void note_deferral(sim::SimTime t, std::uint32_t mta, const world::Message& m, std::uint32_t recipient,
                     const smtp::Reply& reason, sim::SimTime retry_at);
  std::string timeout_explanation(const world::SessionInfo& s, std::optional<std::uint32_t> next_mx) const;
  const std::string& name(std::uint32_t node) const {
    return node < topology_->size() ? topology_->node(node).name : no_such_host_;
  }

  RecorderOptions options_;
  const world::Topology* topology_ = nullptr;
  const std::string no_such_host_ = "(no such host)";
  std::unique_ptr<AtomicFile> trace_;
  std::string line_;  // the trace line being built; its capacity is reused
  std::array<ClassTotals, world::kMessageClassCount> classes_{};
  std::vector<MtaTotals> mtas_;
  std::array<std::uint32_t, world::kMessageClassCount> sampled_{};
  struct Transcript {
    std::string header;
    std::map<std::uint64_t, std::string> sessions;  // by session id: the order sessions began
    std::uint64_t last_session = 0;                 // where notes between sessions go
    std::pair<sim::SimTime, std::uint32_t> last_deferral{-1, 0};  // (time, MTA): one note for all copies
  };
  std::map<std::uint64_t, Transcript> transcripts_;  // by message id
  MetricsTable metrics_;
  KeyMessages key_messages_;
  std::uint32_t relays_known_ = 0;
};

}  // namespace relaysim::report

// The mail of a run as mail programs see it (relaysim run --mailboxes): every delivered copy with
// the Received header of each server that took it and the fields final delivery adds, and every
// bounce as the RFC 3464 report Postfix sends. Content is rendered here, never in the world.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mail/delivery_report.h"
#include "mail/mailbox_writer.h"
#include "mail/message_text.h"
#include "world/topology.h"
#include "world/world_config.h"
#include "world/world_observer.h"

namespace relaysim::report {

class MailArchive : public world::WorldObserver {
 public:
  // `config` and the topology given to bind() must outlive the archive. `start` is the calendar
  // time of simulated time 0. Files are built beside OUT/maildir (or OUT/mbox) and replace it
  // only at commit().
  MailArchive(const world::WorldConfig& config, mail::UnixSeconds start, const std::filesystem::path& out_dir,
              mail::MailboxFormat format);
  void bind(const world::Topology& topology) { topology_ = &topology; }
  void commit() { writer_.commit(); }

  void message_submitted(sim::SimTime t, const world::Message& m) override;
  bool wants_transcript(const world::Message&) override { return false; }
  void session_opened(sim::SimTime, const world::SessionInfo&) override {}
  void recipient_answered(sim::SimTime t, const world::SessionInfo& s, const world::Message& m, std::uint32_t recipient,
                          std::string_view sent_as, const smtp::Reply& reply,
                          std::optional<mta::RelayVerdict> verdict) override;
  void message_content(const world::Message& m, std::string_view content) override;
  void message_refused(sim::SimTime t, const world::SessionInfo& s, const world::Message& m,
                       const smtp::Reply& reply) override;
  void message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m, std::uint32_t accepted,
                        std::uint32_t relayed) override;
  void deferred(sim::SimTime, std::uint32_t, const world::Message&, std::uint32_t, const smtp::Reply&,
                sim::SimTime) override {}
  void recipient_settled(sim::SimTime t, const world::Message& m, std::uint32_t recipient, world::Fate fate,
                         std::uint32_t node, const smtp::Reply& reason, world::Folder folder) override;
  void copy_delivered(sim::SimTime t, const world::Message& m, std::uint32_t recipient, std::uint32_t mta,
                      std::string_view mailbox, world::Folder folder,
                      const world::Authentication& authentication) override;
  void smtp_exchange(sim::SimTime, sim::SimTime, const world::SessionInfo&, const world::Message&,
                     std::span<const smtp::Command>, std::span<const smtp::Reply>,
                     std::span<const world::ReplyReason>) override {}
  void session_refused(sim::SimTime, const world::SessionInfo&, const world::Message&, const smtp::Reply&) override {}
  void connect_timed_out(sim::SimTime, const world::SessionInfo&, const world::Message&,
                         std::optional<std::uint32_t>) override {}

 private:
  // A server that took the message, and which of its recipients (by index, with the address as
  // that RCPT gave it).
  struct Hop {
    mail::ReceivedHop received;
    std::vector<std::pair<std::uint32_t, std::string>> recipients;
  };
  // A message while some of its copies are not final.
  struct Letter {
    mail::MessageContent content;
    std::string extra_headers;  // a report's MIME fields
    std::string sender;
    std::vector<std::string> recipients;
    std::vector<Hop> hops;
    std::uint32_t unsettled = 0;
  };
  // The recipients a session's server has said yes to, waiting for the end of DATA: the hop as
  // far as it is known before then.
  struct OpenTransaction {
    std::uint64_t message = 0;
    std::uint32_t server = 0;
    Hop hop;
  };

  mail::UnixSeconds date(sim::SimTime t) const;
  std::string_view node_name(std::uint32_t node) const { return topology_->node(node).name; }
  std::string host_of(std::uint32_t mta) const;
  mail::MessageContent agent_content(const world::Message& m, mail::UnixSeconds date) const;
  void fill_report(const world::Message& m, mail::UnixSeconds date, Letter& letter);
  // The server took the message at `t`: the transaction becomes a hop of its letter.
  void close_transaction(std::unordered_map<std::uint64_t, OpenTransaction>::iterator open, sim::SimTime t);
  std::vector<mail::ReceivedHop> trail(const Letter& letter, std::uint32_t recipient) const;
  std::string address_at_last_hop(const Letter& letter, std::uint32_t recipient) const;
  void record_failure(const Letter& letter, const world::Message& m, std::uint32_t recipient, std::uint32_t mta,
                      const smtp::Reply& reason);

  const world::WorldConfig& config_;
  const world::Topology* topology_ = nullptr;
  mail::UnixSeconds start_;
  mail::MailboxWriter writer_;
  std::unordered_map<std::uint64_t, Letter> letters_;               // by message id
  std::unordered_map<std::uint64_t, OpenTransaction> transactions_;  // by session id
  // What a server said when it refused a recipient (message id, recipient): the words the
  // report quotes, which the world's copy of the reply no longer holds.
  struct Refusal {
    std::string host;  // "mx.example.org[192.0.2.25]"
    std::string reply;
    std::uint16_t code = 0;
    const char* in_reply_to = "RCPT TO";  // the command the refusal answered, as Postfix names it
    std::string sent_as;                  // the recipient as that server was asked for it
  };
  std::map<std::pair<std::uint64_t, std::uint32_t>, Refusal> refusals_;
  // Bounced copies waiting for the report their server sends, by (message id, server).
  std::map<std::pair<std::uint64_t, std::uint32_t>, mail::DeliveryReport> reports_;
};

}  // namespace relaysim::report

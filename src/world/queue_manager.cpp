#include "world/queue_manager.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "smtp/address.h"
#include "world/event_kind.h"
#include "world/session_runner.h"

namespace relaysim::world {
namespace {

// A reply no server sent: the sending side's own words for why it gave up.
smtp::Reply diagnostic(std::uint16_t code, smtp::EnhancedStatus status, std::string_view words) {
  smtp::Reply r = smtp::make_reply(smtp::ReplyText::Diagnostic, words);
  r.code = code;
  r.status = status;
  return r;
}

smtp::Reply null_mx_reply() { return diagnostic(556, {5, 1, 10}, "recipient domain has a null MX (RFC 7505)"); }
smtp::Reply no_such_domain_reply() { return diagnostic(550, {5, 4, 4}, "Host or domain name not found"); }
smtp::Reply loops_back_reply() { return diagnostic(554, {5, 4, 6}, "mail for the domain loops back to myself"); }

// The mailbox a local copy goes to: a bare local part is qualified with the server's name,
// as Postfix appends $myorigin.
void write_mailbox(const mta::Mta& mta, const smtp::ResolvedAddress& address, std::string& mailbox) {
  if (!address.domain.empty()) {
    smtp::write_canonical_address(address, mailbox);
    return;
  }
  smtp::ResolvedAddress qualified = address;
  qualified.domain = mta.config().name;
  smtp::write_canonical_address(qualified, mailbox);
}

// cleanup's answer for a message it does not take.
EndOfData refused(const smtp::Reply& reply) {
  EndOfData answer;
  answer.reply = reply;
  return answer;
}

}  // namespace

smtp::Reply connect_timeout_reply() { return diagnostic(0, {4, 4, 1}, "Connection timed out"); }

smtp::Reply unroutable_reply(mta::RouteStatus status) {
  return status == mta::RouteStatus::NullMx        ? null_mx_reply()
         : status == mta::RouteStatus::LoopsToSelf ? loops_back_reply()
                                                   : no_such_domain_reply();
}

QueueManager::QueueManager(WorldState& world, SessionRunner& sessions, BlocklistListings& listings)
    : world_(world), sessions_(sessions), listings_(listings) {
  for (const MtaNodeConfig& m : world.config.mtas) {
    const auto relayhost = m.relayhost ? std::optional<std::uint32_t>(world.topology.find(*m.relayhost)) : std::nullopt;
    hot_.push_back({relayhost, m.alters_messages});
  }
  scan_at_.assign(world.mtas.size(), -1);
  scan_event_.assign(world.mtas.size(), {});
}

// ---- the end of DATA ----

EndOfData QueueManager::check_end_of_data(mta::Mta& mta, const smtp::SessionFacts& facts, std::uint32_t message,
                                          std::uint32_t received) const {
  // The Received header this server adds counts too: at the limit cleanup refuses the message,
  // and the sending server bounces it to its sender (how Postfix ends a relay loop).
  if (received + 1 >= mta.config().hopcount_limit) return refused(smtp::make_reply(smtp::ReplyText::TooManyHops));
  const Message& m = world_.messages.at(message);
  smtp::Reply queued = smtp::make_reply(smtp::ReplyText::Queued);
  queued.number = queue_id_of(m.id, mta.index());
  const ContentVerdict verdict = world_.defences.check_content(mta, facts, m, queued.number, world_.simulator.now());
  if (verdict.refusal) return refused(*verdict.refusal);
  return {queued, true, verdict.folder, verdict.authentication};
}

// Keep in step with check_end_of_data: the checks run again only for what they change in the
// world (a reputation's counts, the content filter's random draws).
EndOfData QueueManager::check_replayed(mta::Mta& mta, const smtp::SessionFacts& facts, std::uint32_t message,
                                       std::uint64_t queue_id) const {
  smtp::Reply queued = smtp::make_reply(smtp::ReplyText::Queued);
  queued.number = queue_id;
  const ContentVerdict verdict =
      world_.defences.check_content(mta, facts, world_.messages.at(message), queue_id, world_.simulator.now());
  return {queued, true, verdict.refusal ? Folder::Junk : verdict.folder, verdict.authentication};
}

void QueueManager::take(const Handover& h) {
  mta::Mta& mta = world_.mtas[h.session.server_mta];
  if (hot_[mta.index()].alters_messages) world_.messages.at(h.message).altered = true;
  std::uint32_t relayed = 0;
  fresh_entries_.clear();
  for (const TakenCopy& copy : h.copies) {
    const std::optional<mta::Destination> forwarded = forwarding(mta, *copy.destination);
    const mta::Destination& d = forwarded ? *forwarded : *copy.destination;
    // Where the routing in an address leads back here, Postfix delivers it here too.
    if (d.recipient_class == mta::RecipientClass::Local) {
      deliver_locally(mta, h, d.address, copy.index);
      continue;
    }
    ++relayed;
    // One queue entry per destination domain, as Postfix's queue manager groups them.
    const std::string& destination = mta.config().relayhost ? *mta.config().relayhost : d.address.domain;
    const std::uint32_t id = queue_entry_for(mta, h.message, destination);
    mta.queue().at(id).received = h.received;
    smtp::write_canonical_address(d.address, address_);
    mta.queue().add_recipient(id, copy.index, address_);
  }
  world_.observer.message_accepted(world_.simulator.now(), h.session, world_.messages.at(h.message),
                                   static_cast<std::uint32_t>(h.copies.size()), relayed);
  listings_.schedule_new();
  for (std::uint32_t id : fresh_entries_) attempt({false, mta.index(), id});
}

// cleanup's virtual alias rewrite: a local user's mail forwarded elsewhere is queued for the
// new address (one round: Postfix expands again, but a scenario's forwards point outward).
std::optional<mta::Destination> QueueManager::forwarding(const mta::Mta& mta, const mta::Destination& d) const {
  if (d.forwarded_to == nullptr) return std::nullopt;
  bool syntax_ok = false;
  mta::Destination to = mta.relay_policy().resolve(*d.forwarded_to, &syntax_ok);
  if (!syntax_ok) return std::nullopt;
  return to;
}

void QueueManager::deliver_locally(mta::Mta& mta, const Handover& h, const smtp::ResolvedAddress& address,
                                   std::uint32_t recipient) {
  const Message& m = world_.messages.at(h.message);
  write_mailbox(mta, address, address_);
  const std::string& mailbox = address_;
  const sim::SimTime now = world_.simulator.now();
  world_.mailboxes.deliver(mailbox, mta.index(), m.message_class);
  world_.observer.copy_delivered(now, m, recipient, mta.index(), mailbox, h.end_of_data.folder,
                                 h.end_of_data.authentication);
  world_.settle(h.message, recipient, Fate::Delivered, mta.index(), h.end_of_data.reply, h.end_of_data.folder);
  const auto reaction =
      world_.defences.delivered(mta, mailbox, m.message_class, h.end_of_data.folder, h.session.client_ip, now);
  if (reaction.opened || reaction.clicked || reaction.complained) {
    world_.observer.recipient_reacted(now, m, recipient, reaction.opened, reaction.clicked, reaction.complained);
  }
}

std::uint32_t QueueManager::queue_entry_for(mta::Mta& mta, std::uint32_t slot, std::string_view destination) {
  for (std::uint32_t id : fresh_entries_) {
    if (mta.queue().at(id).destination == destination) return id;
  }
  const std::uint32_t id = mta.queue().acquire(slot, world_.simulator.now());
  mta.queue().at(id).destination = destination;
  fresh_entries_.push_back(id);
  return id;
}

// ---- delivery attempts ----

void QueueManager::attempt(const EntryRef& ref) {
  mta::QueueEntry& e = world_.entry(ref);
  e.in_flight = true;
  e.deferred = false;
  ++e.attempts;
  e.next_hop = 0;
  const mta::RouteStatus status =
      mta::route_domain(e.destination, ref.owner, hot_[ref.owner].relayhost, world_.dns, e.hops);
  if (status == mta::RouteStatus::Hosts) {
    sessions_.connect(ref);
    return;
  }
  bounce_entry(world_.mtas[ref.owner], ref.entry, unroutable_reply(status));
}

void QueueManager::settle_attempt(const EntryRef& ref, const smtp::ClientSession& client, bool connect_failed) {
  mta::QueueEntry& e = world_.entry(ref);
  const std::uint32_t slot = e.message;
  const auto& results = client.results();
  std::vector<Bounced> refused;
  std::vector<mta::QueuedRecipient> remaining;
  smtp::Reply deferral = connect_timeout_reply();
  for (std::size_t r = 0; r < e.recipients.size(); ++r) {
    mta::QueuedRecipient& copy = e.recipients[r];
    if (copy.handed_off) continue;
    const smtp::RecipientResult& result = results[r];
    const smtp::Reply reason = connect_failed ? connect_timeout_reply() : result.reply;
    if (ref.from_agent) {
      // Agents do not retry: a temporary refusal is as final for them as a permanent one.
      world_.settle(slot, copy.index, Fate::Rejected, world_.node_of(ref), reason);
    } else if (result.outcome == smtp::RecipientOutcome::Refused) {
      refused.push_back({copy.index, reason});
    } else {
      remaining.push_back(std::move(copy));
      if (!connect_failed && result.reply.code != 0) deferral = result.reply;
    }
  }
  if (ref.from_agent) {
    world_.agents[ref.owner].outbox().remove(ref.entry);
    return;
  }
  mta::Mta& self = world_.mtas[ref.owner];
  if (!refused.empty()) bounce(self, slot, refused);
  if (remaining.empty()) {
    self.queue().remove(ref.entry);
    return;
  }
  e.recipients = std::move(remaining);
  e.in_flight = false;
  if (self.retry_schedule().expired(e.arrival, world_.simulator.now())) {
    bounce_entry(self, ref.entry, deferral);
    return;
  }
  defer(self, ref.entry, deferral);
}

// ---- retries ----

void QueueManager::defer(mta::Mta& mta, std::uint32_t id, const smtp::Reply& reason) {
  mta::QueueEntry& e = mta.queue().at(id);
  const sim::SimTime now = world_.simulator.now();
  e.deferred = true;
  e.eligible = mta.retry_schedule().eligible_at(e.arrival, now);
  const Message& m = world_.messages.at(e.message);
  for (const auto& r : e.recipients) world_.observer.deferred(now, mta.index(), m, r.index, reason, e.eligible);
  schedule_scan(mta.index(), e.eligible);
}

void QueueManager::schedule_scan(std::uint32_t m, sim::SimTime eligible) {
  sim::Simulator& simulator = world_.simulator;
  const sim::SimTime at = std::max(world_.mtas[m].retry_schedule().next_scan(eligible), simulator.now());
  if (scan_at_[m] >= 0 && scan_at_[m] <= at) return;
  if (scan_at_[m] >= 0) simulator.cancel(scan_event_[m]);
  scan_at_[m] = at;
  scan_event_[m] = simulator.schedule_at(at, m, kQueueScan);
}

void QueueManager::queue_scan(std::uint32_t m) {
  scan_at_[m] = -1;
  const sim::SimTime now = world_.simulator.now();
  std::vector<std::uint32_t> due;
  sim::SimTime next = -1;
  world_.mtas[m].queue().for_each([&](std::uint32_t id, const mta::QueueEntry& e) {
    if (!e.deferred || e.in_flight) return;
    if (e.eligible <= now) {
      due.push_back(id);
    } else if (next < 0 || e.eligible < next) {
      next = e.eligible;
    }
  });
  for (std::uint32_t id : due) attempt({false, m, id});
  if (next >= 0) schedule_scan(m, next);
}

// ---- bounces ----

// Bounces every copy still in the entry with one reason, and frees the entry.
void QueueManager::bounce_entry(mta::Mta& mta, std::uint32_t id, const smtp::Reply& reason) {
  const mta::QueueEntry& e = mta.queue().at(id);
  const std::uint32_t slot = e.message;
  std::vector<Bounced> copies;
  for (const auto& r : e.recipients) copies.push_back({r.index, reason});
  mta.queue().remove(id);
  bounce(mta, slot, copies);
}

void QueueManager::bounce(mta::Mta& mta, std::uint32_t slot, const std::vector<Bounced>& copies) {
  // Copy what the notification needs first: settling the last copy recycles the message's slot.
  const Message& m = world_.messages.at(slot);
  const std::string sender = m.sender;
  const std::uint64_t size = m.size;
  const std::uint64_t id = m.id;
  for (const Bounced& b : copies) world_.settle(slot, b.index, Fate::Bounced, mta.index(), b.reason);
  // RFC 5321 6.1: never send a notification about a notification (null sender).
  if (sender.empty() || copies.empty()) return;
  send_dsn(mta, sender, size, id, copies.front().reason);
}

void QueueManager::send_dsn(mta::Mta& mta, const std::string& to, std::uint64_t original_size, std::uint64_t about,
                            const smtp::Reply& reason) {
  const std::uint32_t dsn = world_.messages.create();
  Message& m = world_.messages.at(dsn);
  m.message_class = MessageClass::Dsn;
  m.about = about;
  m.recipients.assign(1, to);
  m.size = 2000 + std::min<std::uint64_t>(original_size, 10000);  // the report plus the original headers
  m.origin_node = mta.index();
  world_.submit_message(dsn);
  bool syntax_ok = false;
  const mta::Destination d = mta.relay_policy().resolve(to, &syntax_ok);
  if (!syntax_ok) {
    world_.settle(dsn, 0, Fate::Bounced, mta.index(), reason);
    return;
  }
  if (d.recipient_class == mta::RecipientClass::Local) {
    // A forged local sender has no mailbox: the notice is lost, and says so (no DSN to <>).
    if (!mta.relay_policy().known_local_user(d.address.local_part)) {
      world_.settle(dsn, 0, Fate::Bounced, mta.index(), smtp::make_reply(smtp::ReplyText::UnknownLocalUser, to));
      return;
    }
    write_mailbox(mta, d.address, address_);
    const std::string& mailbox = address_;
    world_.mailboxes.deliver(mailbox, mta.index(), MessageClass::Dsn);
    world_.observer.copy_delivered(world_.simulator.now(), world_.messages.at(dsn), 0, mta.index(), mailbox,
                                   Folder::Inbox, Authentication{});
    world_.settle(dsn, 0, Fate::Delivered, mta.index(), smtp::make_reply(smtp::ReplyText::Ok));
    return;
  }
  const std::uint32_t id = mta.queue().acquire(dsn, world_.simulator.now());
  mta::QueueEntry& e = mta.queue().at(id);
  e.destination = mta.config().relayhost ? *mta.config().relayhost : d.address.domain;
  smtp::write_canonical_address(d.address, address_);
  mta.queue().add_recipient(id, 0, address_);
  attempt({false, mta.index(), id});
}

// ---- the end of a run ----

void QueueManager::report_still_queued() {
  const smtp::Reply none;
  for (std::uint32_t m = 0; m < world_.mtas.size(); ++m) {
    world_.mtas[m].queue().for_each([&](std::uint32_t, mta::QueueEntry& e) {
      for (const auto& r : e.recipients) {
        if (!r.handed_off) world_.settle(e.message, r.index, Fate::Queued, m, none);
      }
    });
  }
  for (auto& agent : world_.agents) {
    agent.outbox().for_each([&](std::uint32_t, mta::QueueEntry& e) {
      for (const auto& r : e.recipients) {
        if (!r.handed_off) world_.settle(e.message, r.index, Fate::Queued, agent.node(), none);
      }
    });
  }
  if (const std::size_t lost = world_.messages.unsettled_messages(); lost != 0) {
    throw std::logic_error("internal error: " + std::to_string(lost) +
                           " message(s) have copies that are neither final nor queued");
  }
}

}  // namespace relaysim::world

// Which ports serve opens, and the safety rule: loopback only, unless asked.
#include "live/listen_plan.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using relaysim::live::Listener;

namespace {

world::WorldConfig campus() {
  world::WorldConfig config;
  world::MtaNodeConfig mx;
  mx.name = "mx.campus.example";
  mx.ip = 0xC000020A;
  mx.submission = true;
  mx.mynetworks = {{0x64400100, 24}};  // 100.64.1.0/24: the default client address is elsewhere
  world::MtaNodeConfig victim;
  victim.name = "mx.victim.example";
  victim.ip = 0xC633640B;
  config.mtas = {mx, victim};
  return config;
}

}  // namespace

TEST_CASE("By default each MTA gets a loopback port from 2525, then the submission ports", "[live]") {
  const auto listeners = live::default_listeners(campus(), "127.0.0.1", 2525);
  REQUIRE(listeners.size() == 3);
  CHECK((listeners[0].port == 2525 && listeners[0].mta == 0 && !listeners[0].submission));
  CHECK((listeners[1].port == 2526 && listeners[1].mta == 1 && !listeners[1].submission));
  CHECK((listeners[2].port == 2527 && listeners[2].mta == 0 && listeners[2].submission));
  CHECK(live::check_listeners(listeners, campus(), false).empty());
}

TEST_CASE("Listeners written ADDR:PORT=MTA[/submission] are parsed and checked", "[live]") {
  const world::WorldConfig config = campus();
  std::string error;
  auto l = live::parse_listener("127.0.0.1:2600=mx.victim.example", config, error);
  REQUIRE(l);
  CHECK((l->address == "127.0.0.1" && l->port == 2600 && l->mta == 1 && !l->submission));
  l = live::parse_listener("[::1]:0=mx.campus.example/submission", config, error);
  REQUIRE(l);
  CHECK((l->address == "::1" && l->port == 0 && l->mta == 0 && l->submission));
  l = live::parse_listener("localhost:25=mx.campus.example", config, error);
  REQUIRE(l);
  CHECK(l->address == "127.0.0.1");

  CHECK_FALSE(live::parse_listener("127.0.0.1:2600", config, error));
  CHECK(error.find("ADDR:PORT=MTA") != std::string::npos);
  CHECK_FALSE(live::parse_listener("127.0.0.1:2600=mx.nowhere.example", config, error));
  CHECK(error.find("mx.campus.example, mx.victim.example") != std::string::npos);
  CHECK_FALSE(live::parse_listener("127.0.0.1:99999=mx.campus.example", config, error));
  CHECK_FALSE(live::parse_listener("mail.example:25=mx.campus.example", config, error));
  CHECK(error.find("not a numeric") != std::string::npos);
}

TEST_CASE("Only loopback addresses, unless --allow-remote", "[live]") {
  CHECK(live::is_loopback("127.0.0.1"));
  CHECK(live::is_loopback("127.8.9.10"));
  CHECK(live::is_loopback("::1"));
  CHECK(live::is_loopback("::ffff:127.0.0.1"));
  CHECK_FALSE(live::is_loopback("0.0.0.0"));
  CHECK_FALSE(live::is_loopback("::"));
  CHECK_FALSE(live::is_loopback("192.0.2.1"));
  CHECK_FALSE(live::is_loopback("not an address"));

  const world::WorldConfig config = campus();
  const std::vector<Listener> everywhere{{"0.0.0.0", 2525, 0, false}};
  CHECK(live::check_listeners(everywhere, config, false).find("--allow-remote") != std::string::npos);
  CHECK(live::check_listeners(everywhere, config, true).empty());
  const std::vector<Listener> no_submission{{"127.0.0.1", 2525, 1, true}};
  CHECK(live::check_listeners(no_submission, config, false).find("no submission port") != std::string::npos);
  const std::vector<Listener> twice{{"127.0.0.1", 2525, 0, false}, {"127.0.0.1", 2525, 1, false}};
  CHECK(live::check_listeners(twice, config, false).find("two listeners") != std::string::npos);
}

TEST_CASE("Real clients get an address outside every mynetworks, and a host of their own", "[live]") {
  world::WorldConfig config = campus();
  CHECK(live::default_client_ip(config) == 0x64400201);  // 100.64.2.1: 100.64.1.0/24 is mynetworks
  world::AgentConfig alice;
  alice.name = "live-client";
  alice.ip = 0x64400201;
  config.agents.push_back(alice);
  CHECK(live::default_client_ip(config) == 0x64400202);
  const auto index = live::add_live_client(config, 0x64400202, world::MessageClass::Spam,
                                           live::default_listeners(config, "127.0.0.1", 2525));
  const world::AgentConfig& live = config.agents[index];
  CHECK(live.name == "live-client-2");
  CHECK(live.message_class == world::MessageClass::Spam);
  CHECK(live.via == std::vector<std::string>{"mx.campus.example", "mx.victim.example"});
  CHECK(live.messages == 0u);
}

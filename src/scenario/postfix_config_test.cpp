// The Postfix configuration of a simulated MTA, both ways: the lines each preset exports, a real
// server's postconf -n read back, and the postfix: key of a scenario.
#include "scenario/postfix_config.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "mta/relay_policy.h"
#include "scenario/scenario_errors_test.h"
#include "scenario/scenario_loader.h"
#include "scenario/spec_names.h"
#include "scenario/units.h"

namespace fs = std::filesystem;
using namespace relaysim;
using namespace relaysim::scenario;

namespace {

// The differential test's server: mx.campus.example, local campus.example (alice, bob),
// backup MX for backup.example, SASL login alice.
std::string campus(const std::string& mta_keys) {
  return "name: pf\nduration: 1h\n"
         "domains:\n"
         "  campus.example: { mx: [mx.campus.example] }\n"
         "  backup.example: { mx: [{ host: mx.backup.example, pref: 10 }, { host: mx.campus.example, pref: 20 }] }\n"
         "blocklists:\n  bl.example: {}\n"
         "mtas:\n"
         "  mx.campus.example:\n    ip: 192.0.2.10\n" +
         mta_keys +
         "  mx.backup.example: { ip: 198.51.100.20 }\n";
}

const MtaSpec& campus_mta(const ScenarioSpec& spec) { return spec.mtas.front(); }

PostfixConfig export_of(const std::string& mta_keys) {
  const ScenarioSpec spec = parse_scenario(campus(mta_keys), "pf.yaml");
  return export_postfix(campus_mta(spec), spec.blocklists);
}

std::vector<std::string> main_cf(const std::string& relay_line, const std::string& mynetworks = "192.0.2.10/32",
                                 const std::string& sasl = "yes") {
  return {"compatibility_level = 3.6",
          "myhostname = mx.campus.example",
          "mydestination = $myhostname, campus.example",
          "relay_domains = backup.example",
          "mynetworks = " + mynetworks,
          "proxy_interfaces = 192.0.2.10",
          "smtpd_relay_restrictions = " + relay_line,
          "smtpd_recipient_restrictions =",
          "smtpd_sasl_auth_enable = " + sasl,
          "local_recipient_maps = inline:{ alice=x, bob=x }"};
}

const std::string kUsers = "    local_recipients: [alice, bob]\n    sasl_users: { alice: wonderland }\n";

PostfixNames campus_names() { return {{"campus.example", "backup.example"}, {"mx.campus.example", "mx.backup.example"}, {"bl.example"}}; }

MtaSpec bare_mta(bool sasl = false) {
  MtaSpec mta;
  mta.name = "mx.campus.example";
  mta.ip = 0xC000020A;  // 192.0.2.10
  if (sasl) mta.sasl_users = {{"alice", "wonderland"}};
  return mta;
}

std::vector<std::string> messages(const std::vector<PostfixIssue>& issues) {
  std::vector<std::string> out;
  for (const PostfixIssue& i : issues) out.push_back(std::to_string(i.line) + ":" + std::to_string(i.column) + ": " + i.message);
  return out;
}

// A folder of its own for the files one test writes, removed afterwards.
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("relaysim-postfix-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

// What Debian 12's main.cf of an "Internet Site" looks like through postconf -n (sorted), for
// mx.campus.example, with campus.example added to mydestination.
constexpr const char* kDebian =
    "alias_database = hash:/etc/aliases\n"
    "alias_maps = hash:/etc/aliases\n"
    "append_dot_mydomain = no\n"
    "biff = no\n"
    "compatibility_level = 3.6\n"
    "inet_interfaces = all\n"
    "inet_protocols = all\n"
    "mailbox_size_limit = 0\n"
    "mydestination = $myhostname, campus.example, localhost.$mydomain, localhost\n"
    "myhostname = mx.campus.example\n"
    "mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128\n"
    "myorigin = /etc/mailname\n"
    "readme_directory = no\n"
    "recipient_delimiter = +\n"
    "relayhost =\n"
    "smtp_tls_CApath = /etc/ssl/certs\n"
    "smtp_tls_security_level = may\n"
    "smtp_tls_session_cache_database = btree:${data_directory}/smtp_scache\n"
    "smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)\n"
    "smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination\n"
    "smtpd_tls_cert_file = /etc/ssl/certs/ssl-cert-snakeoil.pem\n"
    "smtpd_tls_key_file = /etc/ssl/private/ssl-cert-snakeoil.key\n"
    "smtpd_tls_security_level = may\n";

}  // namespace

TEST_CASE("each preset exports the main.cf lines of the Postfix it stands for") {
  const std::string relay_auth = "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination";
  SECTION("authenticated") {
    CHECK(export_of("    policy: authenticated\n" + kUsers).main_cf == main_cf(relay_auth));
  }
  SECTION("open: everyone is mynetworks; the networks after 0.0.0.0/0 are what closing the relay restores") {
    CHECK(export_of("    policy: open\n" + kUsers).main_cf == main_cf(relay_auth, "0.0.0.0/0, 192.0.2.10/32"));
    CHECK(export_of("    policy: open\n    mynetworks: [192.0.2.0/24]\n" + kUsers).main_cf ==
          main_cf(relay_auth, "0.0.0.0/0, 192.0.2.0/24"));
    CHECK(export_of("    policy: open\n    mynetworks: []\n" + kUsers).main_cf == main_cf(relay_auth, "0.0.0.0/0"));
  }
  SECTION("mynetworks") {
    CHECK(export_of("    policy: mynetworks\n" + kUsers).main_cf == main_cf("permit_mynetworks, reject_unauth_destination"));
  }
  SECTION("closed, without SASL") {
    CHECK(export_of("    policy: closed\n    local_recipients: [alice, bob]\n").main_cf ==
          main_cf("reject_unauth_destination", "192.0.2.10/32", "no"));
  }
  SECTION("legacy-open has no Postfix equivalent") {
    const ScenarioSpec spec = parse_scenario(campus("    policy: legacy-open\n"), "pf.yaml");
    const auto why = postfix_refusal(campus_mta(spec));
    REQUIRE(why);
    CHECK_THAT(*why, Catch::Contains("Postfix refuses to start"));
    CHECK_THROWS_AS(export_postfix(campus_mta(spec), spec.blocklists), std::invalid_argument);
  }
}

TEST_CASE("master.cf: the smtp service, and Postfix's stock submission service when submission is on") {
  CHECK(export_of("    policy: closed\n").master_cf == std::vector<std::string>{"smtp       inet  n  -  n  -  -  smtpd"});
  CHECK(export_of("    submission: true\n" + kUsers).master_cf ==
        std::vector<std::string>{"smtp       inet  n  -  n  -  -  smtpd", "submission inet  n  -  n  -  -  smtpd",
                                 "  -o syslog_name=postfix/submission", "  -o smtpd_sasl_auth_enable=yes",
                                 "  -o smtpd_reject_unlisted_recipient=no", "  -o smtpd_relay_restrictions=",
                                 "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject"});
}

TEST_CASE("limits, queue times, relayhost and defences are written when they differ from Postfix's defaults") {
  const PostfixConfig c = export_of(
      "    relayhost: mx.backup.example\n    allow_untrusted_routing: true\n    recipient_limit: 50\n"
      "    message_size_limit: 0\n    max_sessions: 20\n    client_message_rate_limit: 30\n"
      "    queue: { queue_run_delay: 1m, minimal_backoff: 10m, maximal_backoff: 1h, maximal_lifetime: 2d }\n"
      "    recipient_restrictions: [permit_mynetworks, reject_rbl_client bl.example, check_policy_service postgrey,\n"
      "                             check_policy_service policyd-spf]\n");
  const std::vector<std::string> tail(c.main_cf.begin() + 7, c.main_cf.end());
  CHECK(tail == std::vector<std::string>{
                    "smtpd_recipient_restrictions = permit_mynetworks, reject_rbl_client bl.example, "
                    "check_policy_service inet:127.0.0.1:10023, check_policy_service unix:private/policyd-spf",
                    "smtpd_sasl_auth_enable = no", "local_recipient_maps =", "relayhost = [mx.backup.example]",
                    "allow_untrusted_routing = yes", "smtpd_recipient_limit = 50", "message_size_limit = 0",
                    "default_process_limit = 20", "queue_run_delay = 60s", "minimal_backoff_time = 600s",
                    "maximal_backoff_time = 3600s", "maximal_queue_lifetime = 2d",
                    "smtpd_client_message_rate_limit = 30"});
  CHECK(c.master_cf.back() == "  user=policyd-spf argv=/usr/bin/policyd-spf");
  REQUIRE(!c.notes.empty());
  CHECK_THAT(c.notes.front(), Catch::StartsWith("greylisting: postgrey --inet=10023 --delay=300"));
}

TEST_CASE("a queue time Postfix cannot write is refused") {
  const ScenarioSpec spec = parse_scenario(campus("    queue: { queue_run_delay: 1500ms }\n"), "pf.yaml");
  const auto why = postfix_refusal(campus_mta(spec));
  REQUIRE(why);
  CHECK_THAT(*why, Catch::Contains("1500ms"));
}

TEST_CASE("Debian's main.cf, through postconf -n, becomes a policy and a list of what is not modelled") {
  MtaSpec mta = bare_mta();
  const PostfixImport r = import_postfix(kDebian, campus_names(), mta);
  CHECK(r.errors.empty());
  CHECK(mta.mydestination == std::vector<std::string>{"campus.example"});
  CHECK(mta.relay_domains.empty());
  REQUIRE(mta.mynetworks.size() == 1);
  CHECK(format_cidr(mta.mynetworks[0]) == "127.0.0.0/8");
  CHECK(mta.relay_restrictions == std::vector<Restriction>{Restriction::PermitMynetworks,
                                                           Restriction::PermitSaslAuthenticated,
                                                           Restriction::DeferUnauthDestination});
  CHECK(mta.policy == PolicyPreset::Authenticated);  // no preset's list: the loader's default name
  CHECK(mta.recipient_restrictions.empty());
  CHECK(mta.local_recipients.empty());  // the passwd table cannot be read: every local part exists
  CHECK(!mta.relayhost);
  CHECK(messages(r.warnings) ==
        std::vector<std::string>{
            "0:0: not modelled, ignored: alias_database, append_dot_mydomain, biff, inet_protocols, "
            "mailbox_size_limit, myorigin, readme_directory, recipient_delimiter, smtp_tls_CApath, "
            "smtp_tls_security_level, smtp_tls_session_cache_database, smtpd_banner, smtpd_tls_cert_file, "
            "smtpd_tls_key_file, smtpd_tls_security_level",
            "0:0: local_recipient_maps (not set: Postfix's default): relaysim cannot read proxy:unix:passwd.byname, "
            "hash:/etc/aliases, so every local part is taken to exist (list the users as inline:{ alice=x, bob=x } "
            "to check them)",
            "11:14: mynetworks: [::ffff:127.0.0.0]/104, [::1]/128: IPv6, which relaysim does not model; left out"});
}

TEST_CASE("an exported configuration reads back as the same MTA") {
  const ScenarioSpec spec = parse_scenario(
      campus("    policy: open\n    mynetworks: [192.0.2.0/24]\n    submission: true\n" + kUsers +
             "    recipient_restrictions: [permit_mynetworks, reject_rbl_client bl.example]\n"
             "    queue: { maximal_lifetime: 1d }\n    recipient_limit: 10\n"
             "    relay_recipients: [Sales@Backup.example, \"@backup.example\"]\n"),
      "pf.yaml");
  const MtaSpec& original = campus_mta(spec);
  CHECK(original.relay_recipients == std::vector<std::string>{"sales@backup.example", "@backup.example"});
  std::string text;
  for (const std::string& line : export_postfix(original, spec.blocklists).main_cf) text += line + "\n";
  MtaSpec back = bare_mta(true);
  const PostfixImport r = import_postfix(text, campus_names(), back);
  CHECK(r.errors.empty());
  CHECK(r.warnings.empty());
  CHECK(back.policy == PolicyPreset::Open);
  CHECK(back.relay_restrictions == original.relay_restrictions);
  CHECK(back.mynetworks.size() == 1);
  CHECK(back.mydestination == original.mydestination);
  CHECK(back.relay_domains == original.relay_domains);
  CHECK(back.local_recipients == original.local_recipients);
  CHECK(back.relay_recipients == original.relay_recipients);
  REQUIRE(back.recipient_restrictions.size() == 2);
  CHECK(back.recipient_restrictions[1].check == world::RecipientCheck::RejectRblClient);
  CHECK(back.queue.maximal_lifetime == original.queue.maximal_lifetime);
  CHECK(back.recipient_limit == 10);
}

TEST_CASE("relay rules at the head of smtpd_recipient_restrictions, the pre-2.10 way") {
  const PostfixNames names = campus_names();
  SECTION("with smtpd_relay_restrictions empty, the head becomes the relay list and its permits stay in front") {
    MtaSpec mta = bare_mta(true);
    const auto r = import_postfix(
        "compatibility_level = 2\nsmtpd_sasl_auth_enable = yes\nsmtpd_relay_restrictions =\n"
        "smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination,\n"
        "    reject_rbl_client bl.example, check_policy_service inet:127.0.0.1:10023\n",
        names, mta);
    CHECK(r.errors.empty());
    CHECK(mta.policy == PolicyPreset::Authenticated);
    CHECK(mta.relay_restrictions == mta::preset_restrictions(PolicyPreset::Authenticated));
    std::vector<world::RecipientCheck> checks;
    for (const auto& c : mta.recipient_restrictions) checks.push_back(c.check);
    CHECK(checks == std::vector<world::RecipientCheck>{world::RecipientCheck::PermitMynetworks,
                                                       world::RecipientCheck::PermitSaslAuthenticated,
                                                       world::RecipientCheck::RejectRblClient,
                                                       world::RecipientCheck::Postgrey});
  }
  SECTION("a tutorial's lists, both set, decide as the relay list alone") {
    MtaSpec mta = bare_mta();
    const auto r = import_postfix(
        "compatibility_level = 3.6\nlocal_recipient_maps =\nsmtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated "
        "defer_unauth_destination\nsmtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, "
        "reject_unauth_destination, reject_non_fqdn_recipient\n",
        names, mta);
    CHECK(r.errors.empty());
    CHECK(mta.relay_restrictions.back() == Restriction::DeferUnauthDestination);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].message == "smtpd_recipient_restrictions: not modelled, skipped: reject_non_fqdn_recipient");
  }
  SECTION("a relay rule after a recipient check is not modelled") {
    MtaSpec mta = bare_mta();
    const auto r = import_postfix(
        "compatibility_level = 3.6\nsmtpd_recipient_restrictions = reject_rbl_client bl.example, reject_unauth_destination\n",
        names, mta);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 2);
    CHECK_THAT(r.errors[0].message, Catch::Contains("reject_unauth_destination after reject_rbl_client bl.example"));
  }
}

TEST_CASE("what Postfix would refuse, or relaysim cannot read, is an error at its line") {
  const PostfixNames names = campus_names();
  const auto errors_of_text = [&](const std::string& text) {
    MtaSpec mta = bare_mta();
    return messages(import_postfix(text, names, mta).errors);
  };
  // Without compatibility_level, Postfix 3.7 keeps the old default: no smtpd_relay_restrictions.
  CHECK(errors_of_text("myhostname = mx.campus.example\n") ==
        std::vector<std::string>{"0:0: Postfix would refuse to start: smtpd_relay_restrictions or "
                                 "smtpd_recipient_restrictions must hold reject_unauth_destination, "
                                 "defer_unauth_destination, reject, defer or defer_if_permit, or anyone could relay"});
  CHECK(errors_of_text("compatibility_level = 3.6\nmyhostname = mail.example.com\n") ==
        std::vector<std::string>{"2:14: myhostname: 'mail.example.com' is not this MTA's name 'mx.campus.example': "
                                 "name the MTA after the server, or leave myhostname out"});
  CHECK(errors_of_text("compatibility_level = 3.6\nrelay_domains = hash:/etc/postfix/relay\n") ==
        std::vector<std::string>{"2:17: relay_domains: 'hash:/etc/postfix/relay': relaysim reads no lookup tables or "
                                 "files; list the domains"});
  CHECK(errors_of_text("compatibility_level = 3.6\nrelayhost = [smtp.isp.example]:587\n") ==
        std::vector<std::string>{"2:13: relayhost: port 587: relaysim relays on port 25 only"});
  CHECK(errors_of_text("compatibility_level = 3.6\nrelayhost = [smtp.isp.example]\n") ==
        std::vector<std::string>{"2:13: relayhost: 'smtp.isp.example' is not an MTA of this scenario"});
  CHECK(errors_of_text("compatibility_level = 3.6\nmynetworks = 192.0.2.1/24\n") ==
        std::vector<std::string>{"2:14: mynetworks: '192.0.2.1/24' has host bits set, did you mean 192.0.2.0/24?"});
  CHECK(errors_of_text("compatibility_level = 3.6\nqueue_run_delay = soon\n") ==
        std::vector<std::string>{"2:19: queue_run_delay: expected a time like 300s, 5m, 1h or 5d (more than 0), got 'soon'"});
  CHECK(errors_of_text("compatibility_level = 3.6\nsmtpd_sasl_auth_enable = yes\n") ==
        std::vector<std::string>{"2:26: smtpd_sasl_auth_enable = yes, but MTA 'mx.campus.example' has no sasl_users: the "
                                 "accounts live in the SASL database, not in main.cf; give them as sasl_users in the "
                                 "scenario"});
  CHECK(errors_of_text("compatibility_level = 3.6\nthis is not a parameter\n  continued\n") ==
        std::vector<std::string>{"2:1: expected 'name = value', as postconf -n prints parameters",
                                 "3:1: a continuation line (it starts with white space) with no parameter before it"});
}

TEST_CASE("what relaysim approximates is a warning at its line") {
  MtaSpec mta = bare_mta(true);
  mta.submission = true;
  const auto r = import_postfix("compatibility_level = 3.6\nlocal_recipient_maps =\ninet_interfaces = 127.0.0.1, 10.1.2.3\n"
                                "mydestination = campus.example, intranet.example\n",
                                campus_names(), mta);
  CHECK(r.errors.empty());
  CHECK(messages(r.warnings) ==
        std::vector<std::string>{
            "0:0: smtpd_sasl_auth_enable (not set: Postfix's default) = no, and MTA 'mx.campus.example' has "
            "sasl_users: relaysim offers AUTH on port 25 too, not only on submission",
            "3:19: inet_interfaces: 10.1.2.3 is not the ip of MTA 'mx.campus.example' (192.0.2.10): relaysim gives an "
            "MTA one address, so mail for [10.1.2.3] is not local there",
            "4:17: mydestination: intranet.example: not domains of this scenario, left out",
            "4:17: mydestination does not list $myhostname: relaysim delivers mail for 'mx.campus.example' (the host's "
            "own name) locally all the same"});
}

TEST_CASE("$name expansion, as Postfix does it") {
  MtaSpec mta = bare_mta();
  const auto r = import_postfix(
      "compatibility_level = 3.6\nmydomain = campus.example\nmy_relays = backup.example\n"
      "mydestination = $myhostname, ${mydomain}, $(unset_one)\nrelay_domains = ${my_relays?$my_relays}${unset:}\n",
      campus_names(), mta);
  CHECK(r.errors.empty());
  CHECK(mta.mydestination == std::vector<std::string>{"campus.example"});
  CHECK(mta.relay_domains == std::vector<std::string>{"backup.example"});
  MtaSpec looping = bare_mta();
  const auto loop = import_postfix("compatibility_level = 3.6\nmydestination = $a\na = $b\nb = $a\n", campus_names(), looping);
  REQUIRE(!loop.errors.empty());
  CHECK_THAT(loop.errors[0].message, Catch::Contains("loop"));
  std::string doubling = "compatibility_level = 3.6\nmydestination = $p15\np0 = x\n";
  for (int i = 1; i <= 15; ++i) {
    const std::string before = "$p" + std::to_string(i - 1);
    doubling += "p" + std::to_string(i) + " = " + before + before + before + before + "\n";
  }
  MtaSpec doubled = bare_mta();
  const auto bomb = import_postfix(doubling, campus_names(), doubled);
  REQUIRE(bomb.errors.size() == 1);
  CHECK(bomb.errors[0].message == "mydestination: $names that expand to more than a million characters");
}

TEST_CASE("postfix: in a scenario reads the file beside it, and its errors and warnings name that file") {
  const TempDir dir;
  const std::string scenario = campus("    postfix: main.cf.txt\n    sasl_users: { alice: wonderland }\n");
  SECTION("a good file sets the policy and warns once about what is not modelled") {
    dir.write("main.cf.txt", "compatibility_level = 3.6\nsmtpd_sasl_auth_enable = yes\nbiff = no\n"
                             "local_recipient_maps =\nmydestination = $myhostname campus.example\nmynetworks = 192.0.2.0/24\n");
    const std::string file = dir.write("s.yaml", scenario);
    const ScenarioSpec spec = load_scenario_file(file);
    const MtaSpec& m = campus_mta(spec);
    CHECK(m.relay_restrictions.back() == Restriction::DeferUnauthDestination);
    CHECK(m.relay_domains.empty());  // the file's (Postfix's default), not the backup MX the scenario suggests
    CHECK(format_warnings({&spec, 1}) == (dir.path / "main.cf.txt").string() + ": warning: not modelled, ignored: biff\n");
  }
  SECTION("errors are at the file's line and column, with the scenario's own") {
    dir.write("main.cf.txt", "compatibility_level = 3.6\nsmtpd_sasl_auth_enable = maybe\n");
    const std::string file = dir.write("s.yaml", scenario + "  mx.third.example: { ip: 192.0.2.10 }\n");
    const auto errors = testing::errors_of(read_scenario_text(file), file);
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0], Catch::Contains("s.yaml:14:27: error: IP address 192.0.2.10 is already used"));
    CHECK(errors[1] == (dir.path / "main.cf.txt").string() +
                           ":2:26: error: smtpd_sasl_auth_enable: expected yes or no, got 'maybe'");
  }
  SECTION("a scenario key for the same fields is an error naming both") {
    dir.write("main.cf.txt", "compatibility_level = 3.6\nsmtpd_sasl_auth_enable = yes\n");
    const auto errors = testing::errors_of(
        campus("    postfix: main.cf.txt\n    policy: open\n    sasl_users: { alice: x }\n"), (dir.path / "s.yaml").string());
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::EndsWith("s.yaml:12:13: error: policy: MTA 'mx.campus.example' takes it from postfix: "
                                          "main.cf.txt (mynetworks, smtpd_relay_restrictions); give it in one place"));
  }
  SECTION("a missing, oversized or special file is refused at the postfix: key") {
    const std::string file = (dir.path / "s.yaml").string();
    CHECK_THAT(testing::errors_of(scenario, file).at(0), Catch::Contains("s.yaml:11:14: error: postfix: '") &&
                                                            Catch::Contains("cannot open: No such file or directory"));
    dir.write("main.cf.txt", std::string((1u << 20) + 1, '#'));
    CHECK_THAT(testing::errors_of(scenario, file).at(0), Catch::Contains("larger than 1 MiB"));
    CHECK_THAT(testing::errors_of(campus("    postfix: /dev/zero\n"), file).at(0), Catch::Contains("not a regular file"));
  }
}

#!/usr/bin/python3
"""relaysim serve against real SMTP clients on loopback: Python's smtplib, raw sockets, swaks
and Postfix's smtp-source. Each case starts its own `relaysim serve` on ports the system picks
(--port 0 --ports-file), talks to it, stops it with SIGINT and checks what the client saw and
what the outputs (summary.json, trace.jsonl, transcripts/) say.

    live_clients_test.py --relaysim BINARY --source DIR CASE

Exit status: 0 passed, 1 failed (a client program that is not installed is a failure: scripts/install-deps
installs them all, and a test that passes without its tool proves nothing).
"""

import argparse
import contextlib
import json
import os
import random
import re
import select
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ARGS = None
TEMPORARY = []  # folders removed when the case passes (kept for a look when it fails)


def temporary_dir(prefix):
    path = Path(tempfile.mkdtemp(prefix=prefix))
    TEMPORARY.append(path)
    return path

# The password of lesson 01-03's alice: it must never appear in an output or a log.
ALICE = ("alice", "wonderland")
SECRETS = ["wonderland", "d29uZGVybGFuZA", "AGFsaWNlAHdvbmRlcmxhbmQ"]  # plain, base64 LOGIN, base64 PLAIN
MESSAGE = "Subject: lab test\r\n\r\nHello from a real client.\r\n"


class MissingClient(Exception):
    """A real client the case needs is not installed."""


def check(condition, what):
    if not condition:
        raise AssertionError(what)


# A scenario for the limits and load cases: an open relay and a receiving MX, no agents, so that
# every message in the outputs is a real client's.
LIMITS_SCENARIO = """name: live-limits
seed: 1
duration: 1h
domains:
  campus.example: {{ mx: [mx.campus.example] }}
  victim.example: {{ mx: [mx.victim.example] }}
mtas:
  mx.campus.example:
    ip: 192.0.2.10
    policy: open
    max_sessions: {max_sessions}
    recipient_limit: {recipient_limit}
    message_size_limit: {size_limit}
  mx.victim.example: {{ ip: 198.51.100.11, policy: authenticated, max_sessions: 100000 }}
links:
  default_latency: 40ms
agents: []
"""


class Serve:
    """One `relaysim serve` process and its outputs."""

    def __init__(self, scenario, *extra, env=None, scenario_text=None, out_dir=None):
        self.dir = temporary_dir("relaysim-live-")
        if scenario_text is not None:
            scenario = self.dir / "scenario.yaml"
            scenario.write_text(scenario_text)
        elif not os.path.isabs(scenario):
            scenario = Path(ARGS.source) / "scenarios" / scenario
        self.out_dir = Path(out_dir) if out_dir else self.dir / "out"
        ports = self.dir / "ports"
        self.stdout_path = self.dir / "stdout"
        self.stderr_path = self.dir / "stderr"
        command = [ARGS.relaysim, "serve", str(scenario), "--port", "0", "--out", str(self.out_dir),
                   "--ports-file", str(ports), "--explain", *extra]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + 30
        while not ports.exists():
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited with {self.proc.returncode}: {self.stderr_path.read_text()}")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError("serve did not start listening within 30 s")
            time.sleep(0.02)
        self.ports = {}
        for line in ports.read_text().splitlines():
            endpoint, mta, role = line.split()
            host, port = endpoint.rsplit(":", 1)
            self.ports[(mta, role)] = (host, int(port))

    def addr(self, mta="mx.campus.example", role="25"):
        return self.ports[(mta, role)]

    def stop(self, signal_number=signal.SIGINT):
        """SIGINT, as Ctrl-C (or SIGTERM); serve must exit 0 having written its outputs."""
        if signal_number is not None:
            self.proc.send_signal(signal_number)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("serve did not stop within 60 s")
        check(code == 0, f"serve exited with {code}: {self.stderr_path.read_text()}")
        self.summary = json.loads((self.out_dir / "summary.json").read_text())
        self.trace = [json.loads(line) for line in (self.out_dir / "trace.jsonl").read_text().splitlines()]
        self.transcripts = {p.name: p.read_text() for p in (self.out_dir / "transcripts").glob("*.txt")}
        self.stdout = self.stdout_path.read_text()
        self.stderr = self.stderr_path.read_text()
        # No terminal here: no progress lines on stderr.
        check(self.stderr == "", f"serve wrote to stderr without a terminal: {self.stderr!r}")
        self.check_journal()

    def check_journal(self):
        """After a clean stop: the journal has every message accepted from a real client, the trace
        names each by the queue id its client was told, and the journal's last line says serve stopped."""
        journal = journal_lines(self.out_dir)
        check(journal[-1]["kind"] == "stopped", f"the journal's last line: {journal[-1]}")
        journalled = sorted(int(j["queue_id"], 16) for j in journal if j.get("kind") == "message")
        accepted = [e for e in self.trace if e.get("event") == "accepted"]
        live = [e for e in accepted if e.get("from") == "live-client"]
        check(all("queue_id" not in e for e in accepted if e.get("from") != "live-client"),
              "queue_id only on real clients' messages")
        # QueueManager::check_end_of_data numbers queue ids message id << 8 | MTA.
        check(all(int(e["queue_id"], 16) >> 8 == e["msg"] for e in live), f"queue ids: {live[:3]}")
        check(sorted(int(e["queue_id"], 16) for e in live) == journalled,
              f"{len(live)} accepted in the trace, {len(journalled)} in the journal")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def live_events(self, event):
        return [e for e in self.trace if e.get("event") == event and e.get("from") == "live-client"]

    def live_fates(self):
        """Final states of real clients' copies: [(msg, fate, at, code)]."""
        live = {e["msg"] for e in self.trace if e.get("event") == "submitted" and e.get("from") == "live-client"}
        fates = ("delivered", "rejected", "bounced", "queued")
        return [(e["msg"], e["event"], e["at"], e.get("code")) for e in self.trace
                if e.get("msg") in live and e.get("event") in fates]

    def check_no_secrets(self):
        texts = [self.stdout, self.stderr, *self.transcripts.values(),
                 (self.out_dir / "trace.jsonl").read_text(), (self.out_dir / "journal.jsonl").read_text()]
        for secret in SECRETS:
            check(all(secret not in t for t in texts), f"{secret!r} appears in an output or log")


@contextlib.contextmanager
def serving(*args, stop_with=signal.SIGINT, **kwargs):
    """A Serve for the with-block; stopped with `stop_with` at its end (None: it stops by itself;
    killed if the block failed)."""
    serve = Serve(*args, **kwargs)
    try:
        yield serve
    except BaseException:
        serve.kill()
        sys.stderr.write(f"serve stdout:\n{serve.stdout_path.read_text()[-4000:]}\n"
                         f"serve stderr:\n{serve.stderr_path.read_text()[-4000:]}\n")
        raise
    serve.stop(stop_with)


class Raw:
    """A raw SMTP connection: bytes out, reply lines in."""

    def __init__(self, addr, timeout=10):
        self.sock = socket.create_connection(addr, timeout=timeout)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data.encode("latin-1") if isinstance(data, str) else data)

    def line(self):
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError(f"connection closed; unread: {self.buffer!r}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line.decode("latin-1")

    def reply(self):
        """One whole reply (multi-line replies joined with |)."""
        lines = [self.line()]
        while len(lines[-1]) > 3 and lines[-1][3] == "-":
            lines.append(self.line())
        return "|".join(lines)

    def replies(self, n):
        return [self.reply() for _ in range(n)]

    def at_eof(self):
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, socket.timeout):
            return False

    def close(self):
        self.sock.close()


def journal_lines(out_dir):
    return [json.loads(line) for line in (Path(out_dir) / "journal.jsonl").read_text().splitlines()]


def told_queue_ids(texts):
    """The queue ids from 'queued as HEX' replies, as the client was told them."""
    ids = []
    for t in texts:
        at = t.find("queued as ")
        if at >= 0:
            ids.append(t[at + 10:].split()[0].strip("|"))
    return ids


def queued_ids(texts):
    """Message ids from 'queued as HEX' replies (the world numbers queue ids message id << 8 | MTA)."""
    ids = []
    for t in texts:
        at = t.find("queued as ")
        if at >= 0:
            ids.append(int(t[at + 10:].split()[0].strip("|"), 16) >> 8)
    return ids


# ---- cases -------------------------------------------------------------------------------------

def case_smtplib_open_relay():
    """Lesson 02: the open relay takes a message for an outside domain and relays it."""
    with serving("02-open-relay.yaml", "--speed", "20") as serve:
        with smtplib.SMTP(*serve.addr(), timeout=10) as client:
            code, _ = client.ehlo("student.example")
            check(code == 250, "EHLO")
            check(client.has_extn("pipelining") and client.has_extn("size"), "EHLO advertises PIPELINING and SIZE")
            refused = client.sendmail("me@student.example", ["someone@victim1.example"], MESSAGE)
            check(refused == {}, f"refused: {refused}")
        time.sleep(0.5)  # 10 simulated seconds: the relay passes it on
    accepted = serve.live_events("accepted")
    check(len(accepted) == 1 and accepted[0]["to"] == "mx.campus.example", f"accepted: {accepted}")
    msg = accepted[0]["msg"]
    check(serve.live_fates() == [(msg, "delivered", "mx.victim1.example", 250)], f"fates: {serve.live_fates()}")
    transcript = serve.transcripts[f"message-{msg:06d}.txt"]
    check("live-client [100.64.1.1] -> mx.campus.example [192.0.2.10] port 25" in transcript, transcript)
    check("-> mx.victim1.example" in transcript, "the relay's own session is in the transcript")


def case_smtplib_authenticated():
    """Lesson 03: 554 5.7.1 Relay access denied until AUTH, then accepted; no password anywhere."""
    with serving("03-authenticated.yaml", "--speed", "20") as serve:
        with smtplib.SMTP(*serve.addr(), timeout=10) as client:
            client.ehlo("student.example")
            check(client.has_extn("auth") and "PLAIN" in client.esmtp_features["auth"], "EHLO advertises AUTH PLAIN")
            try:
                client.sendmail("me@student.example", ["someone@victim1.example"], MESSAGE)
                raise AssertionError("the relay accepted mail for an outside domain without AUTH")
            except smtplib.SMTPRecipientsRefused as e:
                code, text = e.recipients["someone@victim1.example"]
                check(code == 554 and text.startswith(b"5.7.1 ") and b"Relay access denied" in text, f"{code} {text}")
            client.login(*ALICE)  # smtplib picks AUTH PLAIN here
            check(client.sendmail("alice@campus.example", ["someone@victim1.example"], MESSAGE) == {}, "after AUTH")
        time.sleep(0.5)
    fates = serve.live_fates()
    check(len(fates) == 2, f"two messages: the refused attempt and the accepted one: {fates}")
    check(fates[0][1:] == ("rejected", "live-client", 554), f"{fates}")
    check(fates[1][1:] == ("delivered", "mx.victim1.example", 250), f"{fates}")
    check(any("C: AUTH PLAIN <redacted>" in t for t in serve.transcripts.values()), "AUTH redacted in transcripts")
    serve.check_no_secrets()


def case_submission():
    """The submission port (587 role) refuses recipients before AUTH with 554 5.7.1, as Postfix's stock
    submission service does (smtpd_recipient_restrictions = permit_sasl_authenticated, reject), then takes mail."""
    with serving("03-authenticated.yaml", stop_with=signal.SIGTERM) as serve:
        with smtplib.SMTP(*serve.addr("mx.campus.example", "587"), timeout=10) as client:
            client.ehlo("student.example")
            code, text = client.mail("alice@campus.example")
            check((code, text) == (250, b"2.1.0 Ok"), f"{code} {text}")
            code, text = client.rcpt("bob@victim1.example")
            check((code, text) == (554, b"5.7.1 <bob@victim1.example>: Recipient address rejected: Access denied"),
                  f"{code} {text}")
            client.rset()
            client.login(*ALICE)
            check(client.sendmail("alice@campus.example", ["bob@victim1.example"], MESSAGE) == {}, "after AUTH")
    check(len(serve.live_events("accepted")) == 1, "one message accepted")
    check(any("port 587" in t for t in serve.transcripts.values()), "the transcript names port 587")
    serve.check_no_secrets()


def case_pipelining():
    """RFC 2920: two whole transactions and QUIT in one write get every reply, in order."""
    with serving("02-open-relay.yaml") as serve:
        c = Raw(serve.addr())
        check(c.reply() == "220 mx.campus.example ESMTP relaysim", "greeting")
        c.send("EHLO student.example\r\n")
        check("250-PIPELINING" in c.reply(), "PIPELINING offered")
        transaction = ("MAIL FROM:<me@student.example>\r\nRCPT TO:<a@victim1.example>\r\nRCPT TO:<>\r\n"
                       "RCPT TO:<b@victim2.example>\r\nDATA\r\n" + MESSAGE + ".\r\n")
        c.send(transaction + transaction.replace("a@victim1", "c@victim3") + "QUIT\r\n")
        replies = c.replies(13)
        expected = ["250 2.1.0 Ok", "250 2.1.5 Ok", "501 5.1.3 Bad recipient address syntax", "250 2.1.5 Ok",
                    "354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as"] * 2 + ["221 2.0.0 Bye"]
        for got, want in zip(replies, expected):
            check(got.startswith(want), f"replies out of order: {replies}")
        check(c.at_eof(), "closed after 221")
        c.close()
    ids = queued_ids(replies)
    check(sorted(e["msg"] for e in serve.live_events("accepted")) == sorted(ids), "the two messages, once each")
    check(serve.summary["mtas"]["mx.campus.example"]["accepted"] >= 4, "four copies accepted")


def limits_scenario(max_sessions=100, recipient_limit=3, size_limit="2KB"):
    return LIMITS_SCENARIO.format(max_sessions=max_sessions, recipient_limit=recipient_limit, size_limit=size_limit)


def case_limits():
    """Postfix's limits: long command and text lines are read (line_length_limit), 452 4.5.3, 552 5.3.4."""
    with serving(None, scenario_text=limits_scenario()) as serve:
        c = Raw(serve.addr())
        c.reply()
        c.send("EHLO student.example\r\n")
        c.reply()
        c.send("NOOP " + "x" * 5000 + "\r\n")
        check(c.reply() == "250 2.0.0 Ok", "a command line over 2048 octets: the rest is discarded")
        c.send("NOOP\r\n")
        check(c.reply() == "250 2.0.0 Ok", "the session goes on")
        c.send("MAIL FROM:<me@student.example>\r\nRCPT TO:<long@victim.example>\r\nDATA\r\n"
               "Subject: long\r\n\r\n" + "y" * 1500 + "\r\n.\r\n")
        check(c.replies(4)[3].startswith("250 2.0.0 Ok: queued as"), "a text line over 1000 octets is taken")
        c.send("MAIL FROM:<me@student.example>\r\n" + "".join(f"RCPT TO:<r{i}@victim.example>\r\n" for i in range(4)))
        check(c.replies(5)[4] == "452 4.5.3 Error: too many recipients", "recipient_limit 3")
        c.send("DATA\r\n" + "z" * 3000 + "\r\n.\r\n")
        check(c.replies(2)[1] == "552 5.3.4 Error: message file too big", "message_size_limit 2KB")
        c.send("MAIL FROM:<me@student.example>\r\nRCPT TO:<fine@victim.example>\r\nDATA\r\n" + MESSAGE + ".\r\n")
        last = c.replies(4)[3]
        check(last.startswith("250 2.0.0 Ok: queued as"), f"after all that, a message is still accepted: {last}")
        c.send("QUIT\r\n")
        c.reply()
        c.close()
    ham = serve.summary["messages"]["ham"]
    # long (accepted), r0-r3 (3 refused by 552 at the dot, r3 by 452), fine (accepted)
    check(ham["submitted"] == 6 and ham["rejected"] == 4, f"ham: {ham}")
    check(serve.summary["mtas"]["mx.campus.example"]["accepted"] == 2, "the long one and the last one accepted")


def case_idle_timeout():
    """A silent client gets 421 4.4.2 after --timeout, also mid-DATA (that message is not accepted)."""
    with serving(None, "--timeout", "1s", scenario_text=limits_scenario()) as serve:
        idle = Raw(serve.addr())
        check(idle.reply().startswith("220 "), "greeting")
        mid_data = Raw(serve.addr())
        mid_data.reply()
        mid_data.send("HELO c\r\nMAIL FROM:<me@student.example>\r\nRCPT TO:<x@victim.example>\r\nDATA\r\nhalf a mess")
        check(mid_data.replies(4)[3].startswith("354 "), "354")
        started = time.monotonic()
        check(idle.reply() == "421 4.4.2 mx.campus.example Error: timeout exceeded", "idle client")
        waited = time.monotonic() - started
        check(0.5 <= waited <= 5, f"timed out after {waited:.1f} s, not about 1 s")
        check(idle.at_eof(), "closed after the 421")
        check(mid_data.reply() == "421 4.4.2 mx.campus.example Error: timeout exceeded", "idle in DATA")
        idle.close()
        mid_data.close()
    check(serve.summary["messages"]["ham"]["submitted"] == 0, "the cut-off message is not accepted")
    check("idle timeout" in serve.stdout, "the session log says why")


def case_shutdown():
    """--until: serve stops by itself at that simulated time; a session still open gets
    421 4.3.2, a message it was sending is not accepted, and the outputs are written."""
    with serving(None, "--until", "3s", "--speed", "3", stop_with=None, scenario_text=limits_scenario()) as serve:
        c = Raw(serve.addr())
        check(c.reply().startswith("220 "), "greeting")
        c.send("HELO c\r\nMAIL FROM:<me@student.example>\r\nRCPT TO:<x@victim.example>\r\nDATA\r\nSubject: s\r\n")
        check(c.replies(4)[3].startswith("354 "), "354")
        started = time.monotonic()
        check(c.reply() == "421 4.3.2 mx.campus.example Service not available, closing transmission channel",
              "the session is ended when serve stops")
        check(time.monotonic() - started < 5, "serve stopped after about a second")
        check(c.at_eof(), "closed after 421 4.3.2")
        c.close()
    check(serve.summary["sim_time_s"] == 3.0, f"the world ran to --until: {serve.summary['sim_time_s']}")
    check(serve.summary["messages"]["ham"]["submitted"] == 0, "the message cut off by the shutdown is not accepted")
    check("--until reached" in serve.stdout, "serve says why it stopped")


def case_bad_input():
    """Garbage, NUL bytes, bare LF, abrupt disconnects mid-DATA and too many connections or errors
    disturb nobody else: well-behaved clients at the same time get every message through."""
    good_ids = []
    errors = []

    def good_client(n):
        try:
            with smtplib.SMTP(*serve.addr(), timeout=20) as client:
                for i in range(n):
                    client.ehlo("good.example")
                    client.mail("me@student.example")
                    client.rcpt(f"good{i}@victim.example")
                    code, text = client.data(MESSAGE)
                    check(code == 250, f"good client: {code} {text}")
                    good_ids.extend(queued_ids([text.decode()]))
                    time.sleep(0.05)
        except Exception as e:  # reported by the main thread
            errors.append(e)

    with serving(None, scenario_text=limits_scenario(max_sessions=6)) as serve:
        good = threading.Thread(target=good_client, args=(20,))
        good.start()
        rng = random.Random(5)
        # Binary garbage with NUL bytes: errors until the hard error limit, then 421 and close.
        junk = Raw(serve.addr())
        junk.reply()
        junk.send(b"".join(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 80))).replace(b"\n", b"")
                           + b"\0\xff\r\n" for _ in range(30)))
        replies = []
        try:
            while True:
                replies.append(junk.reply())
        except (EOFError, ConnectionResetError):
            pass
        check(len(replies) == 21 and replies[-1] == "421 4.7.0 mx.campus.example Error: too many errors",
              f"hard error limit 20: {replies[-3:]} ({len(replies)} replies)")
        junk.close()
        # Bare LF line endings are tolerated (as Postfix does).
        bare = Raw(serve.addr())
        bare.reply()
        bare.send("HELO bare.example\nMAIL FROM:<me@student.example>\nRCPT TO:<bare@victim.example>\nDATA\n"
                  "Subject: bare LF\n\nhi\n.\nQUIT\n")
        bare_replies = bare.replies(6)
        check(bare_replies[4].startswith("250 2.0.0 Ok: queued as"), f"bare LF: {bare_replies}")
        good_ids.extend(queued_ids(bare_replies))
        bare.close()
        # Gone mid-DATA, with a reset: that message is simply not accepted.
        for _ in range(5):
            cut = Raw(serve.addr())
            cut.reply()
            cut.send("HELO cut.example\r\nMAIL FROM:<me@student.example>\r\nRCPT TO:<cut@victim.example>\r\n"
                     "DATA\r\nSubject: cut\r\n\r\n" + "w" * 5000)
            cut.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")  # RST on close
            cut.close()
        # A client that pipelines and hangs up without reading anything.
        rude = Raw(serve.addr())
        rude.send("EHLO rude\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<rude@victim.example>\r\nDATA\r\n" + "v" * 100000)
        rude.close()
        good.join(60)
        check(not errors, f"the good client failed: {errors}")
        # max_sessions 6: hold six sessions, the seventh is turned away. (Retried while the
        # server may still be ending the sessions closed above.)
        for attempt in range(50):
            held = [Raw(serve.addr()) for _ in range(6)]
            greetings = [h.reply() for h in held]
            if all(g.startswith("220 ") for g in greetings):
                break
            for h in held:
                h.close()
            time.sleep(0.1)
        check(all(g.startswith("220 ") for g in greetings), f"six sessions: {greetings}")
        extra = Raw(serve.addr())
        check(extra.reply() == "421 4.7.0 mx.campus.example Error: too many connections", "the seventh")
        check(extra.at_eof(), "closed after 421 4.7.0")
        for h in held:
            h.close()
        extra.close()
        for attempt in range(50):  # and it still serves, once those six sessions have ended
            try:
                with smtplib.SMTP(*serve.addr(), timeout=10) as client:
                    check(client.sendmail("me@student.example", ["last@victim.example"], MESSAGE) == {}, "serving")
                break
            except smtplib.SMTPConnectError:
                time.sleep(0.1)
        else:
            raise AssertionError("serve still turns clients away")
    accepted = serve.live_events("accepted")
    check(len(accepted) == 20 + 1 + 1, f"exactly the good messages: {len(accepted)}")
    check(len({e["msg"] for e in accepted}) == len(accepted), "none twice")
    ham = serve.summary["messages"]["ham"]
    check(ham["submitted"] == 22, f"nothing else entered the world: {ham}")


def case_swaks():
    """swaks against lessons 02 and 03: relay refused, AUTH PLAIN and LOGIN, submission, pipelining."""
    swaks = "/usr/bin/swaks"
    if not os.access(swaks, os.X_OK):
        raise MissingClient("swaks is not installed (scripts/install-deps installs it)")

    def run(addr, *args):
        command = [swaks, "--server", f"{addr[0]}:{addr[1]}", "--timeout", "20", "--from", "me@student.example",
                   "--helo", "student.example", *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        return result.returncode, result.stdout + result.stderr

    with serving("03-authenticated.yaml") as serve:
        code, out = run(serve.addr(), "--to", "someone@victim1.example")
        check(code != 0 and "<** 554 5.7.1 <someone@victim1.example>: Relay access denied" in out, out)
        code, out = run(serve.addr(), "--to", "someone@victim1.example", "--auth", "PLAIN",
                        "--auth-user", ALICE[0], "--auth-password", ALICE[1])
        check(code == 0 and "<-  235 2.7.0 Authentication successful" in out and "queued as" in out, out)
        sub = serve.addr("mx.campus.example", "587")
        code, out = run(sub, "--to", "bob@victim1.example")
        check(code != 0 and "<** 554 5.7.1 <bob@victim1.example>: Recipient address rejected: Access denied" in out, out)
        code, out = run(sub, "--to", "bob@victim1.example,carol@victim2.example", "--auth", "LOGIN",
                        "--auth-user", ALICE[0], "--auth-password", ALICE[1], "--pipeline")
        check(code == 0 and "queued as" in out, out)
    check(len(serve.live_events("accepted")) == 2, "two messages accepted")
    check(serve.summary["mtas"]["mx.campus.example"]["rejected"].get("5.7.1", 0) >= 1, "the refusal is counted")
    serve.check_no_secrets()

    with serving("02-open-relay.yaml") as serve:
        code, out = run(serve.addr(), "--to", "someone@victim2.example", "--pipeline")
        check(code == 0 and "queued as" in out, f"the open relay accepts: {out}")
    check(len(serve.live_events("accepted")) == 1, "one message accepted by the open relay")


def socket_states(pid):
    """The process's sockets: [(protocol, local port, remote address, state)] from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path(f"/proc/{pid}/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes:
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                found.append((table, local_port, fields[2], fields[3]))
                inodes.discard(fields[9])
    return found, inodes  # inodes left: unix sockets and the like (Asio's own)


def case_no_outbound():
    """Safety: even an open relay relays nothing to the real network. relaysim does not import
    connect() at all; under an LD_PRELOAD shim that aborts on connect/sendto/sendmsg-with-address
    serve runs unharmed while relaying; and its only TCP sockets are its listeners and inbound
    connections on them."""
    relaysim = ARGS.relaysim
    imports = subprocess.run(["nm", "-D", "--undefined-only", relaysim], capture_output=True, text=True)
    if imports.returncode == 0:
        names = {line.split()[-1].split("@")[0] for line in imports.stdout.splitlines() if line.strip()}
        check(not names & {"connect", "sendto", "sendmmsg", "getaddrinfo"}, f"relaysim imports {names & {'connect', 'sendto', 'sendmmsg', 'getaddrinfo'}}")
    scenario = str(Path(ARGS.source) / "scenarios" / "02-open-relay.yaml")
    for address in ("0.0.0.0:0", "[::]:0"):
        refused = subprocess.run([relaysim, "serve", scenario, "--listen", f"{address}=mx.campus.example"],
                                 capture_output=True, text=True, timeout=30)
        check(refused.returncode == 2 and "--allow-remote" in refused.stderr and refused.stdout == "",
              f"serve must refuse {address} without --allow-remote: {refused.returncode} {refused.stderr}")
    env = dict(os.environ)
    log = temporary_dir("relaysim-shim-") / "attempts"
    env["LD_PRELOAD"] = ARGS.shim
    env["RELAYSIM_NO_CONNECT_LOG"] = str(log)
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0").lstrip(":")
    with serving("02-open-relay.yaml", "--speed", "60", env=env) as serve:
        listening = {port for _, port in serve.ports.values()}
        clients = []
        for i in range(10):
            client = smtplib.SMTP(*serve.addr(), timeout=10)
            client.sendmail("me@student.example", [f"victim{i}@victim{i % 3 + 1}.example", "x@real-world.example"],
                            MESSAGE)
            clients.append(client)
            states, _ = socket_states(serve.proc.pid)
            for table, port, remote, state in states:
                # An outbound connection would have an ephemeral local port (and SYN_SENT, 02, at first).
                check(table.startswith("tcp") and port in listening and state != "02",
                      f"a socket that is neither a listener nor an inbound connection: {table} {port} {remote} {state}")
            check(sum(1 for s in states if s[3] == "0A") == len(listening), f"every listener is listening: {states}")
        for client in clients:
            client.quit()
        time.sleep(1)  # a minute simulated: the relay passes everything on (in the simulation)
    check(not log.exists(), f"outbound attempts: {log.read_text() if log.exists() else ''}")
    relayed = [e for e in serve.trace if e.get("event") == "rcpt" and e.get("from") == "mx.campus.example"
               and e.get("rcpt", "").startswith("victim")]
    check(len(relayed) >= 10, f"the open relay did relay (in the simulation): {len(relayed)}")


def dribble(c, data, interval):
    """Sends `data` a byte at a time, `interval` apart, until the server says something. Returns
    (its reply, seconds since the start, bytes sent); (None, ..) if it never spoke."""
    started = time.monotonic()
    sent = 0
    for byte in data.encode("latin-1"):
        if select.select([c.sock], [], [], 0)[0]:
            break
        try:
            c.sock.sendall(bytes([byte]))
        except OSError:
            break
        sent += 1
        time.sleep(interval)
    ready = select.select([c.sock], [], [], 10)[0]
    return (c.reply() if ready else None), time.monotonic() - started, sent


def case_deadlines():
    """RFC 5321 4.5.3.2: a client sending a byte every 0.2 s is dropped with 421 4.4.2 after --timeout
    although it never falls silent; so is one whose message content takes longer than --data-timeout,
    and one whose session, however busy, outlasts --session-deadline; a normal client is served meanwhile."""
    timeout_exceeded = "421 4.4.2 mx.campus.example Error: timeout exceeded"
    results = {}

    def slow_command():
        c = Raw(serve.addr())
        c.reply()
        line = "EHLO slow.example\r\n"
        results["command"] = dribble(c, line, 0.2) + (len(line),)
        results["command_eof"] = c.at_eof()
        c.close()

    def slow_data():
        c = Raw(serve.addr())
        c.reply()
        c.send("HELO c\r\nMAIL FROM:<me@student.example>\r\nRCPT TO:<slow@victim.example>\r\nDATA\r\n")
        c.replies(4)
        results["data"] = dribble(c, "line\n" * 100, 0.06)  # a line every 0.3 s, the content never ends
        c.close()

    def busy_session():
        c = Raw(serve.addr())
        started = time.monotonic()
        c.reply()
        replies = []
        while len(replies) < 40:
            c.send("NOOP\r\n")
            replies.append(c.reply())
            if not replies[-1].startswith("250"):
                break
            time.sleep(0.3)
        results["session"] = (replies[-1], time.monotonic() - started, len(replies))
        c.close()

    with serving(None, "--timeout", "1s", "--data-timeout", "2s", "--session-deadline", "4s",
                 scenario_text=limits_scenario()) as serve:
        threads = [threading.Thread(target=f) for f in (slow_command, slow_data, busy_session)]
        for t in threads:
            t.start()
        told = []
        for i in range(3):  # a normal client, on its own connections, while the others dribble
            with smtplib.SMTP(*serve.addr(), timeout=10) as client:
                client.ehlo("good.example")
                client.mail("me@student.example")
                client.rcpt(f"good{i}@victim.example")
                code, text = client.data(MESSAGE)
                check(code == 250, f"the normal client: {code} {text}")
                told.append(text.decode())
            time.sleep(0.5)
        for t in threads:
            t.join(30)
    reply, waited, sent, length = results["command"]
    check(reply == timeout_exceeded, f"a byte every 0.2 s: {reply!r}")
    check(0.8 <= waited <= 2.5 and sent < length, f"dropped after {waited:.1f} s, {sent} of {length} bytes sent")
    check(results["command_eof"], "closed after the 421")
    reply, waited, _ = results["data"]
    check(reply == timeout_exceeded, f"content that never ends: {reply!r}")
    check(1.8 <= waited <= 3.5, f"dropped {waited:.1f} s after the 354, not about 2 s (--data-timeout)")
    reply, waited, noops = results["session"]
    check(reply == timeout_exceeded and noops > 5, f"a busy session: {reply!r} after {noops} NOOPs")
    check(3.8 <= waited <= 5.5, f"a session dropped after {waited:.1f} s, not about 4 s (--session-deadline)")
    ham = serve.summary["messages"]["ham"]
    check(ham["submitted"] == 3 and ham["delivered"] == 3, f"only the normal client's messages: {ham}")
    check(sorted(queued_ids(told)) == sorted(e["msg"] for e in serve.live_events("accepted")), "its three messages")
    for why in ("command deadline", "DATA deadline", "session deadline", "3 timed out"):
        check(why in serve.stdout, f"the log says {why!r}")


def case_failed_bind():
    """A port that is taken: serve exits 1 saying which, and writes nothing, not even the output
    folder, also when the listeners before it were bound."""
    scenario = str(Path(ARGS.source) / "scenarios" / "02-open-relay.yaml")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        base = temporary_dir("relaysim-bind-")
        out, ports = base / "out", base / "ports"
        for listen in ([f"127.0.0.1:{port}=mx.campus.example"],
                       ["127.0.0.1:0=mx.campus.example", f"127.0.0.1:{port}=mx.victim1.example"]):
            flags = [arg for spec in listen for arg in ("--listen", spec)]
            result = subprocess.run([ARGS.relaysim, "serve", scenario, *flags, "--out", str(out),
                                     "--ports-file", str(ports)], capture_output=True, text=True, timeout=30)
            check(result.returncode == 1, f"exit {result.returncode}: {result.stderr}")
            check(f"cannot listen on 127.0.0.1:{port}" in result.stderr and "in use" in result.stderr,
                  f"the message names the port: {result.stderr!r}")
            check(result.stdout == "", f"nothing printed as if serving: {result.stdout!r}")
            check(not out.exists() and not ports.exists(), f"written on a failed start: {list(base.iterdir())}")


def transaction(client, sender, recipients):
    """MAIL, RCPT..., DATA with smtplib; returns the final reply's text when it is 250, else None."""
    client.mail(sender)
    accepted = [r for r in recipients if client.rcpt(r)[0] == 250]
    if not accepted:
        client.rset()
        return None
    code, text = client.data(MESSAGE)
    return text.decode() if code == 250 else None


def case_mailboxes():
    """serve --mailboxes: a real client's message reaches the Maildir as it was sent (its own header
    fields, its body, a dot-stuffed line restored, 8-bit text) under the headers each server added;
    after kill -9, relaysim recover writes it again from the journal."""
    import email.policy
    import mailbox
    sent = ("From: Alice <alice@campus.example>\r\nTo: Bob <bob@victim1.example>\r\n"
            "Subject: =?utf-8?q?Pr=C3=A1ctica_3?=\r\nMessage-ID: <lab3@student.example>\r\n"
            "X-Lab: yes\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\nHola, Bob.\r\n.oculta: una l\u00ednea con punto\r\n")

    def check_maildir(out, where):
        box = mailbox.Maildir(out / "maildir" / "bob@victim1.example", factory=None, create=False)
        mail = [email.message_from_bytes(box.get_bytes(k), policy=email.policy.default) for k in box.keys()]
        check(len(mail) == 1, f"{where}: one message for bob ({len(mail)})")
        if not mail:
            return
        m = mail[0]
        check(str(m["Subject"]) == "Práctica 3" and m["Message-ID"] == "<lab3@student.example>" and m["X-Lab"] == "yes",
              f"{where}: the client's own fields: {m['Subject']!r} {m['Message-ID']!r}")
        check(m.get_content() == "Hola, Bob.\n.oculta: una l\u00ednea con punto\n", f"{where}: body {m.get_content()!r}")
        received = [re.sub(r"\s+", " ", str(r)) for r in m.get_all("Received")]
        check(len(received) == 2 and received[1].startswith("from student.example (unknown [100.64.1.1]) by "
                                                            "mx.campus.example (Postfix) with ESMTPA"),
              f"{where}: the campus server took it from the client after AUTH: {received}")
        check(received[0].startswith("from mx.campus.example (mx.campus.example [192.0.2.10]) by mx.victim1.example"),
              f"{where}: then the victim's server from the campus server: {received}")
        check(m["Return-Path"] == "<alice@campus.example>" and m["Delivered-To"] == "bob@victim1.example",
              f"{where}: final delivery's fields")

    serve = Serve("03-authenticated.yaml", "--speed", "20", "--mailboxes", "maildir")
    try:
        with smtplib.SMTP(*serve.addr(), timeout=10) as client:
            client.ehlo("student.example")
            client.login(*ALICE)
            check(client.sendmail("alice@campus.example", ["bob@victim1.example"], sent.encode()) == {}, "sent")
        time.sleep(1.0)  # 20 simulated seconds: relayed and delivered
    except BaseException:
        serve.kill()
        raise
    serve.stop(signal.SIGTERM)
    check_maildir(serve.out_dir, "serve")

    killed = Serve("03-authenticated.yaml", "--speed", "20", "--mailboxes", "maildir")
    try:
        with smtplib.SMTP(*killed.addr(), timeout=10) as client:
            client.ehlo("student.example")
            client.login(*ALICE)
            client.sendmail("alice@campus.example", ["bob@victim1.example"], sent.encode())
        time.sleep(1.5)  # a clock line in the journal after the message: recover runs the world that far
        killed.proc.send_signal(signal.SIGKILL)
        killed.proc.wait(10)
    finally:
        killed.kill()
    result = subprocess.run([ARGS.relaysim, "recover", str(killed.out_dir)], capture_output=True, text=True, timeout=120)
    check(result.returncode == 0, f"recover: {result.stderr}")
    check_maildir(killed.out_dir, "recover")


def case_kill9_recover():
    """kill -9 serve: every message a client was told is queued is in the journal; serve will not start
    over it; relaysim recover writes complete outputs in which each appears exactly once, under the
    queue id its client was told; a torn last line is ignored with a warning; a bad journal is refused."""
    serve = Serve("03-authenticated.yaml", "--speed", "20")
    told = []

    def in_journal_already(replies):
        # The line is written before the fdatasync that the 250 waits for: it is in the file now.
        text = (serve.out_dir / "journal.jsonl").read_text()
        for i in told_queue_ids(replies):
            check(f'"queue_id":"{i}"' in text, f"told {i} before the journal had it")

    def send(client, sender, recipients):
        told.append(transaction(client, sender, recipients))
        in_journal_already([told[-1] or ""])

    try:
        with smtplib.SMTP(*serve.addr(), timeout=10) as client:
            client.ehlo("student.example")
            for i in range(3):
                send(client, f"visitor{i}@student.example", ["alice@campus.example"])
            # One recipient refused (554 5.7.1), one taken: the message is acknowledged.
            send(client, "me@student.example", ["someone@victim1.example", "alice@campus.example"])
            client.login(*ALICE)
            send(client, "alice@campus.example", ["bob@victim1.example", "carol@victim2.example"])
        with smtplib.SMTP(*serve.addr("mx.campus.example", "587"), timeout=10) as client:
            client.ehlo("student.example")
            client.login(*ALICE)
            for i in range(2):
                send(client, "alice@campus.example", [f"dave{i}@victim3.example"])
        pipelined = Raw(serve.addr())
        pipelined.reply()
        pipelined.send("EHLO student.example\r\n" + "".join(
            f"MAIL FROM:<p{i}@student.example>\r\nRCPT TO:<alice@campus.example>\r\nDATA\r\n{MESSAGE}.\r\n"
            for i in range(4)))
        queued = [r for r in pipelined.replies(1 + 16) if r.startswith("250 2.0.0 Ok: queued as")]
        in_journal_already(queued)
        told.extend(queued)
        # Told nothing: a message cut off in DATA by the kill.
        cut = Raw(serve.addr())
        cut.reply()
        cut.send("HELO cut\r\nMAIL FROM:<cut@student.example>\r\nRCPT TO:<alice@campus.example>\r\nDATA\r\n")
        cut.replies(4)
        check(None not in told and len(told) == 11, f"told: {told}")
        time.sleep(1.5)  # a clock line after the last message: the world had passed it on
        serve.proc.send_signal(signal.SIGKILL)
        serve.proc.wait(10)
    finally:
        serve.kill()
    out = serve.out_dir
    ids = told_queue_ids(told)
    check(not (out / "summary.json").exists(), "killed: no outputs")
    journalled = [j["queue_id"] for j in journal_lines(out) if j.get("kind") == "message"]
    check(sorted(journalled) == sorted(ids), f"the journal has what clients were told: {journalled} {ids}")

    scenario = str(Path(ARGS.source) / "scenarios" / "03-authenticated.yaml")
    again = subprocess.run([ARGS.relaysim, "serve", scenario, "--port", "0", "--out", str(out)],
                           capture_output=True, text=True, timeout=30)
    check(again.returncode == 2 and f"relaysim recover {out}" in again.stderr, f"serve over it: {again.stderr}")

    journal = out / "journal.jsonl"
    intact = journal.read_bytes()
    check(all(secret.encode() not in intact for secret in SECRETS), "a password in the journal")
    bad = out.parent / "bad"
    bad.mkdir()
    lines = intact.splitlines(keepends=True)
    (bad / "journal.jsonl").write_bytes(b"".join(lines[:2] + [b"{not json\n"] + lines[2:]))
    refused = subprocess.run([ARGS.relaysim, "recover", str(bad)], capture_output=True, text=True, timeout=60)
    check(refused.returncode == 2 and "journal.jsonl:3:" in refused.stderr, f"a bad journal: {refused.stderr}")
    check(not (bad / "summary.json").exists(), "nothing written from a bad journal")

    with open(journal, "ab") as f:
        f.write(b'{"kind": "message", "t_us": 99')  # a write the kill cut off
    started = time.monotonic()
    result = subprocess.run([ARGS.relaysim, "recover", str(out)], capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - started
    check(result.returncode == 0, f"recover exited with {result.returncode}: {result.stderr}")
    check("torn last line" in result.stderr, f"the torn line is reported: {result.stderr!r}")
    print(f"recover: {len(ids)} messages taken again in {elapsed:.2f} s")

    summary = json.loads((out / "summary.json").read_text())
    trace_text = (out / "trace.jsonl").read_text()
    trace = [json.loads(line) for line in trace_text.splitlines()]
    live = [e for e in trace if e.get("event") == "accepted" and e.get("from") == "live-client"]
    check(sorted(e["queue_id"] for e in live) == sorted(ids), f"each told id once: {[e['queue_id'] for e in live]}")
    check(len(set(ids)) == len(ids), "no queue id told twice")
    for name, c in summary["messages"].items():
        check(c["submitted"] == c["delivered"] + c["rejected"] + c["bounced"] + c["queued"], f"{name}: {c}")
    live_msgs = {e["msg"] for e in live}
    copies = [e for e in trace if e.get("msg") in live_msgs and e.get("event") in ("delivered", "rejected", "bounced", "queued")]
    submitted = {e["msg"]: e["recipients"] for e in trace if e.get("event") == "submitted" and e["msg"] in live_msgs}
    check(len(copies) == sum(submitted.values()) == 13, f"every copy of theirs has one fate: {len(copies)} {submitted}")
    check(sum(1 for e in copies if e["event"] == "rejected") == 1, "the refused recipient is a rejected copy")
    check(sum(1 for e in copies if e["event"] == "delivered") == 12, f"the world passed the rest on: {copies}")
    transcripts = "".join(p.read_text() for p in (out / "transcripts").glob("*.txt"))
    check(all(f"queued as {i}" in transcripts for i in ids), "each transcript shows the id its client was told")
    ending = journal_lines(out)[-1]
    check(ending["kind"] == "recovered", f"the journal says it was recovered: {ending}")

    nothing = subprocess.run([ARGS.relaysim, "recover", str(out)], capture_output=True, text=True, timeout=60)
    check(nothing.returncode == 0 and "nothing to recover" in nothing.stdout, f"recover twice: {nothing.stdout}")
    again = subprocess.run([ARGS.relaysim, "recover", "--force", str(out)], capture_output=True, text=True, timeout=120)
    check(again.returncode == 0 and (out / "trace.jsonl").read_text() == trace_text,
          "recover is deterministic: the same trace again")
    with serving("03-authenticated.yaml", out_dir=out) as reused:  # the folder may be served again
        pass
    check(reused.summary["messages"]["ham"]["submitted"] == 0, "a new serve starts afresh")


def find_smtp_source():
    candidates = [os.environ.get("RELAYSIM_SMTP_SOURCE", ""),
                  str(Path(ARGS.source) / "build" / "postfix-tools" / "usr" / "sbin" / "smtp-source"),
                  "/usr/sbin/smtp-source"]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    raise MissingClient("Postfix's smtp-source not found: scripts/install-deps unpacks it into build/postfix-tools")


def case_load():
    """smtp-source sends 20,000 messages over 200 concurrent sessions; after SIGINT every message
    it was told was accepted is in the outputs, none twice."""
    smtp_source = find_smtp_source()
    messages, sessions = ARGS.messages, ARGS.sessions
    env = dict(os.environ)
    libs = str(Path(smtp_source).parent.parent / "lib" / "postfix")
    env["LD_LIBRARY_PATH"] = libs + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    with serving(None, "--quiet", "--live-transcripts", "10",
                 scenario_text=limits_scenario(max_sessions=sessions + 50, size_limit="10MB")) as serve:
        log = serve.dir / "smtp-source.log"
        host, port = serve.addr()
        started = time.monotonic()
        with open(log, "wb") as out:
            result = subprocess.run([smtp_source, "-v", "-s", str(sessions), "-m", str(messages),
                                     "-f", "me@student.example", "-t", "someone@victim.example", f"{host}:{port}"],
                                    stdout=out, stderr=subprocess.STDOUT, env=env, timeout=300)
        elapsed = time.monotonic() - started
        check(result.returncode == 0, f"smtp-source exited with {result.returncode}: {log.read_text()[-2000:]}")
    told = [line.split("<<< ", 1)[1] for line in log.read_text(errors="replace").splitlines()
            if "<<< 250 2.0.0 Ok: queued as" in line]
    ids = queued_ids(told)
    accepted = serve.live_events("accepted")
    in_trace = [e["msg"] for e in accepted]
    print(f"smtp-source: {len(told)} messages accepted in {elapsed:.1f} s over {sessions} concurrent sessions "
          f"({len(told) / elapsed:.0f} messages/s)")
    check(len(told) == messages, f"smtp-source was told {len(told)} messages were accepted, not {messages}")
    check(len(set(ids)) == len(ids), "no queue id twice")
    check(len(set(in_trace)) == len(in_trace), "no message accepted twice in the trace")
    check(sorted(in_trace) == sorted(ids), "the trace has exactly the messages smtp-source was told were accepted")
    campus = serve.summary["mtas"]["mx.campus.example"]
    ham = serve.summary["messages"]["ham"]
    check(campus["accepted"] == messages, f"summary.json: {campus}")
    check(ham["submitted"] == messages and ham["rejected"] == 0, f"summary.json: {ham}")
    check(ham["submitted"] == ham["delivered"] + ham["rejected"] + ham["bounced"] + ham["queued"], "the totals add up")


CASES = {name[5:]: f for name, f in globals().items() if name.startswith("case_")}


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--relaysim", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--shim", default="")
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("case", choices=sorted(CASES))
    ARGS = parser.parse_args()
    started = time.monotonic()
    try:
        CASES[ARGS.case]()
    except MissingClient as e:
        print(f"FAILED {ARGS.case}: {e}")
        return 1
    except BaseException:
        print(f"FAILED {ARGS.case}; its files are kept in: {' '.join(str(p) for p in TEMPORARY)}")
        raise
    for path in TEMPORARY:
        shutil.rmtree(path, ignore_errors=True)
    print(f"passed {ARGS.case} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""A differential test: the same SMTP dialogues against a real Postfix and against `relaysim serve`.

    tests/postfix/postfix_diff.py [--relaysim BINARY] [--targets open,closed,...] [--dialogues REGEX]
                                  [--report-only] [--keep-running] [--list] [--no-install]
                                  [--work-dir DIR --base-port PORT]

It installs Debian's postfix (no system-wide configuration) and Cyrus SASL's sasldb tools when
they are missing, starts one private Postfix instance per relay preset under build/postfix-diff/ (or --work-dir)
(loopback only, discard transports, no DNS: nothing is ever delivered or sent out), starts
`relaysim serve` on a matching scenario from tests/postfix/scenarios/, plays every dialogue of
battery.py on a fresh connection to each, and compares each step: reply code, enhanced status
code, accept/refuse decision and text (after normalising the queue id). Text differences pass
only when they are on ALLOWED_TEXT_DIFFERENCES below, each with its reason.

Prints each dialogue's result (a mismatch with the dialogue and both servers' replies), a totals
line, and writes report.json in that folder. Exit status: 0 all steps agree, 1 some step
differs (0 anyway with --report-only), 2 the servers could not be set up.
"""

import argparse
import collections
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import battery  # noqa: E402
from battery import Early, Raw, Silence  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
DEFAULT_WORK = SOURCE / "build" / "postfix-diff"  # --work-dir: instance folders, outputs, report

HOST = battery.HOST          # myhostname, and the relaysim MTA's name
DOMAIN = battery.DOMAIN
SIM_IP = battery.IP          # the MTA's simulated address; Postfix's proxy_interfaces
SASL_USERS = {battery.LOGIN: battery.PASSWORD}  # the scenarios' sasl_users (the export names the logins only)
SMTPD_TIMEOUT = 10           # seconds, both sides: Postfix smtpd_timeout, relaysim --timeout

# Text differences that are accepted (the code and the enhanced status code must still agree).
# Each: the normalised Postfix reply and relaysim's reply, as regular expressions over the whole
# reply (lines joined with \n), and why the difference does not matter.
ALLOWED_TEXT_DIFFERENCES = [
    {
        "id": "banner-mail-name",
        "postfix": r"220 mx\.campus\.example ESMTP Postfix",
        "relaysim": r"220 mx\.campus\.example ESMTP relaysim",
        "reason": "smtpd_banner is $myhostname ESMTP $mail_name: $mail_name is the product's name, and "
                  "relaysim says it is relaysim (a Postfix with another mail_name would too)",
    },
]


# ---- the targets: one Postfix configuration and one relaysim listener each ------------------------

class Target:
    def __init__(self, name, scenario, submission=False, client_ip=None, of=None, what=""):
        self.name = name
        self.scenario = scenario              # tests/postfix/scenarios/<scenario>
        self.submission = submission          # the submission service of instance `of`
        # relaysim --client-ip; the Postfix client is always 127.0.0.1, so a client_ip inside the
        # MTA's mynetworks puts 127.0.0.1/32 into the Postfix instance's mynetworks too.
        self.client_ip = client_ip
        self.of = of or name                  # the Postfix instance (a submission target shares one)
        self.what = what
        self.postfix_port = None
        self.relaysim_port = None


# Each instance's policy is what `relaysim postfix-config SCENARIO mx.campus.example` prints for
# the scenario's MTA: the test proves the export and the engine at once.
TARGETS = [
    Target("open", "open.yaml",
           what="an open relay (policy: open): Postfix through a mynetworks that covers every client"),
    Target("mynetworks", "mynetworks.yaml", what="relays for its own network only; the client is outside it"),
    Target("mynetworks-trusted", "mynetworks.yaml", client_ip=SIM_IP,
           what="the same MTA, with the client inside mynetworks (relaysim: --client-ip 192.0.2.10, the MTA's "
                "own address; Postfix: 127.0.0.1/32 added to the exported mynetworks)"),
    Target("authenticated", "authenticated.yaml", what="relays for its network and for clients that log in"),
    Target("submission", "authenticated.yaml", submission=True, of="authenticated",
           what="the authenticated MTA's submission service, as the export writes it into master.cf; "
                "relaysim: the MTA's /submission listener"),
    Target("closed", "closed.yaml", what="relays for nobody; no AUTH"),
]
INSTANCES = [t for t in TARGETS if not t.submission]

# What makes a private instance a sandbox rather than the MTA: its own folders, loopback only, no
# DNS, and nothing ever delivered or sent (every transport is discard, master.cf has no
# smtp/lmtp/local/pipe client). None of these is a policy parameter the export writes.
def sandbox_main_cf(d, etc):
    return {
        "config_directory": str(etc),
        "queue_directory": str(d / "queue"),
        "data_directory": str(d / "data"),
        "mail_owner": "postfix",
        "setgid_group": "postdrop",
        "maillog_file": str(d / "maillog"),
        "maillog_file_prefixes": str(d),
        "mydomain": DOMAIN,
        "myorigin": "$myhostname",
        "inet_interfaces": "127.0.0.1",
        "inet_protocols": "ipv4",
        "alias_maps": "",
        "alias_database": "",
        "default_transport": "discard",
        "relay_transport": "discard",
        "local_transport": "discard",
        "virtual_transport": "discard",
        "smtp_dns_support_level": "disabled",
        "lmtp_dns_support_level": "disabled",
        "disable_dns_lookups": "yes",
        "smtpd_timeout": f"{SMTPD_TIMEOUT}s",
        "biff": "no",
        "readme_directory": "no",
        "smtpd_sasl_type": "cyrus",
        "smtpd_sasl_path": "smtpd",
        # Debian's smtpd looks for $config_directory/sasl/smtpd.conf (strace shows it
        # ignoring other places); cyrus_sasl_config_path names the same folder.
        "cyrus_sasl_config_path": str(etc / "sasl"),
    }


# Postfix's daemons beside smtpd, none of which delivers or sends mail.
INTERNAL_SERVICES = [
    "cleanup   unix  n       -       n       -       0       cleanup",
    "qmgr      unix  n       -       n       300     1       qmgr",
    "rewrite   unix  -       -       n       -       -       trivial-rewrite",
    "bounce    unix  -       -       n       -       0       bounce",
    "defer     unix  -       -       n       -       0       bounce",
    "trace     unix  -       -       n       -       0       bounce",
    "verify    unix  -       -       n       -       1       verify",
    "flush     unix  n       -       n       1000?   0       flush",
    "proxymap  unix  -       -       n       -       -       proxymap",
    "showq     unix  n       -       n       -       -       showq",
    "error     unix  -       -       n       -       -       error",
    "retry     unix  -       -       n       -       -       error",
    "discard   unix  -       -       n       -       -       discard",
    "anvil     unix  -       -       n       -       1       anvil",
    "scache    unix  -       -       n       -       1       scache",
    "postlog   unix-dgram n  -       n       -       1       postlogd",
]


class PostfixExport:
    """`relaysim postfix-config SCENARIO mx.campus.example`: main.cf parameters, master.cf lines
    and the SASL logins it names."""

    def __init__(self, binary, scenario):
        self.command = [binary, "postfix-config", str(scenario), HOST]
        self.text = run(self.command).stdout
        self.main, self.master, self.sasl_logins = {}, [], []
        section = None
        for line in self.text.splitlines():
            if line in ("# main.cf", "# master.cf"):
                section = line[2:]
            elif line.startswith("# SASL accounts"):
                self.sasl_logins = [u.strip() for u in line.split(":", 1)[1].split(";")[0].split(",")]
            elif line.startswith("#") or not line.strip():
                continue
            elif section == "main.cf":
                key, _, value = line.partition("=")
                self.main[key.strip()] = value.strip()
            elif section == "master.cf":
                self.master.append(line)
            else:
                raise SetupError(f"{' '.join(self.command)}: a line outside main.cf and master.cf: {line}")
        if not self.main or not self.master:
            raise SetupError(f"{' '.join(self.command)} printed no main.cf or no master.cf:\n{self.text}")
        unknown = set(self.sasl_logins) - set(SASL_USERS)
        if unknown:
            raise SetupError(f"the export names SASL logins the harness has no password for: {sorted(unknown)}")

    def services(self):
        """The master.cf service names (first word of each entry)."""
        return [line.split()[0] for line in self.master if not line[0].isspace()]


def log(*args):
    print(*args, flush=True)


def run(command, check=True, **kwargs):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    if check and result.returncode != 0:
        raise SetupError(f"{' '.join(map(str, command))} exited with {result.returncode}:\n{result.stdout}")
    return result


class SetupError(Exception):
    pass


# ---- installing ---------------------------------------------------------------------------------

SASL_PLUGINS = Path("/usr/lib/x86_64-linux-gnu/sasl2")


def missing_packages():
    missing = []
    if not Path("/usr/sbin/postfix").exists():
        missing.append("postfix")
    if not Path("/usr/sbin/saslpasswd2").exists():
        missing.append("sasl2-bin")
    if not list(SASL_PLUGINS.glob("libplain.so*")) or not list(SASL_PLUGINS.glob("liblogin.so*")):
        missing.append("libsasl2-modules")
    if not list(SASL_PLUGINS.glob("libsasldb.so*")):
        missing.append("libsasl2-modules-db")
    return missing


def install():
    missing = missing_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        raise SetupError(f"missing packages {missing}: run as root, or install them by hand")
    log(f"installing {' '.join(missing)} (Debian packages; Postfix with 'No configuration')")
    # "No configuration": the package writes no /etc/postfix/main.cf, so the system instance
    # cannot start; a policy-rc.d that says no keeps the maintainer scripts from starting services.
    subprocess.run(["debconf-set-selections"], input="postfix postfix/main_mailer_type select No configuration\n",
                   text=True, check=True)
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = False
    if not policy.exists():
        policy.write_text("#!/bin/sh\n# postfix_diff.py: no service starts while it installs packages\nexit 101\n")
        policy.chmod(0o755)
        made_policy = True
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        command = ["apt-get", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=600", *missing]
        if run(command, check=False, env=env).returncode != 0:
            run(["apt-get", "update", "-q"], env=env)
            run(command, env=env)
    finally:
        if made_policy:
            policy.unlink()
    if missing_packages():
        raise SetupError(f"still missing after apt-get install: {missing_packages()}")


def stop_system_postfix():
    """The system instance (/etc/postfix) must not run: nothing here wants it, and with
    'No configuration' it has no main.cf. Stop it should something have started it."""
    if not Path("/etc/postfix/main.cf").exists():
        return
    if run(["postfix", "status"], check=False).returncode == 0:
        log("the system Postfix instance is running: stopping it (postfix stop)")
        run(["postfix", "stop"], check=False)


# ---- one private Postfix instance ---------------------------------------------------------------

def free_port(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


class PostfixInstance:
    def __init__(self, target, export, port, submission_port, work):
        self.target = target
        self.export = export
        self.dir = work / target.name
        self.etc = self.dir / "etc"
        self.port = port
        self.submission_port = submission_port

    def postfix(self, *args, check=True):
        return run(["postfix", "-c", str(self.etc), *args], check=check)

    def running(self):
        return self.etc.exists() and self.postfix("status", check=False).returncode == 0

    def stop(self):
        if self.running():
            self.postfix("stop", check=False)
            deadline = time.monotonic() + 15
            while self.running() and time.monotonic() < deadline:
                time.sleep(0.2)

    def main_cf(self):
        sandbox = sandbox_main_cf(self.dir, self.etc)
        clash = sorted(set(sandbox) & set(self.export.main))
        if clash:
            raise SetupError(f"the export sets what the sandbox must own: {clash}")
        policy = dict(self.export.main)
        if any(t.client_ip for t in TARGETS if t.of == self.target.name):
            policy["mynetworks"] = (policy.get("mynetworks", "") + ", 127.0.0.1/32").lstrip(", ")
        lines = {**policy, **sandbox}
        return "".join(f"{k} = {v}\n" for k, v in lines.items())

    def master_cf(self):
        # The export's services, each listening on its loopback port instead of its name.
        ports = {"smtp": self.port, "submission": self.submission_port}
        services = []
        for line in self.export.master:
            name = line.split()[0] if not line[0].isspace() else None
            if name is not None:
                if not ports.get(name):
                    raise SetupError(f"the export has a service {name!r} the harness has no port for")
                line = f"127.0.0.1:{ports[name]}" + line[len(name):]
            services.append(line)
        missing = [n for n, p in ports.items() if p and n not in self.export.services()]
        if missing:
            raise SetupError(f"the export has no {missing} service for target {self.target.name}")
        return ("# postfix_diff.py: the services of relaysim postfix-config, on loopback ports; nothing here\n"
                "# delivers or sends mail (discard only)\n" + "\n".join(services + INTERNAL_SERVICES) + "\n")

    def create(self):
        self.stop()
        if self.dir.exists():
            shutil.rmtree(self.dir)
        for sub in ("etc", "etc/sasl", "queue"):
            (self.dir / sub).mkdir(parents=True)
        (self.dir / "data").mkdir()
        shutil.chown(self.dir / "data", "postfix", "postfix")
        (self.etc / "main.cf").write_text(self.main_cf())
        (self.etc / "master.cf").write_text(self.master_cf())
        # Cyrus SASL: sasldb with the scenario's accounts, realm $myhostname (Postfix passes
        # myhostname as the server FQDN and no user realm, so Cyrus uses that).
        sasl = self.etc / "sasl"
        db = sasl / "sasldb2"
        (sasl / "smtpd.conf").write_text(
            f"pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: {db}\n")
        for user in self.export.sasl_logins:
            password = SASL_USERS[user]
            subprocess.run(["saslpasswd2", "-f", str(db), "-c", "-p", "-u", HOST, user], input=password + "\n",
                           text=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if db.exists():
            shutil.chown(db, "root", "postfix")
            db.chmod(0o640)
        self.postfix("check")

    def start(self):
        self.postfix("start")
        for port in filter(None, (self.port, self.submission_port)):
            wait_listening(port, f"Postfix {self.target.name}", self.dir / "maillog")

    def maillog_tail(self, n=30):
        path = self.dir / "maillog"
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:]) if path.exists() else ""


def wait_listening(port, what, logfile=None, proc=None, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.settimeout(5)
                s.recv(1)  # the first octet of the greeting
                s.sendall(b"QUIT\r\n")
            return
        except OSError:
            time.sleep(0.2)
    tail = Path(logfile).read_text(errors="replace")[-3000:] if logfile and Path(logfile).exists() else ""
    raise SetupError(f"{what} is not answering on 127.0.0.1:{port}\n{tail}")


# ---- relaysim serve -----------------------------------------------------------------------------

def find_relaysim(explicit):
    candidates = [explicit] if explicit else [SOURCE / "build/src/cli/relaysim", SOURCE / "build-pf/src/cli/relaysim"]
    for c in candidates:
        if c and Path(c).exists() and run([str(c), "--version"], check=False).returncode == 0:
            return str(c)
    raise SetupError(f"no working relaysim among {candidates}: build one with\n"
                     "  cmake -S . -B build-pf -G Ninja -DRELAYSIM_TESTS=OFF -DRELAYSIM_BENCH=OFF && "
                     "cmake --build build-pf --target relaysim")


class RelaysimServe:
    def __init__(self, binary, scenario, listeners, client_ip, name, work):
        """listeners: [(port, target)] served by one `relaysim serve` of `scenario`."""
        self.dir = work / f"relaysim-{name}"
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        command = [binary, "serve", str(HERE / "scenarios" / scenario), "--out", str(self.dir / "out"),
                   "--timeout", f"{SMTPD_TIMEOUT}s", "--quiet", "--no-trace", "--live-transcripts", "0"]
        for port, target in listeners:
            command += ["--listen", f"127.0.0.1:{port}={HOST}" + ("/submission" if target.submission else "")]
        if client_ip:
            command += ["--client-ip", client_ip]
        self.command = command
        self.stdout = self.dir / "stdout"
        with open(self.stdout, "wb") as out:
            self.proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        for port, target in listeners:
            wait_listening(port, f"relaysim serve {scenario}", self.stdout, self.proc)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---- playing a dialogue -------------------------------------------------------------------------

NO_REPLY = "(no reply)"
CLOSED = "(connection closed)"


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buffer = b""
        self.closed = False

    def send(self, data):
        if self.closed:
            return False
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            self.closed = True
            return False

    def _line(self, deadline):
        while b"\n" not in self.buffer:
            if self.closed:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                return NO_REPLY
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return NO_REPLY
            except OSError:
                chunk = b""
            if not chunk:
                self.closed = True
                if self.buffer:  # a last line without its line end
                    line, self.buffer = self.buffer, b""
                    return line.decode("utf-8", errors="backslashreplace") + " (no CRLF)"
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        # UTF-8 where it is (SMTPUTF8 replies echo addresses); other octets as \xNN.
        text = line.decode("utf-8", errors="backslashreplace")
        return text[:-1] if text.endswith("\r") else text + " (bare LF)"

    def reply(self, timeout):
        """One reply as a list of lines; [NO_REPLY] or [CLOSED] when there is none."""
        deadline = time.monotonic() + timeout
        lines = []
        while True:
            line = self._line(deadline)
            if line is None:
                return lines or [CLOSED]
            if line == NO_REPLY:
                return lines + [NO_REPLY] if lines else [NO_REPLY]
            lines.append(line)
            if not (len(line) > 3 and line[3] == "-"):
                return lines

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def play(port, dialogue, reply_timeout):
    """Runs the dialogue; returns [(label, [reply, ...])] with one entry per step (step 0: the
    greeting) and a last entry for whatever came after the last step."""
    out = []
    try:
        conn = Conn(port)
    except OSError as e:
        return [("(connect)", [[f"(cannot connect: {e})"]])]
    try:
        steps = list(dialogue.steps)
        early = steps.pop(0) if steps and isinstance(steps[0], Early) else None
        if early:
            conn.send(early.data)
        out.append(("(connect)", [conn.reply(reply_timeout)]))
        if early:
            out.append((label_of(early.data), [conn.reply(reply_timeout) for _ in range(early.replies)]))
        for step in steps:
            if isinstance(step, Silence):
                replies = [conn.reply(step.seconds) for _ in range(step.replies)]
                out.append((f"(silence {step.seconds} s)", replies))
                continue
            label = step.label or label_of(step.data)
            if not conn.send(step.data):
                out.append((label, [[CLOSED]] * max(step.replies, 1)))
                continue
            timeout = step.timeout or reply_timeout
            replies = []
            for _ in range(step.replies):
                r = conn.reply(timeout)
                replies.append(r)
                if r == [CLOSED]:
                    break
            replies += [[CLOSED]] * (step.replies - len(replies))
            out.append((label, replies))
        # Whatever else the server says before it closes (after QUIT it must close).
        extra = []
        while True:
            r = conn.reply(1.5)
            if r in ([NO_REPLY], [CLOSED]):
                extra.append(r[0] if r == [CLOSED] else "(still open)")
                break
            extra.append("\n".join(r))
            if len(extra) > 50:
                break
        out.append(("(after the last step)", [extra]))
    finally:
        conn.close()
    return out


def label_of(data):
    """A readable rendering of bytes sent: CR LF NUL and 8-bit shown, long runs shortened."""
    text = data.decode("latin-1")
    text = re.sub(r"(.)\1{19,}", lambda m: f"{{{len(m.group(0))} x {m.group(1)!r}}}", text)
    shown = []
    lines = re.split(r"(?<=\r\n)", text)
    for line in lines:
        if not line:
            continue
        body = line[:-2] if line.endswith("\r\n") else line
        body = (body.replace("\r", "<CR>").replace("\n", "<LF>").replace("\0", "<NUL>").replace("\t", "<TAB>"))
        body = "".join(c if 32 <= ord(c) < 127 or c in "{}" else f"<{ord(c):02X}>" for c in body)
        shown.append(body + ("" if line.endswith("\r\n") else " (no CRLF)"))
    if len(shown) > 12 and len(set(shown)) > 3:
        shown = shown[:5] + [f"... ({len(shown) - 10} more lines)"] + shown[-5:]
    return " / ".join(shown) if len(shown) > 1 else (shown[0] if shown else "(nothing)")


# ---- comparing ----------------------------------------------------------------------------------

STATUS = re.compile(r"^[245]\.\d{1,3}\.\d{1,3}(?= |$)")


def normalise(lines):
    text = "\n".join(lines)
    text = re.sub(r"queued as [0-9A-Za-z]+", "queued as QUEUEID", text)
    return text


def facts(lines):
    first = lines[0] if lines else ""
    code = int(first[:3]) if re.match(r"^\d{3}(?:[ -]|$)", first) else None
    status = None
    if code is not None:
        m = STATUS.match(first[4:])
        status = m.group(0) if m else None
    decision = None if code is None else ("accept" if code < 400 else "refuse")
    return {"code": code, "status": status, "decision": decision, "text": normalise(lines)}


def allowed(pf_text, rs_text):
    for entry in ALLOWED_TEXT_DIFFERENCES:
        if re.fullmatch(entry["postfix"], pf_text, re.S) and re.fullmatch(entry["relaysim"], rs_text, re.S):
            return entry["id"]
    return None


def compare(pf_steps, rs_steps):
    """[{send, postfix, relaysim, differs: [...], allowed}] per reply, in order."""
    rows = []
    for i in range(max(len(pf_steps), len(rs_steps))):
        pf_label, pf_replies = pf_steps[i] if i < len(pf_steps) else ("(missing)", [])
        rs_label, rs_replies = rs_steps[i] if i < len(rs_steps) else ("(missing)", [])
        label = pf_label if i < len(pf_steps) else rs_label
        if label == "(after the last step)":
            pf_extra = pf_replies[0] if pf_replies else []
            rs_extra = rs_replies[0] if rs_replies else []
            row = {"send": label, "postfix": pf_extra, "relaysim": rs_extra, "differs": [], "allowed": None}
            if [normalise([x]) for x in pf_extra] != [normalise([x]) for x in rs_extra]:
                row["differs"] = ["after"]
            rows.append(row)
            continue
        for j in range(max(len(pf_replies), len(rs_replies))):
            pf = pf_replies[j] if j < len(pf_replies) else ["(missing)"]
            rs = rs_replies[j] if j < len(rs_replies) else ["(missing)"]
            fp, fr = facts(pf), facts(rs)
            differs = [k for k in ("code", "status", "decision", "text") if fp[k] != fr[k]]
            row = {"send": reply_label(label, j, max(len(pf_replies), len(rs_replies))), "postfix": pf, "relaysim": rs,
                   "postfix_facts": fp, "relaysim_facts": fr, "differs": differs, "allowed": None}
            if differs == ["text"]:
                row["allowed"] = allowed(fp["text"], fr["text"])
                if row["allowed"]:
                    row["differs"] = []
            rows.append(row)
    return rows


def self_test():
    """The comparison itself: it must flag what differs and pass only the reviewed list."""
    def verdict(pf, rs, label="RCPT TO:<a@b.example>"):
        rows = compare([(label, [pf])], [(label, [rs])])
        return rows[0]["differs"], rows[0]["allowed"]

    checks = [
        (verdict(["250 2.1.5 Ok"], ["250 2.1.5 Ok"]), ([], None)),
        (verdict(["250 2.1.5 Ok"], ["554 5.7.1 <a@b.example>: Relay access denied"]),
         (["code", "status", "decision", "text"], None)),
        (verdict(["550 5.1.1 x"], ["550 5.1.2 x"]), (["status", "text"], None)),
        (verdict(["501 5.5.4 Syntax: MAIL FROM:<address>"], ["501 5.5.4 Syntax: MAIL FROM: <address>"]), (["text"], None)),
        (verdict(["250 2.0.0 Ok: queued as 4XyZ"], ["250 2.0.0 Ok: queued as A1B2C3"]), ([], None)),
        (verdict(["220 mx.campus.example ESMTP Postfix"], ["220 mx.campus.example ESMTP relaysim"], "(connect)"),
         ([], "banner-mail-name")),
        (verdict(["220 mx.campus.example ESMTP Postfix"], ["220 mx.campus.example ESMTP Sendmail"], "(connect)"),
         (["text"], None)),
        (verdict(["250-a", "250 b"], ["250-a", "250 c"]), (["text"], None)),
        (verdict(["221 2.0.0 Bye"], ["(missing)"]), (["code", "status", "decision", "text"], None)),
    ]
    failed = [(got, want) for got, want in checks if got != want]
    for got, want in failed:
        log(f"self-test: got {got}, want {want}")
    log(f"postfix_diff self-test: {len(checks) - len(failed)} of {len(checks)} comparisons as expected")
    return 1 if failed else 0


def reply_label(label, j, n):
    """The j-th reply of a write: labelled with its own command when the write is n commands."""
    parts = label.split(" / ")
    if n > 1 and len(parts) == n:
        return parts[j] if j == 0 else f"  ...{parts[j]}"
    return label if j == 0 else f"  (reply {j + 1} of that write)"


def show_reply(lines):
    return " | ".join(lines) if isinstance(lines, list) else str(lines)


def print_dialogue(target, dialogue, rows):
    log(f"MISMATCH {target.name}/{dialogue.id}: {dialogue.what}")
    for row in rows:
        mark = "!!" if row["differs"] else "  "
        log(f" {mark} C: {row['send']}")
        if row["differs"]:
            log(f"       postfix : {show_reply(row['postfix'])}")
            log(f"       relaysim: {show_reply(row['relaysim'])}   [differs: {', '.join(row['differs'])}]")
        else:
            log(f"       both    : {show_reply(row['postfix'])}"
                + (f"   [allowed: {row['allowed']}]" if row["allowed"] else ""))


def signature(row):
    """What kind of difference a step shows: the command's verb and both normalised replies."""
    verb = row["send"].strip().lstrip(".").split(" ")[0].split(":")[0][:16]
    return (verb, normalise(row["postfix"]) if isinstance(row["postfix"], list) else str(row["postfix"]),
            normalise(row["relaysim"]) if isinstance(row["relaysim"], list) else str(row["relaysim"]))


# ---- main ---------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--relaysim", help="the relaysim binary (default: build/src/cli/relaysim, then build-pf/)")
    parser.add_argument("--targets", help="comma-separated targets (default: all): " + ",".join(t.name for t in TARGETS))
    parser.add_argument("--dialogues", help="only dialogues whose id matches this regular expression")
    parser.add_argument("--group", help="only dialogues of this group (relay, sender, esmtp, sequence, auth, ...)")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when replies differ")
    parser.add_argument("--keep-running", action="store_true",
                        help="leave the servers running after the battery (until Ctrl-C), to explore by hand")
    parser.add_argument("--list", action="store_true", help="list the dialogues and exit")
    parser.add_argument("--self-test", action="store_true",
                        help="check the comparison on made-up replies (no servers) and exit")
    parser.add_argument("--no-install", action="store_true", help="do not install missing packages")
    parser.add_argument("--base-port", type=int, default=24500, help="first of the loopback ports used (default 24500)")
    parser.add_argument("--reply-timeout", type=float, default=3.0, help="seconds to wait for each reply (default 3)")
    parser.add_argument("--quiet", action="store_true", help="print mismatches and totals only")
    parser.add_argument("--work-dir", default=str(DEFAULT_WORK),
                        help="folder for the Postfix instances, relaysim's outputs and the report (default build/postfix-diff); "
                             "two runs at once need two folders and two --base-port ranges")
    parser.add_argument("--report", help="the JSON report (default WORK_DIR/report.json)")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    work = Path(args.work_dir).resolve()
    if not args.report:
        args.report = str(work / "report.json")

    dialogues = battery.BATTERY
    if args.dialogues:
        dialogues = [d for d in dialogues if re.search(args.dialogues, d.id)]
    if args.group:
        dialogues = [d for d in dialogues if d.group == args.group]
    targets = TARGETS
    if args.targets:
        names = args.targets.split(",")
        unknown = set(names) - {t.name for t in TARGETS}
        if unknown:
            parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
        targets = [t for t in TARGETS if t.name in names]
    if args.list:
        for d in dialogues:
            log(f"{d.id:40} {d.group:11} {d.what}" + (f"  [only {','.join(sorted(d.only))}]" if d.only else ""))
        log(f"{len(dialogues)} dialogues")
        return 0

    instances, serves = {}, []
    try:
        if not args.no_install:
            install()
        stop_system_postfix()
        binary = find_relaysim(args.relaysim)
        version = run(["postconf", "-d", "-h", "mail_version"]).stdout.strip()
        relaysim_version = run([binary, "--version"]).stdout.strip()
        work.mkdir(parents=True, exist_ok=True)
        port = args.base_port
        ports_needed = {}
        for t in TARGETS:
            t.postfix_port, t.relaysim_port = port, port + 1
            port += 2
        for t in TARGETS:
            for p in (t.postfix_port, t.relaysim_port):
                ports_needed[p] = t.name
        # Instances left over from an earlier run are stopped first (their ports are ours).
        for t in INSTANCES:
            PostfixInstance(t, None, 0, 0, work).stop()
        busy = [p for p in ports_needed if not free_port(p)]
        if busy:
            raise SetupError(f"ports in use: {busy}; choose others with --base-port")
        wanted_instances = {t.of for t in targets}
        for t in INSTANCES:
            if t.name not in wanted_instances:
                continue
            sub = next((s for s in TARGETS if s.submission and s.of == t.name), None)
            export = PostfixExport(binary, HERE / "scenarios" / t.scenario)
            inst = PostfixInstance(t, export, t.postfix_port, sub.postfix_port if sub else None, work)
            inst.create()
            inst.start()
            instances[t.name] = inst
        # One relaysim serve per scenario and client address, with the listeners of its targets.
        groups = collections.OrderedDict()
        for t in targets:
            groups.setdefault((t.scenario, t.client_ip), []).append(t)
        for (scenario, client_ip), ts in groups.items():
            name = "-".join(t.name for t in ts)
            serves.append(RelaysimServe(binary, scenario, [(t.relaysim_port, t) for t in ts], client_ip, name, work))

        log(f"Postfix {version} against {relaysim_version}; {len(dialogues)} dialogues; targets:")
        for t in targets:
            log(f"  {t.name:20} Postfix 127.0.0.1:{t.postfix_port}  relaysim 127.0.0.1:{t.relaysim_port}  "
                f"({t.scenario}{', --client-ip ' + t.client_ip if t.client_ip else ''}{', submission' if t.submission else ''})")

        report = {"postfix_version": version, "relaysim": relaysim_version, "relaysim_binary": binary,
                  "allowed_text_differences": ALLOWED_TEXT_DIFFERENCES, "targets": {}, "dialogues": []}
        for t in targets:
            inst = instances[t.of]
            report["targets"][t.name] = {
                "what": t.what, "postfix_port": t.postfix_port, "relaysim_port": t.relaysim_port,
                "scenario": str(HERE / "scenarios" / t.scenario), "client_ip": t.client_ip,
                "postfix_config": str(inst.etc), "submission": t.submission,
                "export": inst.export.command, "main_cf": (inst.etc / "main.cf").read_text(),
                "master_cf": (inst.etc / "master.cf").read_text()}
        totals = collections.Counter()
        signatures = collections.defaultdict(list)
        started = time.monotonic()
        for t in targets:
            for d in dialogues:
                if d.only is not None and t.name not in d.only:
                    continue
                results = {}

                def side(name, port):
                    results[name] = play(port, d, args.reply_timeout)

                threads = [threading.Thread(target=side, args=("postfix", t.postfix_port)),
                           threading.Thread(target=side, args=("relaysim", t.relaysim_port))]
                for th in threads:
                    th.start()
                for th in threads:
                    th.join()
                rows = compare(results["postfix"], results["relaysim"])
                differing = [r for r in rows if r["differs"]]
                result = "mismatch" if differing else "match"
                totals[result] += 1
                totals["steps"] += len(rows)
                totals["differing steps"] += len(differing)
                totals["allowed steps"] += sum(1 for r in rows if r["allowed"])
                for r in differing:
                    signatures[signature(r)].append(f"{t.name}/{d.id}")
                report["dialogues"].append({"target": t.name, "id": d.id, "group": d.group, "what": d.what,
                                            "result": result, "steps": rows})
                if differing:
                    print_dialogue(t, d, rows)
                elif not args.quiet:
                    log(f"match    {t.name}/{d.id}")
        elapsed = time.monotonic() - started
        report["totals"] = dict(totals)
        report["differences"] = [
            {"command": k[0], "postfix": k[1], "relaysim": k[2], "count": len(v), "dialogues": v}
            for k, v in sorted(signatures.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
        log(f"\n{len(signatures)} distinct differences (command / Postfix / relaysim), most frequent first:")
        for diff in report["differences"]:
            log(f"  {diff['count']:4} x {diff['command']}: postfix {diff['postfix']!r}\n"
                f"           relaysim {diff['relaysim']!r}   e.g. {diff['dialogues'][0]}")
        dialogues_run = totals["match"] + totals["mismatch"]
        log(f"\npostfix_diff: {dialogues_run} dialogues on {len(targets)} targets in {elapsed:.0f} s: "
            f"{totals['match']} match, {totals['mismatch']} differ; {totals['steps']} steps, "
            f"{totals['differing steps']} differ, {totals['allowed steps']} differ only as allowed; "
            f"report {args.report}")
        if args.keep_running:
            log("servers left running; Ctrl-C (or SIGTERM) stops them")
            # A background job ignores SIGINT: SIGTERM must also end the wait and clean up.
            signal.signal(signal.SIGTERM, signal.default_int_handler)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        return 0 if args.report_only or totals["mismatch"] == 0 else 1
    except SetupError as e:
        log(f"postfix_diff: setup failed: {e}")
        for inst in instances.values():
            tail = inst.maillog_tail()
            if tail:
                log(f"--- {inst.dir}/maillog (last lines)\n{tail}")
        return 2
    finally:
        for s in serves:
            s.stop()
        for inst in instances.values():
            inst.stop()


if __name__ == "__main__":
    sys.exit(main())

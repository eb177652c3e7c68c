#!/usr/bin/env python3
"""relaysim run --mailboxes, read by a parser nobody here wrote: Python's mailbox and email
modules. Every delivered copy of lessons 02 (open relay) and 05 (relay hunting, with bounces) is in a
Maildir or an mbox, one file per copy summary.json counts; each parses without defects, carries
the fields final delivery adds and one Received header per server that took it (each hop's
"from" is the previous hop's "by"); every spam a victim got through the open relay names the
relay and the spammer's address in its trail; every bounce is an RFC 3464 multipart/report. In
lesson 09 the phisher's forged From reads as the bank's, and Authentication-Results says why it
is not; in lesson 10 the innocent person whose address the spammer forged receives the bounces;
in lesson 11 forwarded mail fails SPF, passes DMARC on DKIM, and comes back as a report without it."""
import email.policy
import email.utils
import json
import mailbox
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# As Postfix's smtpd writes it (the queue id moves to the date's line when no single recipient is
# named), or as its post_mail does for a bounce the server made itself.
RECEIVED = re.compile(
    r"^(from (?P<helo>\S+) \((?P<name>\S+) \[(?P<ip>[0-9.]+)\]\) )?by (?P<by>\S+) \(Postfix\)"
    r"( with (?P<proto>SMTP|ESMTP|ESMTPA))?( id (?P<qid>[0-9A-F]+)( for <(?P<rcpt>[^>]+)>)?)?;? (?P<date>.+)$")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def run(relaysim, scenario, out, fmt, *extra):
    subprocess.run([relaysim, "run", scenario, "--out", str(out), "--mailboxes", fmt, "--transcripts", "none",
                    "--quiet", *extra], check=True)
    return json.loads((out / "summary.json").read_text())


def delivered_count(summary):
    return sum(c["delivered"] for c in summary["messages"].values())


def maildir_messages(root):
    """(mailbox name, junk?, message) for every message of every Maildir under root."""
    for box_dir in sorted(root.iterdir()):
        box = mailbox.Maildir(box_dir, factory=None, create=False)
        folders = [(False, box)] + [(True, box.get_folder(f)) for f in box.list_folders()]
        for junk, folder in folders:
            check(not list(Path(folder._path, "tmp").iterdir()), f"{box_dir}: tmp/ is empty")
            for key in sorted(folder.keys()):
                yield box_dir.name, junk, email.message_from_bytes(folder.get_bytes(key), policy=email.policy.default)


def mbox_messages(root):
    for path in sorted(root.glob("*.mbox")):
        junk = path.name.endswith(".Junk.mbox")
        name = path.name[: -len(".Junk.mbox")] if junk else path.name[: -len(".mbox")]
        for message in mailbox.mbox(path, factory=None, create=False):
            yield name, junk, email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def received_trail(message):
    """The hops oldest first, each a dict of the Received header's parts."""
    hops = []
    for value in reversed(message.get_all("Received", [])):
        m = RECEIVED.match(re.sub(r"\s+", " ", str(value)))
        check(m is not None, f"a Received header as Postfix writes it: {value!r}")
        if m:
            hops.append(m.groupdict())
    return hops


def check_message(name, message, where):
    check(not message.defects, f"{where}: parses without defects {message.defects}")
    for field in ("Return-Path", "Delivered-To", "X-Original-To", "Date", "From", "To", "Message-ID"):
        check(message[field] is not None, f"{where}: has {field}")
    check(message["Delivered-To"] == name, f"{where}: Delivered-To {message['Delivered-To']} is its mailbox")
    check(email.utils.parsedate_to_datetime(message["Date"]) is not None, f"{where}: Date parses")
    hops = received_trail(message)
    check(len(hops) >= 1, f"{where}: at least one Received header")
    posted = [h for h in hops if h["helo"] is None]
    check(posted == hops[:len(posted)] and len(posted) <= 1, f"{where}: only the first hop can be a server's own")
    for earlier, later in zip(hops, hops[1:]):
        check(later["helo"] == earlier["by"] and later["name"] == earlier["by"],
              f"{where}: each hop is received from the server before it ({earlier['by']} -> {later['helo']})")
    return hops


def check_report(message, where):
    check(message.get_content_type() == "multipart/report", f"{where}: a bounce is multipart/report")
    check(message.get_param("report-type") == "delivery-status", f"{where}: report-type=delivery-status")
    parts = list(message.iter_parts())
    types = [p.get_content_type() for p in parts]
    check(types == ["text/plain", "message/delivery-status", "text/rfc822-headers"], f"{where}: the three parts {types}")
    if len(parts) < 3:
        return
    blocks = parts[1].get_payload()  # the per-message block, then one per recipient
    check(len(blocks) >= 2, f"{where}: a per-message block and one per recipient")
    check(str(blocks[0]["Reporting-MTA"]).startswith("dns; "), f"{where}: Reporting-MTA")
    for block in blocks[1:]:
        check(str(block["Final-Recipient"]).startswith("rfc822; "), f"{where}: Final-Recipient")
        check(block["Action"] == "failed", f"{where}: Action: failed")
        check(re.fullmatch(r"[45]\.\d{1,3}\.\d{1,3}", str(block["Status"])) is not None, f"{where}: Status")
        check(block["Diagnostic-Code"] is not None, f"{where}: Diagnostic-Code")
    original = parts[2].get_content()
    check("Received: from" in original and "Message-ID:" in original, f"{where}: the original's headers")


def check_run(relaysim, source, scenario, fmt, tmp, *extra):
    out = tmp / f"{Path(scenario).stem}-{fmt}"
    summary = run(relaysim, str(source / "scenarios" / scenario), out, fmt, *extra)
    read = maildir_messages(out / "maildir") if fmt == "maildir" else mbox_messages(out / "mbox")
    messages = []
    for name, junk, message in read:
        where = f"{scenario} {fmt} {name}{' (junk)' if junk else ''} {message['Message-ID']}"
        messages.append((name, message, check_message(name, message, where), where))
    check(len(messages) == delivered_count(summary),
          f"{scenario} {fmt}: {len(messages)} files, one per delivered copy ({delivered_count(summary)})")
    check(not (out / f"{fmt}.tmp").exists(), f"{scenario}: no staging folder left")
    return summary, messages


def check_spoofing(relaysim, source, tmp):
    """Lesson 09 read as ana's mail program reads it: the phisher's From is the bank's, his
    Return-Path his own; Authentication-Results says SPF passed for his domain and DMARC failed
    for the bank's; the bank's own mail passes both. Under p=reject no forgery is delivered."""
    scenario = str(source / "scenarios" / "09-spoofing.yaml")
    out = tmp / "09-base"
    run(relaysim, scenario, out, "maildir")
    mail = list(maildir_messages(out / "maildir"))
    check(len(mail) > 20, f"09: the lesson delivers mail ({len(mail)})")
    forged = [m for _, _, m in mail if str(m["Return-Path"]) == "<bounce@phish.example>"]
    genuine = [m for _, _, m in mail if str(m["Return-Path"]) == "<avisos@banco.example>"]
    check(len(forged) > 0 and len(genuine) > 0, "09: forgeries and the bank's own mail both arrive")
    for message in forged + genuine:
        check(message["From"].addresses[0].domain == "banco.example", "09: every From reads as the bank's")
    results = lambda m: re.sub(r"\s+", " ", str(m["Authentication-Results"]))
    for message in forged:
        check(results(message) == "mx.campus.example; spf=pass smtp.mailfrom=phish.example; dkim=none; "
                                  "dmarc=fail header.from=banco.example", f"09 forged: {results(message)}")
        check(len(message.get_all("Received")) == 1, "09: the forgery came straight from the phisher")
    for message in genuine:
        check(results(message) == "mx.campus.example; spf=pass smtp.mailfrom=banco.example; "
                                  "dkim=pass header.d=banco.example; dmarc=pass header.from=banco.example",
              f"09 genuine: {results(message)}")
        check("d=banco.example" in str(message["DKIM-Signature"]), "09: the bank signs its mail")
    returned = [str(m["Return-Path"]) for _, m in variant_mail(relaysim, scenario, tmp / "09-reject",
                                                              "domains.banco.example.dmarc=v=DMARC1; p=reject")]
    check("<bounce@phish.example>" not in returned and "<avisos@banco.example>" in returned,
          "09 p=reject: no forgery delivered, the bank's mail still is")


def variant_mail(relaysim, scenario, out, setting):
    """(mailbox, message) for every copy a run of the scenario with one --set delivered."""
    run(relaysim, scenario, out, "maildir", "--set", setting)
    return [(name, message) for name, _, message in maildir_messages(out / "maildir")]


def check_backscatter(relaysim, source, tmp):
    """Lesson 10 read as carmen's mail program reads it: every message in her inbox is a bounce of
    spam she never sent, sent by the backup MX that took it; with relay_recipient_maps she gets none."""
    scenario = str(source / "scenarios" / "10-backscatter.yaml")
    out = tmp / "10-base"
    summary = run(relaysim, scenario, out, "maildir")
    mail = [m for name, _, m in maildir_messages(out / "maildir") if name == "carmen@campus.example"]
    check(len(mail) == summary["messages"]["spam"]["submitted"] > 10,
          f"10: one bounce for each forged spam in carmen's inbox ({len(mail)})")
    for message in mail:
        where = f"10 carmen {message['Message-ID']}"
        check_report(message, where)
        check(message["From"].addresses[0].username == "MAILER-DAEMON" and
              message["From"].addresses[0].domain == "mx2.tienda.example", f"{where}: the backup MX bounced it")
        parts = list(message.iter_parts())
        status = parts[1].get_payload()[1] if len(parts) > 1 else {}
        check("User unknown in local recipient table" in str(status.get("Diagnostic-Code", "")),
              f"{where}: the primary refused the guessed user")
        original = email.message_from_string(parts[2].get_content(), policy=email.policy.default) if len(parts) > 2 else {}
        trail = received_trail(original) if len(parts) > 2 else []
        check(len(trail) == 1 and trail[0]["ip"] == "203.0.113.7" and trail[0]["by"] == "mx2.tienda.example",
              f"{where}: the original came from the spammer's address to the backup MX, not from carmen")
    names = [name for name, _ in variant_mail(
        relaysim, scenario, tmp / "10-validate",
        "mtas.mx2.tienda.example.relay_recipients=[ventas@tienda.example, info@tienda.example]")]
    check("carmen@campus.example" not in names and "ventas@tienda.example" in names,
          "10 with relay_recipient_maps: no bounce for carmen, ana's mail still delivered")


def check_forwarding(relaysim, source, tmp):
    """Lesson 11: luis's forwarded statements carry the forwarder's hop and fail SPF, yet DKIM makes
    DMARC pass; without the signature the bank gets the refusals back, as reports."""
    scenario = str(source / "scenarios" / "11-forwarding.yaml")
    out = tmp / "11-base"
    run(relaysim, scenario, out, "maildir")
    luis = [m for name, _, m in maildir_messages(out / "maildir") if name == "luis@correo.example"]
    check(len(luis) > 5, f"11: luis gets his forwarded mail ({len(luis)})")
    for message in luis:
        where = f"11 luis {message['Message-ID']}"
        hops = received_trail(message)
        check([h["by"] for h in hops] == ["mx.banco.example", "mx.campus.example", "mx.correo.example"],
              f"{where}: the trail shows the forwarder between the bank and luis's new server")
        check(hops[1]["rcpt"] == "luis@campus.example" and hops[2]["rcpt"] == "luis@correo.example",
              f"{where}: the forwarder took it for the old address and sent it on to the new one")
        check(re.sub(r"\s+", " ", str(message["Authentication-Results"])) ==
              "mx.correo.example; spf=fail smtp.mailfrom=banco.example; dkim=pass header.d=banco.example; "
              "dmarc=pass header.from=banco.example", f"11: {message['Authentication-Results']}")
    mail = variant_mail(relaysim, scenario, tmp / "11-nodkim",
                        'agents.banco.message={from: "Banco Ejemplo <avisos@banco.example>", subject: "Su extracto de marzo"}')
    names = [name for name, _ in mail]
    check("luis@correo.example" not in names and "marta@correo.example" in names,
          "11 without DKIM: luis gets nothing, marta still does")
    reports = [m for name, m in mail if name == "avisos@banco.example"]
    check(len(reports) > 5, f"11 without DKIM: the bank gets the forwarded copies back ({len(reports)})")
    for message in reports:
        where = f"11 bank {message['Message-ID']}"
        check_report(message, where)
        notice = message.get_body(preferencelist=("plain",)).get_content()
        check("<luis@correo.example> (expanded from <luis@campus.example>)" in notice and
              "rejected by DMARC policy for banco.example (in reply to end of DATA command)" in notice,
              f"{where}: the notice names the forward and the refusal after DATA")


def main():
    relaysim, source = sys.argv[1], Path(sys.argv[2])
    tmp = Path(tempfile.mkdtemp(prefix="relaysim-mailboxes-"))
    try:
        for fmt in ("maildir", "mbox"):
            _, messages = check_run(relaysim, source, "02-open-relay.yaml", fmt, tmp)
            relayed = 0
            for name, message, hops, where in messages:
                if not name.endswith((".victim1.example", "@victim1.example", "@victim2.example", "@victim3.example")):
                    continue
                if not str(message["Return-Path"]).endswith("@cheap-pills.example>"):
                    continue
                relayed += 1
                check(hops[0]["by"] == "mx.campus.example" and hops[0]["ip"].startswith("203.0.113."),
                      f"{where}: the trail starts at the open relay, taking it from the spammer's address")
                check(hops[0]["name"] == "unknown", f"{where}: the spammer's host has no name")
                check(len(hops) == 2 and hops[1]["ip"] == "192.0.2.10", f"{where}: the victim's server took it from the relay")
            check(relayed > 0, f"02 {fmt}: victims received relayed spam ({relayed})")
        # The first 8 hours: hunters find the relays, the victims' blocklist refuses them, and the
        # relays bounce thousands of copies to the senders (real and forged).
        summary, messages = check_run(relaysim, source, "05-relay-hunting.yaml", "maildir", tmp, "--until", "8h")
        reports = [(m, w) for _, m, _, w in messages if m.get_content_type() == "multipart/report"]
        check(len(reports) == summary["messages"]["dsn"]["delivered"],
              f"05: every delivered bounce is a report ({len(reports)} of {summary['messages']['dsn']['delivered']})")
        check(len(reports) > 0, "05: the lesson delivers bounces")
        for message, where in reports:
            check_report(message, where)
        check_spoofing(relaysim, source, tmp)
        check_backscatter(relaysim, source, tmp)
        check_forwarding(relaysim, source, tmp)
    finally:
        shutil.rmtree(tmp)
    print(f"{len(failures)} failures" if failures else "ok")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

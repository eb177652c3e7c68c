#!/usr/bin/env python3
"""Everything a Spanish-speaking student reads comes out in Spanish: lessons 02 and 03 run with
--lang es (summary, --explain transcripts, diagrams, report.html, slides with the comparison),
compared, run as an experiment, served to a real SMTP client and recovered from the journal,
and no English text of the catalogue (po/es.po) is left in any of them. So are a scenario's
diagnostics: a broken file's, a bad --set's and a bad postfix: file's, and validate's ok line. SMTP lines (C:/S:)
stay as servers send them, and the report's <html lang> says "es"."""
import html
import os
import re
import smtplib
import subprocess
import sys
import tempfile
import time


def catalogue(po_file):
    """(msgid, msgstr) pairs of po/es.po, plural forms as their first form."""
    pairs, entry, field = [], {}, None
    def flush():
        if entry.get("msgid"):
            pairs.append((entry["msgid"], entry.get("msgstr", entry.get("msgstr[0]", ""))))
    for line in open(po_file, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            if line == "":
                flush(); entry = {}
            continue
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if m:
            field = m.group(1); entry[field] = bytes(m.group(2), "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
        elif line.startswith('"') and field:
            entry[field] += bytes(line[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
    flush()
    return pairs


def english_phrases(pairs):
    """The longest literal run of each English text that Spanish says differently, when it is
    long enough to be prose rather than a word both languages share."""
    phrases = set()
    for msgid, msgstr in pairs:
        if msgid == msgstr:
            continue
        for part in re.split(r"\{\d\}", msgid):
            part = part.strip(" ,.;:()")
            if len(part) >= 14 and part not in msgstr:
                phrases.add(part)
    return phrases


def readable_text(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    if path.endswith(".txt"):  # transcripts: SMTP lines stay as servers send them
        return "\n".join(l for l in text.splitlines() if not re.match(r"^\[[^\]]*\] [CS]: ", l))
    if path.endswith((".svg", ".html")):
        text = re.sub(r"<script.*?</script>|<style.*?</style>|<pre>.*?</pre>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def serve_one_message(relaysim, scenario, out):
    """relaysim serve in Spanish, one message from smtplib through the submission port, then
    recover --force from the journal it left: what both printed."""
    ports = os.path.join(out + "-ports")
    serve = subprocess.Popen([relaysim, "serve", scenario, "--lang", "es", "--port", "0", "--speed", "60",
                              "--until", "20m", "--ports-file", ports, "--out", out],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while not os.path.exists(ports) and time.time() < deadline:
        time.sleep(0.05)
    submission = next(l.split()[0] for l in open(ports) if l.split()[2] == "587")
    host, port = submission.rsplit(":", 1)
    with smtplib.SMTP(host, int(port), timeout=10) as client:
        client.ehlo("lab.example")
        client.login("alice", "wonderland")
        client.sendmail("alice@campus.example", ["bob@victim1.example"], "Subject: hola\r\n\r\nhola\r\n")
    printed, errors = serve.communicate(timeout=60)
    assert serve.returncode == 0, errors
    recovered = subprocess.run([relaysim, "recover", out, "--force"], capture_output=True, text=True, check=True)
    return printed, recovered.stdout


def override_and_postfix_errors(relaysim, scenario, folder):
    """What run says of a --set that does not resolve, and validate of a scenario whose postfix:
    file (named main.cf, so that the outputs' walk leaves it alone) Postfix-wise makes no sense;
    both must exit 2. Their stderr, with the folder's path as DIR."""
    os.makedirs(folder)
    with open(os.path.join(folder, "main.cf"), "w") as f:
        f.write("compatibility_level = 3.6\nrelayhost = [nowhere.example]\nsmtpd_sasl_auth_enable = maybe\n"
                "not a parameter\n")
    imported = os.path.join(folder, "imported.yaml")
    with open(imported, "w") as f:
        f.write("name: imported\nduration: 1h\ndomains:\n  campus.example: { mx: [mx.campus.example] }\nmtas:\n"
                "  mx.campus.example: { ip: 192.0.2.10, postfix: main.cf }\n")
    outputs = {}
    for what, command in (("run: a bad --set", ["run", scenario, "--set", "mtas.nothere.policy=open", "--set",
                                                "agents.spamer.rate=1/h", "--out", os.path.join(folder, "out")]),
                          ("validate: a bad postfix: file", ["validate", imported])):
        checked = subprocess.run([relaysim, *command, "--lang", "es"], capture_output=True, text=True)
        assert checked.returncode == 2, "%s exited with %d, not 2" % (what, checked.returncode)
        outputs[what] = checked.stderr.replace(folder, "DIR")
    return outputs


def main():
    relaysim, source = sys.argv[1], sys.argv[2]
    phrases = english_phrases(catalogue(os.path.join(source, "po", "es.po")))
    assert len(phrases) > 100, "the catalogue holds too few texts to check: %d" % len(phrases)
    work = tempfile.mkdtemp(prefix="relaysim-es-")
    outputs = {}
    for lesson in ("00-roles", "02-open-relay", "03-authenticated"):
        run = subprocess.run([relaysim, "run", os.path.join(source, "scenarios", lesson + ".yaml"), "--lang", "es",
                              "--explain", "--diagrams", "--until", "2h", "--out", os.path.join(work, lesson)],
                             capture_output=True, text=True, check=True)
        outputs[lesson + ": printed summary"] = run.stdout
    subprocess.run([relaysim, "render", os.path.join(work, "02-open-relay"), "--slides", "--format", "svg", "--lang",
                    "es", "--compare", os.path.join(work, "03-authenticated")], capture_output=True, check=True)
    lessons = [os.path.join(source, "scenarios", l + ".yaml") for l in ("02-open-relay", "03-authenticated")]
    compare = subprocess.run([relaysim, "compare", *lessons, "--lang", "es", "--until", "1h", "--jobs", "2", "--out",
                              os.path.join(work, "compare")], capture_output=True, text=True, check=True)
    outputs["compare: printed table"] = compare.stdout
    experiment = subprocess.run([relaysim, "experiment", lessons[0], "--lang", "es", "--until", "30m",
                                 "--replications", "2", "--jobs", "2", "--out", os.path.join(work, "experiment")],
                                capture_output=True, text=True, check=True)
    outputs["experiment: printed table"] = experiment.stdout
    outputs["serve: printed"], outputs["recover: printed"] = serve_one_message(relaysim, lessons[1],
                                                                               os.path.join(work, "live"))
    # A broken scenario's diagnostics, from validate and from run (the file's name is no prose).
    broken = os.path.join(source, "tests", "broken", "many_errors_sorted.yaml")
    for command in ("validate", "run"):
        checked = subprocess.run([relaysim, command, broken, "--lang", "es"], capture_output=True, text=True)
        if checked.returncode != 2:
            print("relaysim %s of a broken scenario exited with %d, not 2" % (command, checked.returncode))
            return 1
        outputs[command + ": broken scenario's errors"] = checked.stderr.replace(broken, "FILE")
    outputs.update(override_and_postfix_errors(relaysim, lessons[1], os.path.join(work, "postfix")))
    validated = subprocess.run([relaysim, "validate", lessons[0], "--lang", "es"], capture_output=True, text=True,
                               check=True)
    outputs["validate: ok line"] = validated.stdout.replace(lessons[0], "FILE")
    for root, _, files in os.walk(work):
        for name in files:
            if name.endswith((".txt", ".svg", ".html")):
                path = os.path.join(root, name)
                outputs[os.path.relpath(path, work)] = readable_text(path)
    report = open(os.path.join(work, "02-open-relay", "report.html"), encoding="utf-8").read()
    failures = []
    if '<html lang="es">' not in report:
        failures.append("report.html does not say lang=\"es\"")
    for what, text in sorted(outputs.items()):
        for phrase in sorted(phrases):
            if phrase in text:
                failures.append("%s still says, in English: %r" % (what, phrase))
    # Texts the code forgot to mark for translation are in no catalogue: English's small words
    # give them away.
    for what, text in sorted(outputs.items()):
        text = re.sub(r"--[a-z-]+", " ", text)  # command options (swaks --to) are no prose
        for word in sorted(set(re.findall(r"\b(?:the|and|with|which|from|this|that|of|is|to)\b", text))):
            line = next(l for l in text.splitlines() if re.search(r"\b%s\b" % word, l))
            failures.append("%s has English (%r): %s" % (what, word, line.strip()[:160]))
    for needle, where in (("Servidores de correo", "02-open-relay: printed summary"),
                          ("Qué muestra esta ejecución", "02-open-relay/report.html"),
                          ("retransmisión denegada", "compare: printed table"),
                          ("intervalo de confianza del 95 %", "experiment: printed table"),
                          (" aceptado; QUIT", "serve: printed"),
                          ("Recuperado", "recover: printed"),
                          ("FILE:12:1: error: clave desconocida 'seeed' en el escenario; ¿querías decir 'seed'?",
                           "validate: broken scenario's errors"),
                          ("FILE:8:1: error: falta la clave obligatoria 'name' en el escenario",
                           "run: broken scenario's errors"),
                          ("--set mtas.nothere.policy=open: error: 'mtas' no tiene ninguna clave 'nothere'",
                           "run: a bad --set"),
                          ("¿querías decir 'spammer'? (los elementos se eligen por su name:", "run: a bad --set"),
                          ("DIR/main.cf:2:13: error: relayhost: 'nowhere.example' no es un servidor de correo de este "
                           "escenario", "validate: a bad postfix: file"),
                          ("DIR/main.cf:3:26: error: smtpd_sasl_auth_enable: se esperaba yes o no, no 'maybe'",
                           "validate: a bad postfix: file"),
                          ("DIR/main.cf:4:1: error: se esperaba 'nombre = valor', como escribe postconf -n",
                           "validate: a bad postfix: file"),
                          ("FILE: correcto (4 servidores de correo, 4 agentes, 4 dominios)", "validate: ok line")):
        if needle not in outputs.get(where, ""):
            failures.append("%s lacks %r" % (where, needle))
    if failures:
        print("\n".join(failures))
        return 1
    print("checked %d outputs against %d English phrases: all Spanish" % (len(outputs), len(phrases)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

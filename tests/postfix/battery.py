"""The dialogues postfix_diff.py plays against a real Postfix and against `relaysim serve`.

A dialogue is a list of steps. Each step is what the client sends and how many replies it then
reads (the server's greeting is read first, on connecting, as step 0):

    "EHLO client.example"        one command line; CRLF is added; one reply is read
    Raw(b"NOOP\\n", 1)           bytes sent exactly as given (bare LF, bare CR, NUL, 8-bit...), then
                                 that many replies are read (0: none)
    Pipe("MAIL ...", "RCPT ...") several command lines in ONE write (PIPELINING); one reply each
    Data("Subject: x", "", "hi") message content after a 354: the lines with CRLF, then the final
                                 "." line, in one write; one reply (the end-of-data reply)
    Silence(12)                  send nothing and wait up to 12 s for one reply (a server timeout)
    Early(b"EHLO x\\r\\n")         (first step only) sent on connecting, before the greeting is read;
                                 its reply is read after the greeting

Markers for raw bytes: CR, LF, CRLF, NUL below, and long(n, c) for a run of n octets.

Addresses and names are those of the Postfix instances and scenarios: the server is
mx.campus.example [192.0.2.10], local domain campus.example (users alice, bob; postmaster by
alias), relay domain backup.example, remote domains victim1.example and others; SASL login
alice / wonderland.

Each dialogue is D(id, group, what, steps, only=None): `only` names the targets it runs on
(None: all); the heavy ones (a 10 MB message, 1001 recipients, a timeout) run on a few.
"""

import base64

CR, LF, CRLF, NUL = b"\r", b"\n", b"\r\n", b"\x00"

HOST = "mx.campus.example"
DOMAIN = "campus.example"
IP = "192.0.2.10"
LOGIN, PASSWORD = "alice", "wonderland"


def long(n, c="x"):
    return c * n


def b64(text):
    return base64.b64encode(text.encode("latin-1")).decode("ascii")


class Raw:
    def __init__(self, data, replies=1, timeout=None, label=None):
        self.data = data if isinstance(data, bytes) else data.encode("utf-8")
        self.replies = replies
        self.timeout = timeout
        self.label = label


# Text steps are sent as UTF-8 (so "j\u00f6rg" is valid UTF-8); Raw(b"...") for any other octets.
def Line(text, timeout=None):
    return Raw(text.encode("utf-8") + CRLF, 1, timeout)


def Pipe(*lines, timeout=None):
    return Raw(b"".join(l.encode("utf-8") + CRLF for l in lines), len(lines), timeout)


def Data(*lines, timeout=None, label=None):
    body = b"".join((l if isinstance(l, bytes) else l.encode("utf-8")) + CRLF for l in lines)
    return Raw(body + b"." + CRLF, 1, timeout, label)


class Silence:
    def __init__(self, seconds, replies=1):
        self.seconds = seconds
        self.replies = replies


class Early:
    def __init__(self, data, replies=1):
        self.data = data
        self.replies = replies


class D:
    def __init__(self, id, group, what, steps, only=None):
        self.id = id
        self.group = group
        self.what = what
        self.steps = [Line(s) if isinstance(s, str) else s for s in steps]
        self.only = only


EHLO = "EHLO client.example"
HELO = "HELO client.example"
MAIL = "MAIL FROM:<sender@client.example>"
QUIT = "QUIT"
PLAIN_OK = b64(f"\0{LOGIN}\0{PASSWORD}")
AUTH_OK = f"AUTH PLAIN {PLAIN_OK}"
MESSAGE = ("Subject: relaysim differential test", "", "Hello.")

BATTERY = []


def add(*args, **kwargs):
    dialogue = D(*args, **kwargs)
    # A report names each dialogue by its id: two with one id could not be told apart.
    if any(d.id == dialogue.id for d in BATTERY):
        raise ValueError("battery: two dialogues named " + dialogue.id)
    BATTERY.append(dialogue)


# RFC 822's grammar, as tok822_parse reads it (smtpd parses MAIL and RCPT paths with it): phrases,
# groups, commas, comments, operators; for recipients and senders alike.
GRAMMAR_FORMS = [
    ("phrase", "<Alice Smith <alice@campus.example>>", "a display name before a <route-addr>"),
    ("phrase-remote", "<Someone <someone@victim1.example>>", "a display name before a remote <route-addr>"),
    ("phrase-quoted", "<\"Smith, Alice\" <alice@campus.example>>", "a quoted display name with a comma"),
    ("phrase-two-routes", "<A <alice@campus.example> B <bob@campus.example>>", "two display names and routes"),
    ("route-then-word", "<<alice@campus.example> x>", "a word after a <route-addr>"),
    ("comma-trailing", "<alice@campus.example,>", "a comma after the address"),
    ("comma-leading", "<,someone@victim1.example>", "a comma before the address"),
    ("comma-two", "<alice@campus.example,,>", "two commas after the address"),
    ("group", "<team: alice@campus.example;>", "an RFC 822 group with one member"),
    ("group-two", "<team: alice@campus.example, bob@campus.example;>", "a group with two members"),
    ("group-remote", "<team: someone@victim1.example;>", "a group with a remote member"),
    ("semicolon", "<alice@campus.example;>", "a semicolon after the address"),
    ("inner-open", "<a<b@campus.example>", "an angle bracket inside the address"),
    ("inner-close", "<a>b@campus.example>", "a closing bracket inside the address"),
    ("comment-after", "<alice@campus.example (Alice)>", "a comment after the address"),
    ("comment-only", "<(nobody)>", "nothing but a comment"),
    ("comment-unclosed", "<alice@campus.example (Alice>", "an unclosed comment"),
    ("pipe", "<a|b@campus.example>", "'|', one of tok822's operators"),
    ("escaped-at", "<someone\\@victim1.example@campus.example>", "a backslash-escaped @"),
    ("escaped-space", "<al\\ ice@campus.example>", "a backslash-escaped space"),
    ("quoted-then-word", "<\"a\"b@campus.example>", "a quoted string and an atom side by side"),
    ("literal-then-word", "<alice@[192.0.2.10]x>", "an address literal and an atom side by side"),
    ("route-colon-literal", "<@[IPv6:2001:db8::1]:someone@victim1.example>", "a source route through an IPv6 literal"),
    ("route-then-phrase", "<@victim1.example:Alice <alice@campus.example>>", "a source route before a phrase"),
]

# ---- relay decisions: every address form, as RCPT TO, unauthenticated --------------------------
# (id, what the client writes after "RCPT TO:", what it is)
ADDRESSES = [
    ("local", "<alice@campus.example>", "a local user"),
    ("local-bob", "<bob@campus.example>", "another local user"),
    ("local-unknown", "<nobody@campus.example>", "an unknown local user"),
    ("postmaster", "<postmaster@campus.example>", "postmaster at the local domain"),
    ("postmaster-upper", "<POSTMASTER@campus.example>", "postmaster in capitals"),
    ("postmaster-bare", "<postmaster>", "postmaster without a domain (RFC 5321 4.5.1)"),
    ("postmaster-host", "<postmaster@mx.campus.example>", "postmaster at the host name"),
    ("bare-local", "<alice>", "a local user without a domain"),
    ("bare-unknown", "<nobody>", "an unknown user without a domain"),
    ("case-user", "<Alice@campus.example>", "local part in mixed case"),
    ("case-domain", "<alice@CAMPUS.EXAMPLE>", "local domain in capitals"),
    ("case-both", "<ALICE@Campus.Example>", "both in mixed case"),
    ("trailing-dot", "<alice@campus.example.>", "local domain with a trailing dot"),
    ("trailing-dots", "<alice@campus.example..>", "local domain with two trailing dots"),
    ("hostname", "<alice@mx.campus.example>", "the server's own host name"),
    ("hostname-dot", "<alice@mx.campus.example.>", "own host name with a trailing dot"),
    ("literal-own", "<alice@[192.0.2.10]>", "the server's own address literal"),
    ("literal-own-unknown", "<nobody@[192.0.2.10]>", "unknown user at the own address literal"),
    ("literal-other", "<alice@[192.0.2.11]>", "another address literal"),
    ("literal-ipv6", "<alice@[IPv6:2001:db8::1]>", "an IPv6 address literal"),
    ("literal-bad", "<alice@[300.1.2.3]>", "an address literal that is no address"),
    ("literal-unclosed", "<alice@[192.0.2.10>", "an address literal without its ]"),
    ("numeric-domain", "<alice@192.0.2.10>", "the own address without brackets"),
    ("remote", "<someone@victim1.example>", "a remote domain"),
    ("remote-upper", "<someone@VICTIM1.EXAMPLE>", "a remote domain in capitals"),
    ("remote-dot", "<someone@victim1.example.>", "a remote domain with a trailing dot"),
    ("remote-nodot", "<someone@victim1>", "a remote name without a dot"),
    ("remote-localhost", "<alice@localhost>", "localhost (not in mydestination)"),
    ("subdomain", "<alice@sub.campus.example>", "a subdomain of the local domain"),
    ("relay-domain", "<someone@backup.example>", "a domain in relay_domains"),
    ("relay-domain-upper", "<someone@BACKUP.example>", "relay domain in capitals"),
    ("relay-listed", "<alice@backup.example>", "a relay domain's user listed in relay_recipient_maps (closed)"),
    ("relay-listed-case", "<ALICE@Backup.Example>", "a listed relay user in capitals"),
    ("relay-wildcard", "<anyone@partner.example>", "a user of a domain listed as @domain (closed)"),
    ("relay-wildcard-upper", "<Anyone@PARTNER.example>", "the same in capitals"),
    ("percent-remote", "<someone%victim1.example@campus.example>", "percent hack via the local domain"),
    ("percent-remote-host", "<someone%victim1.example@mx.campus.example>", "percent hack via the host name"),
    ("percent-remote-literal", "<someone%victim1.example@[192.0.2.10]>", "percent hack via the own literal"),
    ("percent-local", "<alice%campus.example@campus.example>", "percent hack back to the local domain"),
    ("percent-local-unknown", "<nobody%campus.example@campus.example>", "percent hack to an unknown local user"),
    ("percent-bare", "<someone%victim1.example>", "a bare percent address"),
    ("percent-bare-local", "<alice%campus.example>", "a bare percent address to the local domain"),
    ("percent-double", "<someone%victim1.example%campus.example@campus.example>", "two percent hops"),
    ("percent-relay-domain", "<someone%backup.example@campus.example>", "percent hack to the relay domain"),
    ("percent-remote-dom", "<alice%campus.example@victim1.example>", "percent hack at a remote domain"),
    ("bang-bare", "<victim1.example!someone>", "a bang path"),
    ("bang-local", "<victim1.example!someone@campus.example>", "a bang path inside a local address"),
    ("bang-to-local", "<campus.example!alice>", "a bang path to the local domain"),
    ("bang-to-local-at", "<campus.example!alice@campus.example>", "a bang path to local, at local"),
    ("bang-double", "<victim1.example!victim2.example!someone>", "a two-hop bang path"),
    ("bang-percent", "<victim1.example!someone%campus.example>", "a bang path and a percent hop"),
    ("route-via-us", "<@mx.campus.example:someone@victim1.example>", "a source route through us"),
    ("route-via-other", "<@victim1.example:alice@campus.example>", "a source route ending at a local user"),
    ("route-two-hops", "<@mx.campus.example,@relay.example:someone@victim1.example>", "a two-hop source route"),
    ("route-literal", "<@[192.0.2.10]:someone@victim1.example>", "a source route through an address literal"),
    ("route-literal-local", "<@[192.0.2.10]:alice@campus.example>", "a literal source route to a local user"),
    ("route-local-percent", "<@campus.example:someone%victim1.example@campus.example>", "a route and a percent hack"),
    ("route-empty-hop", "<@:someone@victim1.example>", "a source route with an empty hop"),
    ("route-no-colon", "<@mx.campus.example,someone@victim1.example>", "a source route without its colon"),
    ("quoted-remote", "<\"someone@victim1.example\"@campus.example>", "a quoted local part hiding an address"),
    ("quoted-local", "<\"alice\"@campus.example>", "a quoted local user"),
    ("quoted-local-full", "<\"alice@campus.example\"@campus.example>", "a quoted local address"),
    ("quoted-percent", "<\"someone%victim1.example\"@campus.example>", "a quoted percent hack"),
    ("quoted-bang", "<\"victim1.example!someone\"@campus.example>", "a quoted bang path"),
    ("quoted-space", "<\"some one\"@campus.example>", "a quoted local part with a space"),
    ("quoted-escape", "<\"al\\ice\"@campus.example>", "a quoted local part with a backslash escape"),
    ("quoted-empty", "<\"\"@campus.example>", "an empty quoted local part"),
    ("quoted-unclosed", "<\"alice@campus.example>", "an unclosed quote"),
    ("quoted-remote-dom", "<\"alice\"@victim1.example>", "a quoted local part at a remote domain"),
    ("several-at", "<someone@victim1.example@campus.example>", "two @, the last local"),
    ("several-at-local", "<alice@campus.example@campus.example>", "two @, both local"),
    ("several-at-remote-last", "<alice@campus.example@victim1.example>", "two @, the last remote"),
    ("double-at", "<someone@@victim1.example>", "@@"),
    ("empty-local", "<@campus.example>", "an empty local part"),
    ("empty-domain", "<alice@>", "an empty domain"),
    ("only-at", "<@>", "just @"),
    ("null", "<>", "the null address as a recipient"),
    ("dot-domain-start", "<alice@.campus.example>", "domain starting with a dot"),
    ("dot-domain-double", "<alice@campus..example>", "two dots in the domain"),
    ("dot-local-start", "<.alice@campus.example>", "local part starting with a dot"),
    ("dot-local-end", "<alice.@campus.example>", "local part ending with a dot"),
    ("dot-local-double", "<a..b@campus.example>", "two dots in the local part"),
    ("space-inside", "<alice @campus.example>", "a space before the @"),
    ("utf8-local", "<j\u00f6rg@campus.example>", "a UTF-8 local part (no SMTPUTF8)"),
    ("plus-tag", "<alice+tag@campus.example>", "a local part with +tag (recipient_delimiter is empty)"),
    ("no-brackets", "alice@campus.example", "no angle brackets"),
    ("no-brackets-remote", "someone@victim1.example", "no angle brackets, remote"),
    ("space-after-colon", " <alice@campus.example>", "a space after the colon"),
    ("missing-close", "<alice@campus.example", "no closing bracket"),
    ("double-brackets", "<<alice@campus.example>>", "doubled angle brackets"),
    ("trailing-junk", "<alice@campus.example> junk", "text after the address"),
    ("empty", "", "nothing after the colon"),
    *GRAMMAR_FORMS,
    ("long-local", "<" + long(65, "a") + "@campus.example>", "a 65-octet local part"),
    ("long-domain", "<alice@" + ".".join([long(63, "d")] * 4) + ".example>", "a 260-octet domain"),
]

for key, address, what in ADDRESSES:
    add(f"rcpt-{key}", "relay", f"RCPT TO:{address} ({what})", [EHLO, MAIL, f"RCPT TO:{address}", QUIT])

# The same forms after a successful AUTH (where AUTH is not enabled, the AUTH fails and this is
# the unauthenticated decision again).
AUTH_ADDRESSES = [a for a in ADDRESSES if a[0] in {
    "local", "local-unknown", "postmaster", "bare-local", "bare-unknown", "trailing-dot", "literal-own",
    "literal-other", "remote", "remote-dot", "remote-nodot", "relay-domain", "percent-remote",
    "percent-local", "percent-bare", "bang-bare", "bang-local", "route-via-us", "route-literal",
    "quoted-remote", "quoted-local", "several-at", "empty-local", "empty-domain", "null", "utf8-local",
    "plus-tag", "no-brackets", "dot-local-double", "long-local"}]
for key, address, what in AUTH_ADDRESSES:
    add(f"auth-rcpt-{key}", "relay-auth", f"after AUTH: RCPT TO:{address} ({what})",
        [EHLO, AUTH_OK, MAIL, f"RCPT TO:{address}", QUIT])

# Relay decisions with a whole transaction, several recipients, good and bad mixed.
add("relay-mixed-data", "relay", "local, remote and unknown recipients, then DATA",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "RCPT TO:<someone@victim1.example>",
     "RCPT TO:<nobody@campus.example>", "DATA", Data(*MESSAGE), QUIT])
add("relay-remote-data", "relay", "a remote recipient, then DATA",
    [EHLO, MAIL, "RCPT TO:<someone@victim1.example>", "DATA", Data(*MESSAGE), QUIT])
add("relay-null-sender-remote", "relay", "null sender to a remote recipient",
    [EHLO, "MAIL FROM:<>", "RCPT TO:<someone@victim1.example>", QUIT])
add("relay-local-sender-remote", "relay", "a local sender (alice@campus.example) to a remote recipient",
    [EHLO, "MAIL FROM:<alice@campus.example>", "RCPT TO:<someone@victim1.example>", QUIT])

# ---- MAIL FROM: sender forms and syntax ---------------------------------------------------------
SENDERS = [
    ("null", "<>", "the null sender"),
    ("plain", "<sender@client.example>", "an ordinary sender"),
    ("local", "<alice@campus.example>", "a local sender"),
    ("no-brackets", "sender@client.example", "no angle brackets"),
    ("bare", "<sender>", "no domain"),
    ("route", "<@relay.example:sender@client.example>", "a source route"),
    ("route-literal", "<@[198.51.100.5]:sender@client.example>", "a source route with a literal hop"),
    ("quoted", "<\"some sender\"@client.example>", "a quoted local part"),
    ("literal", "<sender@[198.51.100.5]>", "an address literal"),
    ("literal-bad", "<sender@[300.1.1.1]>", "a bad address literal"),
    ("trailing-dot", "<sender@client.example.>", "a trailing dot"),
    ("double-at", "<sender@@client.example>", "@@"),
    ("empty-domain", "<sender@>", "an empty domain"),
    ("empty-local", "<@client.example>", "an empty local part"),
    ("several-at", "<sender@client.example@other.example>", "two @"),
    ("percent", "<sender%other.example@client.example>", "a percent hack"),
    ("bang", "<other.example!sender>", "a bang path"),
    ("space-inside", "<a b@client.example>", "an unquoted space"),
    ("missing-close", "<sender@client.example", "no closing bracket"),
    ("double-brackets", "<<sender@client.example>>", "doubled angle brackets"),
    ("space-after-colon", " <sender@client.example>", "a space after the colon"),
    ("empty", "", "nothing after the colon"),
    *GRAMMAR_FORMS,
    ("trailing-space", "<sender@client.example> ", "a trailing space"),
    ("trailing-junk", "<sender@client.example> junk", "text after the address"),
    ("utf8", "<j\u00f6rg@client.example>", "a UTF-8 sender without SMTPUTF8"),
    ("utf8-smtputf8", "<j\u00f6rg@client.example> SMTPUTF8", "a UTF-8 sender with SMTPUTF8"),
    ("long", "<" + long(300, "s") + "@client.example>", "a 300-octet local part"),
    ("dot-double", "<a..b@client.example>", "two dots in the local part"),
]
for key, sender, what in SENDERS:
    add(f"mail-{key}", "sender", f"MAIL FROM:{sender} ({what})",
        [EHLO, f"MAIL FROM:{sender}", "RCPT TO:<alice@campus.example>", QUIT])

add("mail-lowercase", "sender", "mail from: in lower case",
    [EHLO, "mail from:<sender@client.example>", "rcpt to:<alice@campus.example>", QUIT])
add("mail-no-from", "sender", "MAIL without FROM:", [EHLO, "MAIL", QUIT])
add("mail-to", "sender", "MAIL TO: instead of FROM:", [EHLO, "MAIL TO:<sender@client.example>", QUIT])
add("mail-space-before-colon", "sender", "MAIL FROM :<...>", [EHLO, "MAIL FROM :<sender@client.example>", QUIT])
add("mail-no-colon", "sender", "MAIL FROM <...>", [EHLO, "MAIL FROM <sender@client.example>", QUIT])
add("rcpt-no-to", "sender", "RCPT without TO:", [EHLO, MAIL, "RCPT", QUIT])
add("rcpt-from", "sender", "RCPT FROM: instead of TO:", [EHLO, MAIL, "RCPT FROM:<alice@campus.example>", QUIT])
add("rcpt-space-before-colon", "sender", "RCPT TO :<...>", [EHLO, MAIL, "RCPT TO :<alice@campus.example>", QUIT])
add("rcpt-lowercase-to", "sender", "RCPT to:<...>", [EHLO, MAIL, "RCPT to:<alice@campus.example>", QUIT])

# ---- ESMTP parameters ---------------------------------------------------------------------------
MAIL_PARAMS = [
    ("size", "SIZE=1000", "a small SIZE"),
    ("size-limit", "SIZE=10240000", "SIZE equal to message_size_limit"),
    ("size-over", "SIZE=10240001", "SIZE one over message_size_limit"),
    ("size-huge", "SIZE=99999999999999999999", "a SIZE that overflows 64 bits"),
    ("size-zero", "SIZE=0", "SIZE=0"),
    ("size-bad", "SIZE=abc", "a SIZE that is no number"),
    ("size-empty", "SIZE=", "SIZE= without a value"),
    ("size-noeq", "SIZE", "SIZE without ="),
    ("size-negative", "SIZE=-1", "a negative SIZE"),
    ("size-twice", "SIZE=100 SIZE=200", "SIZE twice"),
    ("size-lower", "size=1000", "size= in lower case"),
    ("body-8bit", "BODY=8BITMIME", "BODY=8BITMIME"),
    ("body-7bit", "BODY=7BIT", "BODY=7BIT"),
    ("body-binary", "BODY=BINARYMIME", "BODY=BINARYMIME (not offered)"),
    ("body-bogus", "BODY=FOO", "an unknown BODY"),
    ("smtputf8", "SMTPUTF8", "SMTPUTF8"),
    ("smtputf8-value", "SMTPUTF8=yes", "SMTPUTF8 with a value"),
    ("ret-full", "RET=FULL", "DSN RET=FULL"),
    ("ret-hdrs", "RET=HDRS", "DSN RET=HDRS"),
    ("ret-bogus", "RET=SOME", "an unknown RET"),
    ("envid", "ENVID=abc123", "DSN ENVID"),
    ("envid-twice", "ENVID=a ENVID=b", "ENVID twice"),
    ("auth-null", "AUTH=<>", "AUTH=<> (RFC 4954 5)"),
    ("auth-addr", "AUTH=alice@campus.example", "AUTH=address, unauthenticated"),
    ("unknown", "FOO=BAR", "an unknown parameter"),
    ("unknown-novalue", "FOO", "an unknown keyword"),
    ("several", "SIZE=1000 BODY=8BITMIME RET=HDRS ENVID=x1", "several parameters"),
    ("two-spaces", " SIZE=1000", "two spaces before a parameter"),
    ("xverp", "XVERP", "Postfix's XVERP"),
]
for key, params, what in MAIL_PARAMS:
    add(f"mail-param-{key}", "esmtp", f"MAIL FROM:<...> {params} ({what})",
        [EHLO, f"MAIL FROM:<sender@client.example> {params}", "RCPT TO:<alice@campus.example>", QUIT])

add("mail-param-after-helo", "esmtp", "SIZE= after HELO (no ESMTP)",
    [HELO, "MAIL FROM:<sender@client.example> SIZE=1000", QUIT])
add("mail-param-auth-authenticated", "esmtp", "AUTH=<alice@campus.example> after AUTH",
    [EHLO, AUTH_OK, "MAIL FROM:<alice@campus.example> AUTH=<alice@campus.example>",
     "RCPT TO:<someone@victim1.example>", QUIT])

RCPT_PARAMS = [
    ("notify-never", "NOTIFY=NEVER", "DSN NOTIFY=NEVER"),
    ("notify-list", "NOTIFY=SUCCESS,FAILURE,DELAY", "DSN NOTIFY list"),
    ("notify-bogus", "NOTIFY=SOMETIMES", "an unknown NOTIFY"),
    ("notify-never-and", "NOTIFY=NEVER,SUCCESS", "NEVER with another NOTIFY"),
    ("orcpt", "ORCPT=rfc822;alice@campus.example", "DSN ORCPT"),
    ("orcpt-bogus", "ORCPT=alice", "an ORCPT without type"),
    ("unknown", "FOO=BAR", "an unknown parameter"),
    ("size", "SIZE=100", "SIZE on RCPT"),
]
for key, params, what in RCPT_PARAMS:
    add(f"rcpt-param-{key}", "esmtp", f"RCPT TO:<...> {params} ({what})",
        [EHLO, MAIL, f"RCPT TO:<alice@campus.example> {params}", QUIT])

# ---- greeting, HELO, EHLO -----------------------------------------------------------------------
add("greeting-quit", "greeting", "the greeting, then QUIT", [QUIT])
add("ehlo", "greeting", "EHLO capabilities", [EHLO, QUIT])
add("helo", "greeting", "HELO reply", [HELO, QUIT])
add("ehlo-noarg", "greeting", "EHLO without a name", ["EHLO", QUIT])
add("helo-noarg", "greeting", "HELO without a name", ["HELO", QUIT])
add("helo-two-args", "greeting", "HELO with two words", ["HELO client example", QUIT])
add("ehlo-two-args", "greeting", "EHLO with two words", ["EHLO client example", QUIT])
add("ehlo-literal", "greeting", "EHLO with an address literal", ["EHLO [198.51.100.5]", QUIT])
add("ehlo-bad-name", "greeting", "EHLO with an invalid name", ["EHLO -bad_name!", QUIT])
add("ehlo-lowercase", "greeting", "ehlo in lower case", ["ehlo client.example", QUIT])
add("ehlo-mixed-case", "greeting", "eHlO in mixed case", ["eHlO client.example", QUIT])
add("ehlo-twice", "greeting", "EHLO twice", [EHLO, "EHLO other.example", QUIT])
add("helo-then-ehlo", "greeting", "HELO then EHLO", [HELO, EHLO, QUIT])
add("ehlo-leading-space", "greeting", "a space before EHLO", [" EHLO client.example", QUIT])
add("ehlo-trailing-space", "greeting", "spaces after the EHLO name", ["EHLO client.example   ", QUIT])
add("ehlo-8bit", "greeting", "a UTF-8 EHLO name", ["EHLO cl\u00efent.example", QUIT])
add("ehlo-latin1", "greeting", "an EHLO name with a Latin-1 octet (not UTF-8)", [Raw(b"EHLO cl\xefent.example\r\n"), QUIT])
add("mail-utf8-smtputf8-rcpt", "esmtp", "SMTPUTF8 transaction with UTF-8 sender and recipient",
    [EHLO, "MAIL FROM:<j\u00f6rg@client.example> SMTPUTF8", "RCPT TO:<j\u00f6rg@campus.example>", QUIT])
add("rcpt-latin1-local", "relay", "a Latin-1 local part (invalid UTF-8)",
    [EHLO, MAIL, Raw(b"RCPT TO:<j\xf6rg@campus.example>\r\n"), QUIT])

# ---- commands in and out of sequence ------------------------------------------------------------
add("seq-rcpt-before-mail", "sequence", "RCPT before MAIL", [EHLO, "RCPT TO:<alice@campus.example>", QUIT])
add("seq-data-before-mail", "sequence", "DATA before MAIL", [EHLO, "DATA", QUIT])
add("seq-data-before-rcpt", "sequence", "DATA before RCPT", [EHLO, MAIL, "DATA", QUIT])
add("seq-data-no-valid-rcpt", "sequence", "DATA after only a refused recipient",
    [EHLO, MAIL, "RCPT TO:<nobody@campus.example>", "DATA", QUIT])
add("seq-data-after-relay-denied", "sequence", "DATA after only a relay refusal",
    [EHLO, MAIL, "RCPT TO:<someone@victim9.example>", "DATA", QUIT])
add("seq-nested-mail", "sequence", "MAIL twice", [EHLO, MAIL, MAIL, QUIT])
add("seq-mail-without-helo", "sequence", "a transaction without HELO/EHLO",
    [MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data(*MESSAGE), QUIT])
add("seq-rcpt-without-helo", "sequence", "RCPT without HELO or MAIL", ["RCPT TO:<alice@campus.example>", QUIT])
add("seq-helo-transaction", "sequence", "a transaction after HELO",
    [HELO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data(*MESSAGE), QUIT])
add("seq-ehlo-mid-transaction", "sequence", "EHLO during a transaction resets it",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", EHLO, "DATA", QUIT])
add("seq-helo-mid-transaction", "sequence", "HELO during a transaction resets it",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", HELO, "RCPT TO:<alice@campus.example>", QUIT])
add("seq-rset", "sequence", "RSET ends the transaction",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "RSET", "DATA", QUIT])
add("seq-rset-arg", "sequence", "RSET with an argument", [EHLO, "RSET now", QUIT])
add("seq-rset-before-helo", "sequence", "RSET before HELO", ["RSET", QUIT])
add("seq-rset-then-mail", "sequence", "RSET then a new transaction",
    [EHLO, MAIL, "RSET", MAIL, "RCPT TO:<alice@campus.example>", QUIT])
add("seq-two-transactions", "sequence", "two messages in one session",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data(*MESSAGE),
     "MAIL FROM:<other@client.example>", "RCPT TO:<bob@campus.example>", "DATA", Data(*MESSAGE), QUIT])
add("seq-rcpt-after-data", "sequence", "RCPT after the message was accepted",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data(*MESSAGE), "RCPT TO:<bob@campus.example>", QUIT])
add("seq-data-arg", "sequence", "DATA with an argument",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA now", QUIT])
add("seq-noop", "sequence", "NOOP", [EHLO, "NOOP", QUIT])
add("seq-noop-arg", "sequence", "NOOP with an argument", [EHLO, "NOOP hello there", QUIT])
add("seq-noop-before-helo", "sequence", "NOOP before HELO", ["NOOP", QUIT])
add("seq-noop-in-transaction", "sequence", "NOOP keeps the transaction",
    [EHLO, MAIL, "NOOP", "RCPT TO:<alice@campus.example>", QUIT])
add("seq-quit-arg", "sequence", "QUIT with an argument", [EHLO, "QUIT now"])
add("seq-quit-lowercase", "sequence", "quit in lower case", [EHLO, "quit"])
add("seq-quit-in-transaction", "sequence", "QUIT during a transaction",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", QUIT])
add("seq-vrfy-local", "sequence", "VRFY a local user", [EHLO, "VRFY alice", QUIT])
add("seq-vrfy-local-full", "sequence", "VRFY a local address", [EHLO, "VRFY alice@campus.example", QUIT])
add("seq-vrfy-bracketed", "sequence", "VRFY <address>", [EHLO, "VRFY <alice@campus.example>", QUIT])
add("seq-vrfy-unknown", "sequence", "VRFY an unknown user", [EHLO, "VRFY nobody@campus.example", QUIT])
add("seq-vrfy-remote", "sequence", "VRFY a remote address", [EHLO, "VRFY someone@victim1.example", QUIT])
add("seq-vrfy-postmaster", "sequence", "VRFY postmaster", [EHLO, "VRFY postmaster", QUIT])
add("seq-vrfy-noarg", "sequence", "VRFY without an argument", [EHLO, "VRFY", QUIT])
add("seq-vrfy-before-helo", "sequence", "VRFY before HELO", ["VRFY alice", QUIT])
add("seq-expn", "sequence", "EXPN", [EHLO, "EXPN alice", QUIT])
add("seq-help", "sequence", "HELP", [EHLO, "HELP", QUIT])
add("seq-help-arg", "sequence", "HELP MAIL", [EHLO, "HELP MAIL", QUIT])
add("seq-turn", "sequence", "TURN", [EHLO, "TURN", QUIT])
add("seq-etrn", "sequence", "ETRN for the local domain", [EHLO, "ETRN campus.example", QUIT])
add("seq-etrn-noarg", "sequence", "ETRN without a domain", [EHLO, "ETRN", QUIT])
add("seq-etrn-before-helo", "sequence", "ETRN before HELO", ["ETRN campus.example", QUIT])
add("seq-starttls", "sequence", "STARTTLS (not offered)", [EHLO, "STARTTLS", QUIT])
add("seq-bdat", "sequence", "BDAT (CHUNKING)",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", Raw(b"BDAT 7 LAST\r\nHello\r\n", 1), QUIT])
add("seq-bdat-no-mail", "sequence", "BDAT without MAIL", [EHLO, Raw(b"BDAT 2 LAST\r\nHi", 1), QUIT])
add("seq-xclient", "sequence", "XCLIENT from an unauthorized client", [EHLO, "XCLIENT ADDR=203.0.113.1", QUIT])
add("seq-xforward", "sequence", "XFORWARD from an unauthorized client", [EHLO, "XFORWARD ADDR=203.0.113.1", QUIT])
add("seq-unknown", "sequence", "an unknown command", [EHLO, "FOO", QUIT])
add("seq-unknown-args", "sequence", "an unknown command with arguments", [EHLO, "FOO bar baz", QUIT])
add("seq-unknown-before-helo", "sequence", "an unknown command first", ["FOO", QUIT])
add("seq-empty-line", "sequence", "an empty command line", [EHLO, "", QUIT])
add("seq-space-line", "sequence", "a line of spaces", [EHLO, "   ", QUIT])
add("seq-tab-line", "sequence", "a line with a tab", [EHLO, "\t", QUIT])
add("seq-http-get", "sequence", "an HTTP GET (smtpd_forbidden_commands)", [EHLO, "GET / HTTP/1.0", QUIT])
add("seq-http-post", "sequence", "an HTTP POST", ["POST /cgi-bin/mail HTTP/1.0", QUIT])
add("seq-connect", "sequence", "an HTTP CONNECT", ["CONNECT 198.51.100.1:25 HTTP/1.0", QUIT])
add("seq-lowercase-get", "sequence", "get in lower case", ["get / HTTP/1.0", QUIT])
add("seq-ten-errors", "sequence", "ten unknown commands (smtpd_soft_error_limit)",
    [EHLO] + ["FOO"] * 10 + ["NOOP", QUIT])
add("seq-hard-error-limit", "sequence", "twenty-one unknown commands (smtpd_hard_error_limit)",
    [EHLO] + [Line("FOO", timeout=6)] * 21 + [QUIT], only={"open", "submission"})
add("seq-after-quit", "sequence", "a command pipelined after QUIT", [EHLO, Raw(b"QUIT\r\nNOOP\r\n", 2)])
add("seq-data-empty-message", "sequence", "a message of no lines",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data(), QUIT])
add("seq-data-dot-stuffing", "sequence", "dot-stuffed lines",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data("Subject: dots", "", "..one", "...", ".x"), QUIT])
add("seq-data-null-sender", "sequence", "a message from <>",
    [EHLO, "MAIL FROM:<>", "RCPT TO:<alice@campus.example>", "DATA", Data(*MESSAGE), QUIT])
add("seq-data-no-header", "sequence", "a message with a body line only",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data("hello"), QUIT])
add("seq-data-many-rcpts", "sequence", "a message to four recipients",
    [EHLO, MAIL] + [f"RCPT TO:<{u}@campus.example>" for u in ("alice", "bob", "postmaster", "Alice")] +
    ["DATA", Data(*MESSAGE), QUIT])
add("seq-rcpt-duplicate", "sequence", "the same recipient twice",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "RCPT TO:<alice@campus.example>", QUIT])
# Not on submission: there the unauthenticated RCPT is refused, DATA too, the QUIT line is a
# command, and Postfix closes with ".", "QUIT" unread, so the kernel's reset may or may not
# discard its 221 before the client reads it: a race in TCP, not a reply to compare.
add("seq-quit-in-data", "sequence", "a QUIT line inside the message is content",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: q\r\n\r\n", 0),
     Raw(b"QUIT\r\n", 0), Raw(b".\r\n"), QUIT],
    only={"open", "mynetworks", "mynetworks-trusted", "authenticated", "closed"})

# The order in which a server checks a command's state and its syntax.
add("seq-data-arg-before-mail", "sequence", "DATA with an argument before MAIL (state or syntax first?)",
    [EHLO, "DATA now", QUIT])
add("seq-rcpt-bad-before-mail", "sequence", "a bad RCPT before MAIL", [EHLO, "RCPT TO:", QUIT])
add("seq-mail-bad-nested", "sequence", "a bad MAIL inside a transaction", [EHLO, MAIL, "MAIL FROM:", QUIT])
add("seq-mail-bad-before-helo", "sequence", "a bad MAIL before HELO", ["MAIL FROM:", QUIT])
add("seq-starttls-arg", "sequence", "STARTTLS with an argument", [EHLO, "STARTTLS now", QUIT])
add("seq-vrfy-two-args", "sequence", "VRFY with two words", [EHLO, "VRFY alice bob", QUIT])
add("seq-helo-literal", "sequence", "HELO with an address literal", ["HELO [127.0.0.1]", QUIT])
add("seq-noop-lowercase", "sequence", "noop in lower case", [EHLO, "noop", QUIT])
add("rcpt-phrase-bare", "relay", "RCPT TO: with an RFC 822 phrase", [EHLO, MAIL, "RCPT TO:Alice <alice@campus.example>", QUIT])
add("rcpt-comment", "relay", "RCPT TO: with an RFC 822 comment", [EHLO, MAIL, "RCPT TO:<alice@campus.example> (Alice)", QUIT])
add("rcpt-postmaster-literal", "relay", "postmaster at the own address literal",
    [EHLO, MAIL, "RCPT TO:<postmaster@[192.0.2.10]>", QUIT])
add("rcpt-mailer-daemon", "relay", "MAILER-DAEMON at the local domain", [EHLO, MAIL, "RCPT TO:<MAILER-DAEMON@campus.example>", QUIT])
add("mail-param-nospace", "esmtp", "a parameter glued to the address", [EHLO, "MAIL FROM:<sender@client.example>SIZE=100", QUIT])

# ---- AUTH ---------------------------------------------------------------------------------------
def auth(id, what, steps, **kw):
    add(f"auth-{id}", "auth", what, steps, **kw)


auth("plain-ir-ok", "AUTH PLAIN with a good initial response", [EHLO, AUTH_OK, QUIT])
auth("plain-ir-bad-password", "AUTH PLAIN, wrong password", [EHLO, f"AUTH PLAIN {b64(chr(0) + 'alice' + chr(0) + 'wrong')}", QUIT])
auth("plain-ir-unknown-user", "AUTH PLAIN, unknown user", [EHLO, f"AUTH PLAIN {b64(chr(0) + 'mallory' + chr(0) + 'x')}", QUIT])
auth("plain-ir-authzid-same", "AUTH PLAIN with authzid = authcid", [EHLO, f"AUTH PLAIN {b64('alice' + chr(0) + 'alice' + chr(0) + 'wonderland')}", QUIT])
auth("plain-ir-authzid-other", "AUTH PLAIN with another authzid", [EHLO, f"AUTH PLAIN {b64('bob' + chr(0) + 'alice' + chr(0) + 'wonderland')}", QUIT])
auth("plain-ir-no-nul", "AUTH PLAIN without NULs", [EHLO, f"AUTH PLAIN {b64('alicewonderland')}", QUIT])
auth("plain-ir-one-nul", "AUTH PLAIN with one NUL", [EHLO, f"AUTH PLAIN {b64('alice' + chr(0) + 'wonderland')}", QUIT])
auth("plain-ir-empty-password", "AUTH PLAIN, empty password", [EHLO, f"AUTH PLAIN {b64(chr(0) + 'alice' + chr(0))}", QUIT])
auth("plain-ir-equals", "AUTH PLAIN = (an empty initial response)", [EHLO, "AUTH PLAIN =", QUIT])
auth("plain-ir-bad-base64", "AUTH PLAIN with invalid base64", [EHLO, "AUTH PLAIN !!!!", QUIT])
auth("plain-ir-bad-padding", "AUTH PLAIN with bad padding", [EHLO, "AUTH PLAIN AGFsaWNl=AHdvbmRlcmxhbmQ", QUIT])
auth("plain-ir-user-case", "AUTH PLAIN, login in capitals", [EHLO, f"AUTH PLAIN {b64(chr(0) + 'ALICE' + chr(0) + 'wonderland')}", QUIT])
auth("plain-ir-user-realm", "AUTH PLAIN, login with @realm", [EHLO, f"AUTH PLAIN {b64(chr(0) + 'alice@mx.campus.example' + chr(0) + 'wonderland')}", QUIT])
auth("plain-challenge-ok", "AUTH PLAIN, then the response", [EHLO, "AUTH PLAIN", PLAIN_OK, QUIT])
auth("plain-challenge-bad", "AUTH PLAIN, then a wrong password", [EHLO, "AUTH PLAIN", b64("\0alice\0nope"), QUIT])
auth("plain-challenge-cancel", "AUTH PLAIN, then * (cancel)", [EHLO, "AUTH PLAIN", "*", QUIT])
auth("plain-challenge-bad-base64", "AUTH PLAIN, then invalid base64", [EHLO, "AUTH PLAIN", "!!!!", QUIT])
auth("plain-challenge-empty", "AUTH PLAIN, then an empty line", [EHLO, "AUTH PLAIN", "", QUIT])
auth("plain-challenge-equals", "AUTH PLAIN, then =", [EHLO, "AUTH PLAIN", "=", QUIT])
auth("login-ok", "AUTH LOGIN, user, password", [EHLO, "AUTH LOGIN", b64("alice"), b64("wonderland"), QUIT])
auth("login-ir-ok", "AUTH LOGIN with the user as initial response", [EHLO, f"AUTH LOGIN {b64('alice')}", b64("wonderland"), QUIT])
auth("login-bad-password", "AUTH LOGIN, wrong password", [EHLO, "AUTH LOGIN", b64("alice"), b64("wrong"), QUIT])
auth("login-unknown-user", "AUTH LOGIN, unknown user", [EHLO, "AUTH LOGIN", b64("mallory"), b64("x"), QUIT])
auth("login-cancel-user", "AUTH LOGIN, * at the user prompt", [EHLO, "AUTH LOGIN", "*", QUIT])
auth("login-cancel-password", "AUTH LOGIN, * at the password prompt", [EHLO, "AUTH LOGIN", b64("alice"), "*", QUIT])
auth("login-bad-base64", "AUTH LOGIN, invalid base64 user", [EHLO, "AUTH LOGIN", "@@@@", QUIT])
auth("login-bad-base64-password", "AUTH LOGIN, invalid base64 password", [EHLO, "AUTH LOGIN", b64("alice"), "@@@@", QUIT])
auth("login-empty-user", "AUTH LOGIN, an empty line as user", [EHLO, "AUTH LOGIN", "", QUIT])
auth("lowercase", "auth plain in lower case", [EHLO, f"auth plain {PLAIN_OK}", QUIT])
auth("mech-lowercase", "AUTH login (mechanism in lower case)", [EHLO, "AUTH login", b64("alice"), b64("wonderland"), QUIT])
auth("unknown-mech", "AUTH CRAM-MD5 (not offered)", [EHLO, "AUTH CRAM-MD5", QUIT])
auth("unknown-mech-bogus", "AUTH FOO", [EHLO, "AUTH FOO", QUIT])
auth("unknown-mech-ir", "AUTH XOAUTH2 with an initial response", [EHLO, "AUTH XOAUTH2 dXNlcj1hbGljZQ==", QUIT])
auth("no-mech", "AUTH without a mechanism", [EHLO, "AUTH", QUIT])
auth("extra-args", "AUTH PLAIN with two arguments", [EHLO, f"AUTH PLAIN {PLAIN_OK} extra", QUIT])
auth("twice", "AUTH after a successful AUTH", [EHLO, AUTH_OK, AUTH_OK, QUIT])
auth("before-ehlo", "AUTH before EHLO", [AUTH_OK, QUIT])
auth("after-helo", "AUTH after HELO", [HELO, AUTH_OK, QUIT])
auth("in-transaction", "AUTH during a transaction", [EHLO, MAIL, AUTH_OK, QUIT])
auth("fail-then-ok", "a wrong password, then the right one", [EHLO, f"AUTH PLAIN {b64(chr(0) + 'alice' + chr(0) + 'wrong')}", AUTH_OK, QUIT])
auth("ok-then-relay", "AUTH, then a relayed message",
     [EHLO, AUTH_OK, MAIL, "RCPT TO:<someone@victim1.example>", "DATA", Data(*MESSAGE), QUIT])
auth("fail-then-relay", "a failed AUTH, then a relay attempt",
     [EHLO, f"AUTH PLAIN {b64(chr(0) + 'alice' + chr(0) + 'wrong')}", MAIL, "RCPT TO:<someone@victim1.example>", QUIT])
auth("cancel-then-relay", "a cancelled AUTH, then a relay attempt",
     [EHLO, "AUTH LOGIN", "*", MAIL, "RCPT TO:<someone@victim1.example>", QUIT])
auth("ehlo-resets", "AUTH, EHLO again, then relay (EHLO does not undo AUTH)",
     [EHLO, AUTH_OK, EHLO, MAIL, "RCPT TO:<someone@victim1.example>", QUIT])
auth("rset-keeps", "AUTH, RSET, then relay", [EHLO, AUTH_OK, "RSET", MAIL, "RCPT TO:<someone@victim1.example>", QUIT])
auth("ehlo-after-auth", "EHLO after AUTH (capabilities)", [EHLO, AUTH_OK, EHLO, QUIT])
auth("long-response", "an AUTH PLAIN initial response of 13000 octets (smtpd_sasl_response_limit)",
     [EHLO, Line("AUTH PLAIN " + long(13000, "A"), timeout=6), QUIT])
auth("long-continued", "a continued response of 3000 octets",
     [EHLO, "AUTH PLAIN", Line(long(3000, "A"), timeout=6), QUIT])
auth("pipelined", "AUTH pipelined with MAIL and RCPT",
     [EHLO, Pipe(AUTH_OK, MAIL, "RCPT TO:<someone@victim1.example>"), QUIT])
auth("null-sender-relay", "AUTH, then <> to a remote recipient",
     [EHLO, AUTH_OK, "MAIL FROM:<>", "RCPT TO:<someone@victim1.example>", QUIT])

# ---- limits -------------------------------------------------------------------------------------
add("limit-recipients", "limits", "1001 recipients (smtpd_recipient_limit 1000)",
    [EHLO, MAIL, Pipe(*[f"RCPT TO:<alice@campus.example>"] * 1001, timeout=10), QUIT],
    only={"open", "authenticated"})
add("limit-message-size", "limits", "a message of 10.3 MB (message_size_limit 10240000)",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA",
     Data("Subject: big", "", *([long(998, "b")] * 10300), timeout=60, label="<10300 lines of 998 octets>"), QUIT],
    only={"open"})
add("limit-message-size-declared", "limits", "SIZE= over the limit, then the message anyway",
    [EHLO, "MAIL FROM:<sender@client.example> SIZE=20000000", "RCPT TO:<alice@campus.example>", QUIT])
add("limit-command-513", "limits", "a NOOP line of 513 octets with CRLF (RFC 5321 says 512)",
    [EHLO, "NOOP " + long(506), QUIT])
add("limit-command-512", "limits", "a NOOP line of exactly 512 octets with CRLF", [EHLO, "NOOP " + long(505), QUIT])
add("limit-command-2000", "limits", "a NOOP line of 2000 octets", [EHLO, "NOOP " + long(1993), QUIT])
add("limit-command-2046", "limits", "a NOOP line of 2048 octets with CRLF (line_length_limit)", [EHLO, "NOOP " + long(2041), QUIT])
add("limit-command-2047", "limits", "a NOOP line of 2047 + CRLF", [EHLO, "NOOP " + long(2042), QUIT])
add("limit-command-2048", "limits", "a NOOP line of 2048 + CRLF", [EHLO, "NOOP " + long(2043), QUIT])
add("limit-command-5000", "limits", "a NOOP line of 5000 octets", [EHLO, Line("NOOP " + long(4995), timeout=5), QUIT])
add("limit-unknown-5000", "limits", "an unknown command line of 5000 octets", [EHLO, Line(long(5000, "Z"), timeout=5), QUIT])
add("limit-mail-long", "limits", "MAIL FROM with a 600-octet address", [EHLO, "MAIL FROM:<" + long(580) + "@client.example>", QUIT])
add("limit-rcpt-long", "limits", "RCPT TO with a 1000-octet address", [EHLO, MAIL, "RCPT TO:<" + long(985) + "@campus.example>", QUIT])
add("limit-ehlo-long", "limits", "EHLO with a 600-octet name", ["EHLO " + long(600, "h") + ".example", QUIT])
add("limit-data-line-1000", "limits", "a message line of 998 octets + CRLF (RFC 5321's 1000)",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data("Subject: l", "", long(998)), QUIT])
add("limit-data-line-1001", "limits", "a message line of 999 octets + CRLF",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data("Subject: l", "", long(999)), QUIT])
add("limit-data-line-5000", "limits", "a message line of 5000 octets",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data("Subject: l", "", long(5000)), QUIT])
add("limit-header-long", "limits", "a header line of 3000 octets",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Data("Subject: " + long(3000), "", "hi"), QUIT])
add("limit-timeout", "limits", "a silent client (smtpd_timeout, 10 s in both)",
    [EHLO, Silence(14)], only={"closed"})

# ---- line handling ------------------------------------------------------------------------------
add("line-bare-lf-ehlo", "lines", "EHLO ended by a bare LF", [Raw(b"EHLO client.example\n"), QUIT])
add("line-bare-lf-all", "lines", "a whole session with bare LF line ends",
    [Raw(b"EHLO client.example\n"), Raw(b"MAIL FROM:<sender@client.example>\n"),
     Raw(b"RCPT TO:<alice@campus.example>\n"), Raw(b"DATA\n"), Raw(b"Subject: lf\n\nhello\n.\n"), Raw(b"QUIT\n")])
add("line-bare-cr-command", "lines", "a bare CR inside a command", [EHLO, Raw(b"NOOP\rNOOP\r\n"), QUIT])
add("line-cr-cr-lf", "lines", "CR CR LF", [EHLO, Raw(b"NOOP\r\r\n"), QUIT])
add("line-bare-cr-ehlo", "lines", "EHLO name with a bare CR", [Raw(b"EHLO client\r.example\r\n"), QUIT])
add("line-bare-cr-rcpt", "lines", "a bare CR inside the recipient",
    [EHLO, MAIL, Raw(b"RCPT TO:<alice\r@campus.example>\r\n"), QUIT])
add("line-lf-cr", "lines", "LF CR as line end", [EHLO, Raw(b"NOOP\n\r"), Raw(b"QUIT\r\n")])
add("line-nul-noop", "lines", "a NUL in NOOP", [EHLO, Raw(b"NOOP\x00\r\n"), QUIT])
add("line-nul-ehlo", "lines", "a NUL in the EHLO name", [Raw(b"EHLO client\x00.example\r\n"), QUIT])
add("line-nul-mail", "lines", "a NUL in the sender", [EHLO, Raw(b"MAIL FROM:<se\x00nder@client.example>\r\n"), QUIT])
add("line-nul-rcpt", "lines", "a NUL in the recipient",
    [EHLO, MAIL, Raw(b"RCPT TO:<alice\x00@campus.example>\r\n"), QUIT])
add("line-nul-verb", "lines", "a NUL inside the verb", [EHLO, Raw(b"NO\x00OP\r\n"), QUIT])
add("line-nul-only", "lines", "a line of one NUL", [EHLO, Raw(b"\x00\r\n"), QUIT])
add("line-8bit-command", "lines", "an 8-bit octet in an unknown command", [EHLO, Raw(b"N\xffOP\r\n"), QUIT])
add("line-8bit-rcpt", "lines", "a Latin-1 octet in the recipient",
    [EHLO, MAIL, Raw(b"RCPT TO:<al\xefce@campus.example>\r\n"), QUIT])
add("line-split-writes", "lines", "one command in three writes",
    [Raw(b"EH", 0), Raw(b"LO client.exa", 0), Raw(b"mple\r\n"), QUIT])
add("line-crlf-only", "lines", "several empty lines", [EHLO, Raw(b"\r\n\r\n", 2), QUIT])
add("line-data-bare-lf", "lines", "message lines ended by bare LF, final dot CRLF",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: lf\n\nbody\n.\r\n"), QUIT])
add("line-data-dot-lf", "lines", "message ended by LF . LF (the SMTP smuggling form)",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: lf\r\n\r\nbody\n.\n"), QUIT])
add("line-data-crlf-dot-lf", "lines", "message ended by CRLF . LF",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: x\r\n\r\nbody\r\n.\n"), QUIT])
add("line-data-lf-dot-crlf", "lines", "message ended by LF . CRLF",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: x\r\n\r\nbody\n.\r\n"), QUIT])
add("line-data-smuggle", "lines", "a second transaction hidden after LF . LF",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA",
     Raw(b"Subject: x\r\n\r\nbody\n.\nMAIL FROM:<evil@client.example>\r\nRCPT TO:<bob@campus.example>\r\n"
         b"DATA\r\nSubject: smuggled\r\n\r\nhi\r\n.\r\n", 1, timeout=3), QUIT])
add("line-data-dot-cr", "lines", "message ended by CRLF . CR CRLF",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: x\r\n\r\nbody\r\n.\r\r\n.\r\n"), QUIT])
add("line-data-bare-cr", "lines", "a bare CR in a message line",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: x\r\n\r\nbo\rdy\r\n.\r\n"), QUIT])
add("line-data-nul", "lines", "a NUL in a message line",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: x\r\n\r\nbo\x00dy\r\n.\r\n"), QUIT])
add("line-data-8bit", "lines", "8-bit octets in a message without BODY=8BITMIME",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: x\r\n\r\nb\xe9b\xe9\r\n.\r\n"), QUIT])
add("line-data-dot-space", "lines", "a line '. ' does not end the message",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA", Raw(b"Subject: x\r\n\r\n. \r\nmore\r\n.\r\n"), QUIT])
add("line-lf-then-pipelined", "lines", "two commands with bare LF in one write",
    [EHLO, Raw(b"NOOP\nNOOP\n", 2), QUIT])

# ---- pipelining ---------------------------------------------------------------------------------
add("pipe-transaction", "pipelining", "MAIL, RCPT, RCPT, DATA in one write",
    [EHLO, Pipe(MAIL, "RCPT TO:<alice@campus.example>", "RCPT TO:<bob@campus.example>", "DATA"), Data(*MESSAGE), QUIT])
add("pipe-ehlo-too", "pipelining", "EHLO, MAIL, RCPT, DATA in one write",
    [Pipe(EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA"), Data(*MESSAGE), QUIT])
add("pipe-everything", "pipelining", "a whole session in one write",
    [Raw(b"EHLO client.example\r\nMAIL FROM:<sender@client.example>\r\nRCPT TO:<alice@campus.example>\r\n"
         b"DATA\r\nSubject: all at once\r\n\r\nhello\r\n.\r\nQUIT\r\n", 6)])
add("pipe-refused-then-data", "pipelining", "a refused recipient, DATA and the message in one write",
    [EHLO, Raw(b"MAIL FROM:<sender@client.example>\r\nRCPT TO:<nobody@campus.example>\r\nDATA\r\n"
               b"Subject: x\r\n\r\nhello\r\n.\r\nQUIT\r\n", 8)])
add("pipe-relay-denied-then-data", "pipelining", "a relay refusal and DATA in one write",
    [EHLO, Pipe(MAIL, "RCPT TO:<someone@victim1.example>", "DATA"), QUIT])
add("pipe-mixed-rcpts", "pipelining", "good and bad recipients pipelined",
    [EHLO, Pipe(MAIL, "RCPT TO:<nobody@campus.example>", "RCPT TO:<alice@campus.example>",
                "RCPT TO:<someone@victim1.example>", "DATA"), Data(*MESSAGE), QUIT])
add("pipe-rset-retry", "pipelining", "MAIL, RCPT, RSET, MAIL, RCPT, DATA in one write",
    [EHLO, Pipe(MAIL, "RCPT TO:<alice@campus.example>", "RSET", MAIL, "RCPT TO:<bob@campus.example>", "DATA"),
     Data(*MESSAGE), QUIT])
add("pipe-after-helo", "pipelining", "pipelining after HELO (not offered)",
    [HELO, Pipe(MAIL, "RCPT TO:<alice@campus.example>", "DATA"), Data(*MESSAGE), QUIT])
add("pipe-before-greeting", "pipelining", "EHLO sent before the greeting",
    [Early(b"EHLO client.example\r\n"), MAIL, "RCPT TO:<alice@campus.example>", QUIT])
add("pipe-noops", "pipelining", "five NOOPs in one write", [EHLO, Pipe(*["NOOP"] * 5), QUIT])
add("pipe-quit-middle", "pipelining", "NOOP, QUIT, NOOP in one write", [EHLO, Raw(b"NOOP\r\nQUIT\r\nNOOP\r\n", 3)])
add("pipe-data-and-quit", "pipelining", "the message and QUIT in one write",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "DATA",
     Raw(b"Subject: x\r\n\r\nhello\r\n.\r\nQUIT\r\n", 2)])
add("pipe-two-messages", "pipelining", "two messages back to back in one write after the first 354",
    [EHLO, Pipe(MAIL, "RCPT TO:<alice@campus.example>", "DATA"),
     Raw(b"Subject: one\r\n\r\n1\r\n.\r\nMAIL FROM:<sender@client.example>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n", 4),
     Data("Subject: two", "", "2"), QUIT])
add("pipe-vrfy-rcpt", "pipelining", "VRFY pipelined in a transaction",
    [EHLO, Pipe(MAIL, "VRFY alice", "RCPT TO:<alice@campus.example>"), QUIT])

# ---- submission behaviour (every target runs these; they matter most on the submission port) ---
add("sub-noauth-transaction", "submission", "no AUTH: MAIL, local RCPT, remote RCPT, DATA",
    [EHLO, MAIL, "RCPT TO:<alice@campus.example>", "RCPT TO:<someone@victim1.example>", "DATA", QUIT])
add("sub-noauth-null-sender", "submission", "no AUTH: MAIL FROM:<> and a local recipient",
    [EHLO, "MAIL FROM:<>", "RCPT TO:<alice@campus.example>", QUIT])
add("sub-auth-unknown-local", "submission", "AUTH, then an unknown local user",
    [EHLO, AUTH_OK, MAIL, "RCPT TO:<nobody@campus.example>", QUIT])
add("sub-auth-login-relay", "submission", "AUTH LOGIN, then a relayed message",
    [EHLO, "AUTH LOGIN", b64("alice"), b64("wonderland"), "MAIL FROM:<alice@campus.example>",
     "RCPT TO:<someone@victim1.example>", "DATA", Data(*MESSAGE), QUIT])
add("sub-auth-bad-then-mail", "submission", "a wrong password, then MAIL",
    [EHLO, "AUTH LOGIN", b64("alice"), b64("wrong"), MAIL, "RCPT TO:<alice@campus.example>", QUIT])
add("sub-helo-mail", "submission", "HELO (no AUTH offered), then MAIL",
    [HELO, MAIL, "RCPT TO:<alice@campus.example>", QUIT])
add("sub-vrfy", "submission", "VRFY without AUTH", [EHLO, "VRFY alice", QUIT])
add("sub-auth-then-pipeline", "submission", "AUTH, then a pipelined transaction",
    [EHLO, AUTH_OK, Pipe(MAIL, "RCPT TO:<someone@victim1.example>", "RCPT TO:<alice@campus.example>", "DATA"),
     Data(*MESSAGE), QUIT])

# ---- the rules behind the replies above, case by case ---------------------------------------------
# Each of these pins one rule of Postfix's smtpd (or of Cyrus SASL beneath it) that the engine
# follows: what a chunk counts, what ends a line, which check comes first.
RCPT_ALICE = "RCPT TO:<alice@campus.example>"

# BDAT (RFC 3030): chunks join into one message, counted line by line as Postfix counts DATA's
# (each line, or each 2048-octet piece of a longer one, with 2 for its line end); a refused chunk
# makes the rest of the transfer discarded up to LAST; a malformed BDAT ends the session.
add("bdat-two-chunks", "sequence", "BDAT 3, then BDAT 2 LAST: the chunks make one line",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 3\r\nabc"), Raw(b"BDAT 2 LAST\r\nab"), QUIT])
add("bdat-cr-lines", "sequence", "BDAT with CR CR LF and bare LF line ends",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 12 LAST\r\nab\r\r\ncd\nef\r\n"), QUIT])
add("bdat-long-line", "sequence", "BDAT LAST with one line of 5000 octets",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 5002 LAST\r\n" + b"x" * 5000 + CRLF), QUIT])
add("bdat-cr-at-bound", "sequence", "BDAT LAST whose 2048th octet is a CR without LF",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 2051 LAST\r\n" + b"x" * 2047 + b"\ry\r\n"), QUIT])
add("bdat-dots", "sequence", "BDAT LAST with dot lines (no dot-stuffing in BDAT)",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 6 LAST\r\n.\r\n.\r\n"), QUIT])
add("bdat-empty-last", "sequence", "BDAT 0 LAST: an empty message",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 0 LAST\r\n"), QUIT])
add("bdat-refused-then-discarded", "sequence", "BDAT before MAIL, MAIL during the transfer, then LAST",
    [EHLO, Raw(b"BDAT 3\r\nabc"), MAIL, Raw(b"BDAT 2 LAST\r\nab"), MAIL, QUIT])
add("bdat-null", "sequence", "BDAT 0 without LAST, then DATA and RCPT during the transfer",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 0\r\n"), "DATA", "RCPT TO:<bob@campus.example>",
     Raw(b"BDAT 1 LAST\r\nx"), QUIT])
add("bdat-no-valid-rcpt", "sequence", "BDAT after every recipient was refused",
    [EHLO, MAIL, "RCPT TO:<nobody@campus.example>", Raw(b"BDAT 3\r\nabc"), Raw(b"BDAT 0 LAST\r\n"), QUIT])
add("bdat-then-commands", "sequence", "commands during a BDAT transfer, then RSET",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 3\r\nabc"), "DATA", "RCPT TO:<bob@campus.example>", MAIL, "NOOP",
     "AUTH PLAIN", "RSET", MAIL, QUIT])
add("bdat-ehlo-resets", "sequence", "EHLO during a BDAT transfer ends it",
    [EHLO, MAIL, RCPT_ALICE, Raw(b"BDAT 3\r\nabc"), EHLO, MAIL, QUIT])
for key, line in [("noarg", "BDAT"), ("letters", "BDAT x"), ("bad-last", "BDAT 5 FOO"), ("negative", "BDAT -1"),
                  ("extra", "BDAT 1 LAST extra"), ("huge", "BDAT 99999999999999999999")]:
    add(f"bdat-syntax-{key}", "sequence", f"{line} (malformed: the session ends)", [EHLO, line, "NOOP"])
add("bdat-chunk-too-big", "limits", "BDAT chunks of 6 MB and 6 MB LAST (message_size_limit 10240000)",
    [EHLO, MAIL, RCPT_ALICE,
     Raw(b"BDAT 6000000\r\n" + (b"b" * 998 + CRLF) * 6000, timeout=30, label="<BDAT 6000000, 6000 lines>"),
     Raw(b"BDAT 6000000 LAST\r\n" + (b"b" * 998 + CRLF) * 6000, timeout=30, label="<BDAT 6000000 LAST>"),
     MAIL, QUIT], only={"open"})

# ETRN (RFC 1985): fast_flush_domains is $relay_domains, subdomains included.
add("etrn-relay-domain", "sequence", "ETRN for the relay domain, its subdomain, with @ and #",
    [EHLO, "ETRN backup.example", "ETRN @BACKUP.example", "ETRN sub.backup.example", "ETRN #campus.example", QUIT])
add("etrn-syntax", "sequence", "ETRN with a bad name, a literal, two words",
    [EHLO, "ETRN bad_name!", "ETRN [192.0.2.1]", "ETRN 192.0.2.1", "ETRN a b", QUIT])
add("etrn-in-transaction", "sequence", "ETRN during a transaction", [EHLO, MAIL, "ETRN backup.example", "ETRN", QUIT])

add("xclient-noarg", "sequence", "XCLIENT and XFORWARD without attributes", [EHLO, "XCLIENT", "XFORWARD", QUIT])
add("xclient-in-transaction", "sequence", "XCLIENT, XFORWARD and STARTTLS during a transaction",
    [EHLO, MAIL, "XCLIENT ADDR=203.0.113.1", "XFORWARD ADDR=203.0.113.1", "STARTTLS", QUIT])
add("vrfy-forms", "sequence", "VRFY with a phrase, SMTPUTF8, quotes, <>",
    [EHLO, "VRFY Alice  Smith <alice@campus.example>", "VRFY alice SMTPUTF8", "VRFY SMTPUTF8", "VRFY \"alice\"",
     "VRFY <>", "VRFY <nobody@campus.example> smtputf8", QUIT])
add("errors-reset-after-message", "sequence", "12 errors, a message, 12 more: the count starts again",
    [EHLO] + [Line("FOO", timeout=6)] * 12 + [MAIL, RCPT_ALICE, Line("DATA", timeout=6), Data(*MESSAGE, timeout=6)] +
    [Line("FOO", timeout=6)] * 12 + [QUIT], only={"open"})
add("non-smtp-header-like", "sequence", "header-like and non-letter first words",
    [EHLO, "From:<a@b.example>"])
add("non-smtp-star", "sequence", "a line '*' outside an AUTH exchange", [EHLO, "*"])
add("unknown-word-with-colon", "sequence", "a verb with a colon later in the word", [EHLO, "MAILFROM:<a@b.example>"])

# Cyrus SASL beneath Postfix: the reasons, the realm, empty users, the 1024-octet LOGIN limit.
auth("plain-empty-user", "AUTH PLAIN with an empty user", [EHLO, f"AUTH PLAIN {b64(chr(0) + chr(0) + PASSWORD)}", QUIT])
auth("plain-authzid-empty-user", "AUTH PLAIN with an authzid and an empty user",
     [EHLO, f"AUTH PLAIN {b64('alice' + chr(0) + chr(0) + PASSWORD)}", QUIT])
auth("plain-realm-other", "AUTH PLAIN, login with another realm",
     [EHLO, f"AUTH PLAIN {b64(chr(0) + 'alice@other.example' + chr(0) + PASSWORD)}", QUIT])
auth("plain-realm-case", "AUTH PLAIN, the realm in capitals",
     [EHLO, f"AUTH PLAIN {b64(chr(0) + 'alice@MX.CAMPUS.EXAMPLE' + chr(0) + PASSWORD)}", QUIT])
auth("plain-trailing-nul", "AUTH PLAIN with a NUL after the password",
     [EHLO, f"AUTH PLAIN {b64(chr(0) + 'alice' + chr(0) + PASSWORD + chr(0))}", QUIT])
auth("login-long-user", "AUTH LOGIN, a user name of 1025 octets", [EHLO, "AUTH LOGIN", b64("a" * 1025), QUIT])
auth("login-cr-response", "AUTH LOGIN, a response that starts with CR",
     [EHLO, "AUTH LOGIN", Raw(b"\r" + b64("alice").encode() + CRLF), QUIT])
auth("login-nul-response", "AUTH LOGIN, a NUL after the user name",
     [EHLO, "AUTH LOGIN", Raw(b64("alice").encode() + b"\0junk" + CRLF), b64(PASSWORD), QUIT])
auth("login-ir-equals", "AUTH login = (an empty initial response)", [EHLO, "AUTH login =", QUIT])
auth("unknown-mech-bad-ir", "AUTH FOO with invalid base64: decoded first", [EHLO, "AUTH FOO !!!!", QUIT])
auth("short-base64", "AUTH LOGIN, a response cut short", [EHLO, "AUTH LOGIN", "YWxpY2", QUIT])

# The DSN and other ESMTP parameters, value by value.
for key, params in [("auth-twice", "AUTH=a AUTH=b"), ("auth-xtext", "AUTH=x+2"), ("envid-empty", "ENVID="),
                    ("envid-bad-xtext", "ENVID=a+2"), ("envid-control", "ENVID=a+0A"), ("envid-lower-hex", "ENVID=a+4a"),
                    ("envid-equals", "ENVID=a=b"), ("ret-lower", "RET=full"), ("ret-twice", "RET=FULL RET=HDRS"),
                    ("size-max", "SIZE=9223372036854775807"), ("size-past-max", "SIZE=9223372036854775808"),
                    ("size-plus", "SIZE=+5"), ("smtputf8-twice", "SMTPUTF8 SMTPUTF8"),
                    ("size-before-unknown", "SIZE=20000000 FOO")]:
    add(f"mail-param-{key}", "esmtp", f"MAIL FROM:<...> {params}", [EHLO, f"MAIL FROM:<sender@client.example> {params}", QUIT])
for key, params in [("notify-empty", "NOTIFY="), ("notify-empty-item", "NOTIFY=success,,delay"),
                    ("notify-twice", "NOTIFY=NEVER NOTIFY=NEVER"), ("orcpt-empty-type", "ORCPT=;a"),
                    ("orcpt-empty-address", "ORCPT=x;"), ("orcpt-bad-xtext", "ORCPT=x;a+2"),
                    ("orcpt-twice", "ORCPT=x;a ORCPT=x;b"), ("orcpt-control", "ORCPT=utf-8;a+0A")]:
    add(f"rcpt-param-{key}", "esmtp", f"RCPT TO:<...> {params}", [EHLO, MAIL, f"{RCPT_ALICE} {params}", QUIT])

# Reading lines as Postfix's smtp_get does: 2048 octets with the LF; a CR in the last place waits
# for the next octet; what is left of a longer command line is discarded up to its LF.
add("line-cr-at-bound", "lines", "NOOP whose 2048th octet is a CR, then NOOP on the same line",
    [EHLO, Raw(b"NOOP " + b"x" * 2042 + b"\rNOOP\r\n"), QUIT])
add("line-cr-cr-at-bound", "lines", "NOOP whose 2048th octet is a CR followed by CR LF",
    [EHLO, Raw(b"NOOP " + b"x" * 2042 + b"\r\r\n"), QUIT])
add("auth-long-continued-cut", "auth", "AUTH PLAIN, then a response of 13000 octets (smtpd_sasl_response_limit)",
    [EHLO, "AUTH PLAIN", Line(long(13000, "A"), timeout=6), QUIT])
add("line-cr-cr-within-bound", "lines", "NOOP with CR CR LF ending at octet 2049",
    [EHLO, Raw(b"NOOP " + b"x" * 2041 + b"\r\r\n"), QUIT])
add("line-vt-ff", "lines", "VT and FF between words", [EHLO, Raw(b"NOOP\x0bNOOP\x0c\r\n"), QUIT])
add("line-long-mail-cut", "lines", "a MAIL line of 3000 octets: the path is cut short",
    [EHLO, "MAIL FROM:<" + long(3000) + "@client.example>", QUIT])
add("line-data-piece-dot", "lines", "a message line of 2049 octets whose second piece is a lone dot",
    [EHLO, MAIL, RCPT_ALICE, "DATA", Data("Subject: x", "", "a" * 2048 + "."), QUIT])

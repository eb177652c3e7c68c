#!/usr/bin/env bash
# `cmake --install` as a lab machine gets it (the Debian package holds the same files): the
# binary, the lessons, the docs and a man page that groff reads without a warning; and the
# installed relaysim runs a shipped lesson by its name from any folder, a file of that name
# in the folder taking precedence.
set -euo pipefail
build=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cmake --install "$build" --prefix "$stage/usr" >/dev/null

for f in bin/relaysim share/relaysim/scenarios/03-authenticated.yaml share/man/man1/relaysim.1.gz \
         share/locale/es/LC_MESSAGES/relaysim.mo \
         share/doc/relaysim/README.md share/doc/relaysim/docs/concepts.md \
         share/doc/relaysim/visualizations/02-open-relay/slides/02-flows.svg; do
  [ -e "$stage/usr/$f" ] || { echo "FAIL: $f is not installed"; exit 1; }
done

warnings=$(zcat "$stage/usr/share/man/man1/relaysim.1.gz" | groff -man -ww -z 2>&1)
[ -z "$warnings" ] || { echo "FAIL: the man page has groff warnings:"; echo "$warnings"; exit 1; }

mkdir "$stage/lab" && cd "$stage/lab"
"$stage/usr/bin/relaysim" run 03-authenticated --quiet --transcripts none --until 30m --out out
grep -q '"scenario": "authenticated"' out/topology.json || { echo "FAIL: the lesson did not run"; exit 1; }
# In Spanish from the installed catalogue (share/locale), not the build tree's: LANG chooses it.
env -u LC_ALL -u LC_MESSAGES LANG=es_ES.UTF-8 "$stage/usr/bin/relaysim" run 03-authenticated --transcripts none --until 30m --out out-es >summary
grep -q "Servidores de correo" summary || { echo "FAIL: no Spanish summary:"; cat summary; exit 1; }

set +e
"$stage/usr/bin/relaysim" run no-such-lesson --quiet 2>err
status=$?
set -e
[ "$status" -eq 2 ] || { echo "FAIL: an unknown lesson exits $status, not 2"; exit 1; }
grep -q "no-such-lesson" err || { echo "FAIL: the message does not name the lesson:"; cat err; exit 1; }

printf 'name: [unclosed\n' >03-authenticated  # a file of the lesson's name, here: it is the one run
set +e
"$stage/usr/bin/relaysim" run 03-authenticated --quiet 2>err
status=$?
set -e
[ "$status" -eq 2 ] && grep -q "^03-authenticated:[0-9]*:[0-9]*: error" err || { echo "FAIL: the local file was not the one read:"; cat err; exit 1; }
echo "installed: binary, lessons, docs, man page; lessons run by name"

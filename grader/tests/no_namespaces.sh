#!/bin/sh
# no_namespaces.sh - the grader where namespaces are refused (no_namespaces.c):
# the reference still scores full marks, the report says which isolation
# was in force, and the grader does not pretend bubblewrap ran.
set -u
jail=$1
kit=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d /tmp/kit-nons.XXXXXX)
trap 'rm -rf "$out"' EXIT
"$jail" "$kit/build/grader/grader" --kit "$kit" --lab 01,06 \
	--submission "$kit/solutions" --build "$out/build" --expect full \
	--color never > "$out/report" 2>&1
status=$?
tail -n 1 "$out/report"
[ $status = 0 ] || { echo "the reference did not score full marks"; exit 1; }
grep -q 'isolation: process session only' "$out/report" ||
	{ echo "the report does not say bubblewrap was unavailable"; exit 1; }
echo "ok: full marks without namespaces, and the report says so"

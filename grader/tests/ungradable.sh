#!/bin/sh
# ungradable.sh - when the machine, not the student, keeps the tests from
# running, the grader says so, exits 2, and gives no score.
set -u
kit=$(cd "$(dirname "$0")/../.." && pwd)
grader=$kit/build/grader/grader
out=$(mktemp -d /tmp/kit-ungradable.XXXXXX)
trap 'rm -rf "$out"' EXIT
status=0

# No folder can be made for the tests (TMPDIR missing).
TMPDIR=/nonexistent/folder "$grader" --kit "$kit" --lab 01 \
	--submission "$kit/solutions" --build "$out/b1" --json "$out/r1.json" \
	--color never >"$out/log1" 2>&1
rc=$?
if [ $rc != 2 ]; then
	echo "FAIL  missing TMPDIR: exit status $rc, expected 2"; status=1
elif grep -q '^Total' "$out/log1" || [ -e "$out/r1.json" ]; then
	echo "FAIL  missing TMPDIR: a score was given"; status=1
elif ! grep -q 'cannot create a folder for the tests' "$out/log1"; then
	echo "FAIL  missing TMPDIR: the reason is not given"; cat "$out/log1"; status=1
else
	echo "ok    missing TMPDIR: not graded, exit 2, reason given"
fi

# The runner cannot make its scratch folder: the lab is "not graded".
KIT_SCRATCH=/proc "$kit/build/kit/runner" \
	"$(sh "$kit/common/tools/labinfo.sh" "$kit" 01-file-mapping path)" \
	/bin/true >"$out/log3" 2>&1
rc=$?
if [ $rc = 3 ] && grep -q 'cannot make the run' "$out/log3"; then
	echo "ok    runner without a scratch folder: exit 3 (the environment)"
else
	echo "FAIL  runner without a scratch folder: exit $rc"; cat "$out/log3"; status=1
fi
exit $status

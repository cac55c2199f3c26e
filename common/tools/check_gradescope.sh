#!/bin/sh
# check_gradescope.sh - the autograder zip works as Gradescope runs it.
#
# `make gradescope` for the first lab, unzipped into a fake /autograder
# (AUTOGRADER_ROOT); setup.sh as Gradescope runs it once, then
# run_autograder on: the solutions (full marks), the starters (zero), the
# lab's files uploaded alone (full marks), an empty submission, and a
# broken autograder.  Every run must leave a results.json with
# Gradescope's fields (grader/tests/gradescope_check.pl).
set -u
cd "$(dirname "$0")/../.." || exit 2
kit=$(pwd)
lab=$(basename "$(ls -d labs/*/ | head -n 1)")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"        # the sandbox's user must reach the build folders
root=$tmp/autograder
failures=0

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# run NAME EXPECTED: grades $root/submission, checks results.json's score.
run() {
	rm -rf "$root/results" "$root/work"
	AUTOGRADER_ROOT=$root sh "$root/run_autograder" >"$tmp/$1.log" 2>&1
	got=$(perl grader/tests/gradescope_check.pl "$root/results/results.json" 2>&1)
	case $got in
	"tests="*" score=$2 "*) echo "ok    $1: $got" ;;
	*) fail "$1: $got (expected score $2)"; tail -n 20 "$tmp/$1.log" ;;
	esac
}

submit() {       # submit DIR: DIR's content becomes the submission
	rm -rf "$root/submission"
	mkdir -p "$root/submission"
	[ -z "$1" ] || cp -R "$1"/. "$root/submission/"
}

make -s gradescope OUT="$tmp/autograder.zip" LAB="$lab" >/dev/null || fail "make gradescope"
listing=$(unzip -Z "$tmp/autograder.zip")
for f in setup.sh run_autograder; do
	printf '%s\n' "$listing" | grep -q "^-rwx.* $f\$" || fail "$f is not an executable at the zip's root"
done
printf '%s\n' "$listing" | grep -q ' solutions/' && fail "solutions/ is in the zip"

mkdir -p "$root/source"
unzip -q "$tmp/autograder.zip" -d "$root/source"
cp "$root/source/run_autograder" "$root/"       # as Gradescope does
(cd "$root/source" && sh ./setup.sh) >"$tmp/setup.log" 2>&1 ||
	{ tail -n 20 "$tmp/setup.log"; fail "setup.sh"; }
max=$(build/grader/grader --kit . --lab "$lab" --submission solutions \
	--json "$tmp/max.json" --color never >/dev/null 2>&1;
	perl grader/tests/gradescope_check.pl "$tmp/max.json" | sed 's/.*max_score=//')

submit solutions
run solutions "$max"
submit labs
run starters 0
mkdir "$tmp/loose"
for f in $(sh common/tools/labinfo.sh . "$lab" file); do cp "solutions/$lab/$f" "$tmp/loose/"; done
submit "$tmp/loose"
run "files-alone" "$max"
submit ""
run empty 0
rm "$root/source/build/grader/grader"
submit solutions
run broken-autograder 0
grep -q "could not grade" "$root/results/results.json" || fail "broken autograder: no explanation"

[ $failures = 0 ]

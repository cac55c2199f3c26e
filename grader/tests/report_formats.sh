#!/bin/sh
# report_formats.sh - every report, read by the program that consumes it.
#
#     report_formats.sh HOSTILE_GRADE
#
#   1. HOSTILE_GRADE's reports (a grade full of the worst student text):
#      JUnit valid against junit.xsd, TAP read by TAP::Parser with exactly
#      the failures the grade has (no TODO, no SKIP, no parse error),
#      results.json with Gradescope's fields, CSV of constant width.
#   2. The same for `make grade SUBMISSION=solutions` (everything passes,
#      prove accepts it) and for the starters (prove refuses them).
set -u
# The program's path, whole, before the cd below (make may give it relative).
hostile=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.." || exit 2
tests=grader/tests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

expect() {
	if [ "$2" = "$3" ]; then
		echo "ok    $1"
	else
		fail "$1: got '$2', expected '$3'"
	fi
}

junit_valid() {
	xmllint --noout --schema $tests/junit.xsd "$1" 2>"$tmp/xmllint.log" ||
		{ cat "$tmp/xmllint.log"; fail "$1 is not valid JUnit"; }
}

xpath() {
	xmllint --xpath "$1" "$2" 2>/dev/null
}

csv_field() {
	perl $tests/csv_rows.pl "$1" | sed -n "$2p" | sed 's/^[0-9]* fields: //' |
		awk -F' \\| ' -v f="$3" '{ print $f }'
}

# --- 1. hostile text -------------------------------------------------------

mkdir "$tmp/hostile"
"$hostile" "$tmp/hostile" >"$tmp/hostile/report.txt" || fail "hostile_grade failed"
h=$tmp/hostile/report

junit_valid "$h.xml"
expect "junit: testcases" "$(xpath 'count(//testcase)' "$h.xml")" 7
expect "junit: failures" "$(xpath 'count(//failure)' "$h.xml")" 3
expect "junit: errors" "$(xpath 'count(//error)' "$h.xml")" 3
expect "junit: counts agree" "$(xpath 'string(/testsuites/@failures)' "$h.xml")/$(xpath 'string(/testsuites/@errors)' "$h.xml")" 3/3
expect "junit: message kept, one line" \
	"$(xpath 'string(//testcase[@name="fails"]/failure/@message)' "$h.xml")" \
	"message # TODO not really"
expect "junit: a repeated name made unique" \
	"$(xpath 'count(//testcase[@name="fails (2)"])' "$h.xml")" 1

expect "tap: verdict" "$(perl $tests/tap_verdict.pl "$h.tap" | head -n 1)" \
	"tests=7 passed=1 failed=6 todo=0 skipped=0 parse_errors=0 yaml=7 version=13"
prove -e cat "$h.tap" >"$tmp/prove.log" 2>&1 && fail "prove accepts failing tests"
grep -q 'Parse errors' "$tmp/prove.log" && fail "prove finds parse errors"

expect "json: Gradescope's fields" "$(perl $tests/gradescope_check.pl "$h.json" 2>&1)" \
	"tests=6 score=2 max_score=9"

perl $tests/csv_rows.pl "$h.csv" >/dev/null || fail "gradebook is not CSV"
expect "csv: one row" "$(perl $tests/csv_rows.pl "$h.csv" | wc -l)" 2
expect "csv: id is not a formula" "$(csv_field "$h.csv" 2 1 | cut -c1-5)" "'=1+1"
expect "csv: status" "$(csv_field "$h.csv" 2 7)" \
	"incomplete: 02-broken does not compile; 03-kit kit error"
perl $tests/csv_rows.pl "$h.tests.csv" >/dev/null || fail "tests file is not CSV"
expect "csv: one row per test" "$(wc -l <"$h.tests.csv")" 7

# --- 2. real grades --------------------------------------------------------

grade() {
	name=$1
	shift
	build/grader/grader --kit . --color never --json "$tmp/$name.json" \
		--junit "$tmp/$name.xml" --tap "$tmp/$name.tap" \
		--csv "$tmp/$name.csv" "$@" >"$tmp/$name.txt" 2>&1
}

grade solutions --submission solutions
expect "solutions: exit status" $? 0
junit_valid "$tmp/solutions.xml"
expect "solutions: junit has no failure" \
	"$(xpath 'count(//failure | //error)' "$tmp/solutions.xml")" 0
# Each testcase carries its own time, as the trusted runner measured it.
expect "solutions: junit times its testcases" \
	"$(xpath 'count(//testcase[@time > 0]) > 0' "$tmp/solutions.xml")" true
prove -e cat "$tmp/solutions.tap" >"$tmp/prove.log" 2>&1 ||
	{ cat "$tmp/prove.log"; fail "prove refuses the solutions' TAP"; }
perl $tests/gradescope_check.pl "$tmp/solutions.json" >"$tmp/gs.log" 2>&1 ||
	{ cat "$tmp/gs.log"; fail "the solutions' results.json"; }
# The row: id, one column per lab, total, max, status.
row=$(perl $tests/csv_rows.pl "$tmp/solutions.csv" | sed -n 2p)
expect "solutions: total is max, graded" \
	"$(echo "$row" | awk -F' \\| ' '{ print ($(NF - 2) == $(NF - 1)) " " $NF }')" "1 graded"

grade starters
expect "starters: exit status" $? 1
junit_valid "$tmp/starters.xml"
prove -e cat "$tmp/starters.tap" >"$tmp/prove.log" 2>&1 && fail "prove accepts the starters' TAP"
perl $tests/tap_verdict.pl "$tmp/starters.tap" | grep -q ' passed=0 .* todo=0 skipped=0 parse_errors=0 ' ||
	fail "the starters' TAP: $(perl $tests/tap_verdict.pl "$tmp/starters.tap")"
perl $tests/gradescope_check.pl "$tmp/starters.json" >/dev/null || fail "the starters' results.json"

echo
[ $failures = 0 ] && echo "report formats: all good" || echo "report formats: $failures failed"
[ $failures = 0 ]

#!/bin/sh
# report_formats.sh - every report, read by the program that consumes it.
#
#     report_formats.sh HOSTILE_GRADE
#
#   1. HOSTILE_GRADE's reports (a grade full of the worst student text):
#      JUnit valid against junit.xsd, TAP read by TAP::Parser with exactly
#      the failures the grade has (no TODO, no SKIP, no parse error),
#      results.json with Gradescope's fields, CSV of constant width.
#      Its tests have each of the six outcomes (kit_record.h): each report
#      must give each test its own, in the format's terms, as its reader
#      (xmllint, TAP::Parser, JSON::PP, Python's json, csv_rows.pl) sees it.
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
expect "junit: testcases" "$(xpath 'count(//testcase)' "$h.xml")" 8
expect "junit: failures" "$(xpath 'count(//failure)' "$h.xml")" 1
expect "junit: errors" "$(xpath 'count(//error)' "$h.xml")" 4
expect "junit: skipped" "$(xpath 'count(//skipped)' "$h.xml")" 2
expect "junit: counts agree" "$(xpath 'string(/testsuites/@failures)' "$h.xml")/$(xpath 'string(/testsuites/@errors)' "$h.xml")" 1/4
expect "junit: suites count their skipped" "$(xpath 'sum(//testsuite/@skipped)' "$h.xml")" 2
expect "junit: message kept, one line" \
	"$(xpath 'string(//testcase[@name="fails"]/failure/@message)' "$h.xml")" \
	"message # TODO not really"
expect "junit: a repeated name made unique" \
	"$(xpath 'count(//testcase[@name="fails (2)"])' "$h.xml")" 1

expect "tap: verdict" "$(perl $tests/tap_verdict.pl "$h.tap" | head -n 1)" \
	"tests=8 passed=1 failed=7 todo=0 skipped=0 parse_errors=0 yaml=8 version=13"
prove -e cat "$h.tap" >"$tmp/prove.log" 2>&1 && fail "prove accepts failing tests"
grep -q 'Parse errors' "$tmp/prove.log" && fail "prove finds parse errors"

expect "json: Gradescope's fields" "$(perl $tests/gradescope_check.pl "$h.json" 2>&1)" \
	"tests=7 score=2 max_score=10"

perl $tests/csv_rows.pl "$h.csv" >/dev/null || fail "gradebook is not CSV"
expect "csv: one row" "$(perl $tests/csv_rows.pl "$h.csv" | wc -l)" 2
expect "csv: id is not a formula" "$(csv_field "$h.csv" 2 1 | cut -c1-5)" "'=1+1"
expect "csv: status" "$(csv_field "$h.csv" 2 8)" \
	"incomplete: 02-broken does not compile; 03-kit kit error; 04-env not graded (the environment failed)"
perl $tests/csv_rows.pl "$h.tests.csv" >/dev/null || fail "tests file is not CSV"
expect "csv: one row per test" "$(perl $tests/csv_rows.pl "$h.tests.csv" | wc -l)" 8

# --- 1b. each outcome, in every report ---------------------------------------

# "lab: test outcome" per test, as each format's reader gives them; the
# grade's are the test names' (hostile_grade.c).  The second "fails" of
# 01-hostile timed out; JUnit names it "fails (2)".
want="01-hostile: passes passed
01-hostile: fails failed
01-hostile: crashes crashed
01-hostile: fails timed-out
02-broken: first not-run
02-broken: second not-run
04-env: spoiled ungradable"
expect "tap: each outcome" "$(perl $tests/tap_outcomes.pl "$h.tap" |
	awk -F'\t' '$1 != "bailout" && $3 != "-" { print $2, $3 }')" "$want"
expect "tap: ok for passed only" "$(perl $tests/tap_outcomes.pl "$h.tap" |
	awk -F'\t' '$1 == "ok" { print $3 }')" passed
expect "tap: a grade not given bails out" \
	"$(perl $tests/tap_outcomes.pl "$h.tap" | grep -c '^bailout')" 1
json_outcomes() {       # FILE KEY-OF-NAME: "name outcome" per test
	perl -MJSON::PP -e 'local $/; open my $f, "<:raw", $ARGV[0] or die;
		my $d = JSON::PP->new->utf8->decode(<$f>);
		for my $t (@{ $d->{tests} }) {
			my $o = $ARGV[1] eq "name" ? $t->{extra_data}{outcome} : $t->{outcome};
			print "$t->{$ARGV[1]} $o\n";
		}' "$1" "$2"
}
expect "json: each outcome (extra_data)" "$(json_outcomes "$h.json" name)" "$want"
expect "json: Gradescope's status, passed for passed only" \
	"$(perl -MJSON::PP -e 'local $/; open my $f, "<:raw", $ARGV[0] or die;
		print join(",", map { $_->{status} } @{ JSON::PP->new->utf8->decode(<$f>)->{tests} })' \
		"$h.json")" "passed,failed,failed,failed,failed,failed,failed"
expect "classroom50: each outcome" "$(python3 -c 'import json, sys
for t in json.load(open(sys.argv[1], encoding="utf-8"))["tests"]:
    print(t["test-name"], t["outcome"], "true" if t["passed"] else "false")' "$h.c50.json")" \
	"$(printf '%s\n' "$want" | awk '{ print $0, ($NF == "passed" ? "true" : "false") }')"
expect "csv: each outcome" "$(perl $tests/csv_rows.pl "$h.tests.csv" | sed 1d |
	sed 's/^[0-9]* fields: //' | awk -F' \\| ' '{ print $2 ": " $3, $6 }')" "$want"
junit_of() {            # SUITE NAME: the element and type of that testcase
	xmllint --xpath "concat(name(//testsuite[@name='$1']/testcase[@name='$2']/*), ' ',
		//testsuite[@name='$1']/testcase[@name='$2']/*/@type)" "$h.xml" 2>/dev/null
}
expect "junit: each outcome" "$(junit_of 01-hostile passes)|$(junit_of 01-hostile fails)|$(junit_of 01-hostile crashes)|$(junit_of 01-hostile 'fails (2)')|$(junit_of 02-broken first)|$(junit_of 04-env spoiled)" \
	" |failure failed|error crashed|error timed-out|skipped |error ungradable"
expect "text: each outcome" "$(awk '/^  [A-Z]+  [a-z]+ +[0-9]+\/[0-9]+ / { printf "%s %s ", $2, $1 }' \
	"$tmp/hostile/report.txt")" \
	"passes PASS fails FAIL crashes CRASH fails TIMEOUT "
expect "text: labs not run, said once" \
	"$(grep -c '^02-broken .*does not compile$\|^04-env .*not graded (the environment failed)$' "$tmp/hostile/report.txt")" 2

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

# --- 3. a report that cannot be written --------------------------------------

# No grade then: exit 2, and the grader says which file (--reject: the
# labs are listed without being built or run, which is enough here).
for option in junit tap csv csv-tests; do
	build/grader/grader --kit . --lab 01 --reject "a test" --color never \
		--$option /dev/full >/dev/null 2>"$tmp/full.log"
	expect "--$option on a full disk: exit 2, said" \
		"$? $(grep -c 'cannot write /dev/full' "$tmp/full.log")" "2 1"
done
# Gradescope's and Classroom 50's files are written beside themselves, then
# renamed: never in /dev (as root, the rename would replace /dev/full).
for option in json classroom50; do
	build/grader/grader --kit . --lab 01 --reject "a test" --color never \
		--$option "$tmp/none/result.json" >/dev/null 2>"$tmp/full.log"
	expect "--$option where it cannot be written: exit 2, said" \
		"$? $(grep -c "cannot write $tmp/none/result.json" "$tmp/full.log")" "2 1"
done
build/grader/grader --kit . --lab 01 --reject "a test" --color never \
	>/dev/full 2>"$tmp/full.log"
expect "the text report on a full disk: exit 2, said" \
	"$? $(grep -c 'cannot write the report' "$tmp/full.log")" "2 1"

echo
[ $failures = 0 ] && echo "report formats: all good" || echo "report formats: $failures failed"
[ $failures = 0 ]

#!/bin/sh
# check_export.sh - `make export-canvas` and `make export-moodle` give the
# files their imports read (common/tools/export_grades.sh).
#
# A gradebook as grade-class writes it and rosters as Canvas and Moodle
# export them (a byte-order mark, Windows line ends, a quoted newline,
# Canvas's "Points Possible" row, an assignment that exists already, a
# name that is a formula, a student with no submission, a submission of no
# student), each export compared byte for byte with the file expected.
# Then what must write nothing: a roster key twice, a missing key column,
# a file that is not a gradebook.
set -u
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
failures=0

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# same NAME TARGET ARGS...: make TARGET ARGS writes $tmp/NAME.csv as expected.
same() {
	name=$1 target=$2
	shift 2
	if ! make -s "$target" "$@" OUT="$tmp/out-$name.csv" 2>"$tmp/$name.err"; then
		fail "$name: make $target failed"; cat "$tmp/$name.err"
	elif ! cmp -s "$tmp/out-$name.csv" "$tmp/$name.expected"; then
		fail "$name: not the expected file"; diff "$tmp/$name.expected" "$tmp/out-$name.csv"
	else
		echo "ok    $name"
	fi
}

# refused NAME TARGET ARGS...: make TARGET ARGS fails and writes no OUT.
refused() {
	name=$1 target=$2
	shift 2
	if make -s "$target" "$@" OUT="$tmp/out-$name.csv" >"$tmp/$name.err" 2>&1; then
		fail "$name: accepted"
	elif [ -e "$tmp/out-$name.csv" ]; then
		fail "$name: wrote $name.csv"
	else
		echo "ok    $name refused: $(grep export: "$tmp/$name.err" | head -n 1)"
	fi
}

# The gradebook: dan's folder was "Dan Smith" (an id with a space); erin
# is in no roster; "-frank" became "_frank" in grade-class.
cat >"$tmp/gradebook.csv" <<'EOF'
id,01-file-mapping,02-anonymous-mapping,total,max,status
alice,82,39,121,121,graded
bob,40,0,40,121,incomplete: 02-anonymous-mapping does not compile
Dan_Smith,0,0,0,121,rejected: an archive with a symbolic link
erin,10,10,20,121,graded
_frank,82,0,82,121,incomplete: 02-anonymous-mapping not submitted
EOF

# Canvas's export, as Excel saves it: BOM, CRLF.
printf '\357\273\277Student,ID,SIS User ID,SIS Login ID,Section,01-file-mapping (4401),Final Score\r\n' >"$tmp/canvas.csv"
printf '    Points Possible,,,,,82,(read only)\r\n' >>"$tmp/canvas.csv"
printf '"Doe, Alice",101,s1,alice,L1,,\r\n' >>"$tmp/canvas.csv"
printf '"=HYPERLINK(""http://x"",""y"")",102,s2,bob,L1,,\r\n' >>"$tmp/canvas.csv"
printf 'Carol,103,s3,carol,"L2\r\nevening",,\r\n' >>"$tmp/canvas.csv"
printf 'Dan Smith,104,s4,Dan Smith,L2,,\r\n' >>"$tmp/canvas.csv"
printf -- '-Frank,105,s5,-frank,L2,,\r\n' >>"$tmp/canvas.csv"

cat >"$tmp/canvas-labs.expected" <<'EOF'
Student,ID,SIS User ID,SIS Login ID,Section,01-file-mapping (4401),02-anonymous-mapping
"Doe, Alice",101,s1,alice,L1,82,39
"'=HYPERLINK(""http://x"",""y"")",102,s2,bob,L1,40,0
Carol,103,s3,carol,"L2 evening",,
Dan Smith,104,s4,Dan Smith,L2,0,0
"'-Frank",105,s5,"'-frank",L2,82,0
EOF
same canvas-labs export-canvas GRADEBOOK="$tmp/gradebook.csv" ROSTER="$tmp/canvas.csv"
grep -q 'not in the gradebook, left empty: carol$' "$tmp/canvas-labs.err" ||
	fail "canvas-labs: carol (no submission) is not reported"
grep -q 'not in the roster (not exported): erin$' "$tmp/canvas-labs.err" ||
	fail "canvas-labs: erin (no such student) is not reported"

cat >"$tmp/canvas-total.expected" <<'EOF'
Student,ID,SIS User ID,SIS Login ID,Section,Labs
"Doe, Alice",101,s1,alice,L1,121
"'=HYPERLINK(""http://x"",""y"")",102,s2,bob,L1,40
Carol,103,s3,carol,"L2 evening",
Dan Smith,104,s4,Dan Smith,L2,0
"'-Frank",105,s5,"'-frank",L2,82
EOF
same canvas-total export-canvas GRADEBOOK="$tmp/gradebook.csv" ROSTER="$tmp/canvas.csv" \
	TOTAL=1 NAME=Labs

# Moodle's plain-text export, keyed by ID number.
cat >"$tmp/moodle.csv" <<'EOF'
First name,Last name,ID number,Institution,Department,Email address,Assignment: Lab 1 (Real),Last downloaded from this course
Alice,Doe,alice,,,alice@uni.example,-,1767225600
@SUM(A1),Bob,bob,,,bob@uni.example,-,1767225600
Carol,Ng,carol,,,carol@uni.example,-,1767225600
EOF
cat >"$tmp/moodle.expected" <<'EOF'
ID number,First name,Last name,01-file-mapping,02-anonymous-mapping
alice,Alice,Doe,82,39
bob,"'@SUM(A1)",Bob,40,0
carol,Carol,Ng,,
EOF
same moodle export-moodle GRADEBOOK="$tmp/gradebook.csv" ROSTER="$tmp/moodle.csv" \
	KEY="ID number"

# Keyed by e-mail: a folder named alice@uni.example is graded as alice_uni.example.
sed 's/^alice,/alice_uni.example,/' "$tmp/gradebook.csv" >"$tmp/by-mail.csv"
cat >"$tmp/moodle-mail.expected" <<'EOF'
Email address,First name,Last name,Total
alice@uni.example,Alice,Doe,121
bob@uni.example,"'@SUM(A1)",Bob,
carol@uni.example,Carol,Ng,
EOF
same moodle-mail export-moodle GRADEBOOK="$tmp/by-mail.csv" ROSTER="$tmp/moodle.csv" \
	TOTAL=1 NAME=Total

printf 'Student,ID,SIS User ID,SIS Login ID,Section\nA,1,,alice,\nB,2,,alice,\n' >"$tmp/twice.csv"
refused key-twice export-canvas GRADEBOOK="$tmp/gradebook.csv" ROSTER="$tmp/twice.csv"
refused no-key-column export-moodle GRADEBOOK="$tmp/gradebook.csv" ROSTER="$tmp/canvas.csv"
refused not-a-gradebook export-canvas GRADEBOOK="$tmp/canvas.csv" ROSTER="$tmp/canvas.csv"

[ "$failures" = 0 ]

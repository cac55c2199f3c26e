#!/bin/sh
# check_hidden.sh - hidden tests follow the kit's one convention.
#
#     check_hidden.sh KIT HANDOUT       (GRADER: the grader binary to use)
#
# A hidden test lives in labs/NN-topic/tests/hidden_*.c and sets
# .hidden = 1; every other test does not.  The handout drops hidden_*.c
# files, so the convention holds exactly when, lab by lab:
#   - the handout's test list has no hidden test, and
#   - the tests the handout lacks are exactly the kit's hidden tests.
# Both lists are the ones the build writes (lab.mk's list target: the
# tests as compiled, not as a script would guess them from the source).  First, the handout
# must grade its own starters to zero: its visible tests build without the
# hidden files and each one fails on the starter.
set -u
kit=$(cd "$1" && pwd)
handout=$(cd "$2" && pwd)
grader=${GRADER:-$kit/build/grader/grader}
full=$kit/build/hidden-check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"        # the sandbox's user must reach the build folders
status=0

problem() {
	printf '%s\n' "$*"
	status=1
}

# "name hidden" for each test of the test list LIST.
tests_of() {
	[ -s "$1" ] || { echo "no test list $1" >&2; return 1; }
	awk -F'\t' '$1 == "M" { print $2, $4 }' "$1" | sort
}

if ! "$grader" --kit "$handout" --build "$tmp/build" --kit-build "$tmp/kit" \
	--expect zero --color never \
	>"$tmp/grade.log" 2>&1; then
	cat "$tmp/grade.log"
	problem "the handout does not grade its starters to zero"
fi

for lab in "$kit"/labs/*/; do
	name=$(basename "$lab")
	[ -f "$lab/MANIFEST" ] || continue
	make -s --no-print-directory -f "$kit/common/lab.mk" LAB_DIR="$kit/labs/$name" \
		BUILD_DIR="$full/$name" KIT_BUILD="$full/_kit" STUDENT_FILES= list \
		>"$tmp/make.log" 2>&1 ||
		{ cat "$tmp/make.log"; problem "$name: its test list does not build"; continue; }
	tests_of "$full/_kit/labs/$name/list" >"$tmp/all" ||
		{ problem "$name: no test list"; continue; }
	tests_of "$tmp/kit/labs/$name/list" >"$tmp/visible" ||
		{ problem "$name: no test list in the handout"; continue; }
	awk '$2 != 0 { print "  " $1 }' "$tmp/visible" >"$tmp/leaked"
	[ ! -s "$tmp/leaked" ] ||
		problem "$name: hidden tests outside tests/hidden_*.c reach students:
$(cat "$tmp/leaked")"
	comm -23 "$tmp/all" "$tmp/visible" | awk '$2 == 0 { print "  " $1 }' >"$tmp/unmarked"
	[ ! -s "$tmp/unmarked" ] ||
		problem "$name: tests in tests/hidden_*.c must set .hidden = 1:
$(cat "$tmp/unmarked")"
	hidden=$(awk '$2 != 0' "$tmp/all" | wc -l)
	echo "$name: $(wc -l <"$tmp/visible") visible tests, $hidden hidden"
done
exit $status

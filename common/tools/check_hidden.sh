#!/bin/sh
# check_hidden.sh - hidden tests stay the instructor's.
#
#     check_hidden.sh KIT HANDOUT       (GRADER: the grader binary to use)
#
# A test is hidden when it is declared in labs/NN-topic/tests/hidden_*.c:
# the lab's record says so (common/src/kit_lab.h), and the handout leaves
# those files out.  So, lab by lab, the handout has no hidden_* file and
# its tests are exactly the kit's visible ones.  First, the handout must
# grade its own starters to zero: its visible tests build without the
# hidden files and each one fails on the starter.
set -u
kit=$(cd "$1" && pwd)
handout=$(cd "$2" && pwd)
grader=${GRADER:-$kit/build/grader/grader}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"        # the sandbox's user must reach the build folders
status=0

problem() {
	printf '%s\n' "$*"
	status=1
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
	sh "$kit/common/tools/labinfo.sh" "$kit" "$name" test name hidden >"$tmp/all" ||
		{ problem "$name: its record does not build"; continue; }
	KIT_BUILD=$tmp/kit sh "$kit/common/tools/labinfo.sh" "$handout" "$name" test name \
		>"$tmp/handed" || { problem "$name: no record in the handout"; continue; }
	leaked=$(ls "$handout/labs/$name/tests/" "$handout/labs/$name/po/" 2>/dev/null |
		grep '^hidden[_.]')
	[ -z "$leaked" ] || problem "$name: hidden files reach students: $leaked"
	awk -F'\t' '$2 == 0 { print $1 }' "$tmp/all" >"$tmp/visible"
	cmp -s "$tmp/visible" "$tmp/handed" ||
		problem "$name: the handout's tests are not the kit's visible ones:
$(diff "$tmp/visible" "$tmp/handed" | sed -n 's/^[<>]/  &/p')"
	echo "$name: $(wc -l <"$tmp/visible") visible tests, $(awk -F'\t' '$2 != 0' "$tmp/all" | wc -l) hidden"
done
exit $status

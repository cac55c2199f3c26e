#!/bin/sh
# check_newlab.sh - `make new-lab` makes a lab that `make test` can grade,
# and hidden tests work as INSTRUCTORS.md says.
#
# In a copy of the kit without its labs: new-lab refuses bad and taken
# names; the new lab's solution scores full marks and its starter zero;
# a hidden test added in tests/hidden_*.c counts in the grade, shows in
# results.json after the due date only, and stays out of the handout;
# check_handout.sh and check_hidden.sh accept that kit, and check_hidden.sh
# refuses a handout that holds the hidden test.
set -u
cd "$(dirname "$0")/../.." || exit 2
grader=$(pwd)/build/grader/grader
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"        # the sandbox's user must reach the build folders
kit=$tmp/kit
lab=99-template-check
failures=0

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# verify LABEL COMMAND...: COMMAND succeeds.
verify() {
	label=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		printf 'ok    %s\n' "$label"
	else
		tail -n 20 "$tmp/log"
		fail "$label"
	fi
}

# refuse LABEL COMMAND...: COMMAND fails.
refuse() {
	label=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		fail "$label"
	else
		printf 'ok    %s\n' "$label"
	fi
}

handout() {
	rm -rf "$tmp/handout"
	make -s -C "$kit" handout OUT="$tmp/handout"
}

check_hidden() {
	GRADER=$grader sh "$kit/common/tools/check_hidden.sh" "$kit" "$tmp/handout"
}

hidden_counted() {
	check_hidden | grep -q "$lab: 5 visible tests, 1 hidden"
}

hidden_after_due_date() {
	grep -q '"name": "'$lab': hidden_one_page".*"visibility": "after_due_date"' \
		"$tmp/results.json"
}

mkdir -p "$kit/labs" "$kit/solutions"
tar -cf - --exclude=./build --exclude=./.git --exclude=./labs --exclude=./solutions . |
	(cd "$kit" && tar -xf -)

verify "new-lab $lab" make -s -C "$kit" new-lab NAME=$lab
refuse "new-lab refuses a number in use" make -s -C "$kit" new-lab NAME=99-again
refuse "new-lab refuses a bad name" make -s -C "$kit" new-lab NAME=Bad_Name

# A hidden test that, like every test, fails on the starter.
cat >"$kit/labs/$lab/tests/hidden_extra.c" <<'EOC'
#include "kit.h"
#include "template_check.h"

#include <sys/mman.h>

KIT_TEST(hidden_one_page, .points = 3,
	 .desc = "one page can be mapped")
{
	unsigned char *p = tc_map_pages(1);

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(munmap(p, kit_page_size()), 0);
}
EOC

verify "the solution scores full marks" "$grader" --kit "$kit" --lab $lab \
	--submission "$kit/solutions" --expect full --json "$tmp/results.json"
verify "the starter scores zero" "$grader" --kit "$kit" --lab $lab --expect zero
verify "results.json shows the hidden test after the due date" hidden_after_due_date
verify "the new lab's sheets have the kit's sections and table" \
	sh "$kit/common/tools/check_sheets.sh" "$kit" "$kit/build/kit"
verify "make handout" handout
refuse "the handout has no hidden test" test -e "$tmp/handout/labs/$lab/tests/hidden_extra.c"
verify "check_handout accepts it" sh "$kit/common/tools/check_handout.sh" "$kit" "$tmp/handout"
verify "check_hidden accepts it, and counts the hidden test" hidden_counted

# A handout that lets the hidden test through is refused.
cp "$kit/labs/$lab/tests/hidden_extra.c" "$tmp/handout/labs/$lab/tests/"
refuse "check_hidden refuses a handout with a hidden test" check_hidden

[ $failures = 0 ]

#!/bin/sh
# check_newlab.sh - `make new-lab` makes a lab that `make test` can grade,
# and hidden tests work as INSTRUCTORS.md says.
#
# In a copy of the kit without its labs: new-lab refuses bad and taken
# names; the new lab's solution scores full marks and its starter zero;
# a hidden test added in tests/hidden_*.c counts in the grade, shows in
# results.json after the due date only, and stays out of the handout;
# check_handout.sh and check_hidden.sh accept that kit, and check_hidden.sh
# refuses a hidden_*.c test without .hidden = 1 and a .hidden = 1 test
# outside hidden_*.c.
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

ok() {
	printf 'ok    %s\n' "$*"
}

handout() {
	rm -rf "$tmp/handout"
	make -s -C "$kit" handout OUT="$tmp/handout" >/dev/null
}

mkdir -p "$kit/labs" "$kit/solutions"
tar -cf - --exclude=./build --exclude=./.git --exclude=./labs --exclude=./solutions . |
	(cd "$kit" && tar -xf -)

make -s -C "$kit" new-lab NAME=$lab >"$tmp/new.log" 2>&1 && ok "new-lab $lab" ||
	{ cat "$tmp/new.log"; fail "new-lab $lab"; }
make -s -C "$kit" new-lab NAME=99-again >/dev/null 2>&1 && fail "new-lab reused number 99"
make -s -C "$kit" new-lab NAME=Bad_Name >/dev/null 2>&1 && fail "new-lab took a bad name"

# A hidden test that, like every test, fails on the starter.
cat >"$kit/labs/$lab/tests/hidden_extra.c" <<'EOC'
#include "kit.h"
#include "template_check.h"

#include <sys/mman.h>

KIT_TEST(hidden_one_page, .points = 3, .hidden = 1,
	 .desc = "one page can be mapped")
{
	unsigned char *p = tc_map_pages(1);

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(munmap(p, kit_page_size()), 0);
}
EOC

"$grader" --kit "$kit" --lab $lab --submission "$kit/solutions" --expect full \
	--json "$tmp/results.json" --color never >"$tmp/full.log" 2>&1 &&
	ok "the solution scores full marks" || { cat "$tmp/full.log"; fail "solution"; }
"$grader" --kit "$kit" --lab $lab --expect zero --color never >"$tmp/zero.log" 2>&1 &&
	ok "the starter scores zero" || { cat "$tmp/zero.log"; fail "starter"; }
grep -q '"name": "'$lab': hidden_one_page".*"visibility": "after_due_date"' "$tmp/results.json" &&
	ok "results.json shows the hidden test after the due date" ||
	fail "results.json: the hidden test is not after_due_date"

handout
[ ! -e "$tmp/handout/labs/$lab/tests/hidden_extra.c" ] && ok "the handout has no hidden test" ||
	fail "the hidden test reached the handout"
sh "$kit/common/tools/check_handout.sh" "$kit" "$tmp/handout" >"$tmp/check.log" 2>&1 &&
	ok "check_handout accepts it" || { cat "$tmp/check.log"; fail "check_handout"; }
GRADER=$grader sh "$kit/common/tools/check_hidden.sh" "$kit" "$tmp/handout" >"$tmp/check.log" 2>&1 &&
	grep -q "$lab: 2 visible tests, 1 hidden" "$tmp/check.log" &&
	ok "check_hidden accepts it" || { cat "$tmp/check.log"; fail "check_hidden"; }

# Breaking the convention, both ways.
sed -i 's/, .hidden = 1,/,/' "$kit/labs/$lab/tests/hidden_extra.c"
GRADER=$grader sh "$kit/common/tools/check_hidden.sh" "$kit" "$tmp/handout" >"$tmp/check.log" 2>&1 &&
	fail "check_hidden accepts a hidden_*.c test without .hidden = 1" ||
	ok "check_hidden refuses a hidden_*.c test without .hidden = 1"
rm "$kit/labs/$lab/tests/hidden_extra.c"
sed -i 's/^KIT_TEST(map_pages_refuses_zero,/KIT_TEST(map_pages_refuses_zero, .hidden = 1,/' \
	"$kit/labs/$lab/tests/test_template_check.c"
handout
GRADER=$grader sh "$kit/common/tools/check_hidden.sh" "$kit" "$tmp/handout" >"$tmp/check.log" 2>&1 &&
	fail "check_hidden accepts .hidden = 1 outside hidden_*.c" ||
	ok "check_hidden refuses .hidden = 1 outside hidden_*.c"

[ $failures = 0 ]

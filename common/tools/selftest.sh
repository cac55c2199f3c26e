#!/bin/sh
# selftest.sh - `make test`: the kit checks itself.
#
#   1. the starters in labs/ are exactly what solutions/ generates;
#   2. the kit library's and the grader's own tests pass;
#   3. every lab: the solution scores full marks, the starter builds and
#      fails every test (a test passing on the starter asserts nothing),
#      and the solution runs clean under valgrind memcheck (tests that
#      fault on purpose excepted);
#   4. the solutions graded by GCC 11 and by clang;
#   5. the sheets (each links to the other language, has the common
#      sections, and its table lists exactly the lab's tests and points),
#      the French catalogues, the report's words for each way a test ends;
#      what leaves the kit: the handout (no solution, no hidden test, its
#      starters grade to zero), the Gradescope zip, Classroom 50's
#      autograder (its result.json keeps the contract), the Canvas and
#      Moodle gradebook exports, `make new-lab`, the container images (the
#      grader's and the students' dev container), grading under valgrind;
#   6. the adversarial corpus: hostile submissions get exactly the points
#      they deserve and leave nothing behind, with bubblewrap and where no
#      namespace can be made, as root and as an unprivileged user;
#   7. the tests catch bugs: a fixed sample of each lab's mutants (make
#      mutants) is killed at least at the lab's floor, and every bug of the
#      catalogue (solutions/*/bugs, make bugs) fails the tests it names.
# Ends with "N passed, N failed", one count per check.
set -u
cd "$(dirname "$0")/../.." || exit 2
GRADER=build/grader/grader
# The kit's own code must build without a warning here (flags.mk).
KIT_WERROR=1
# The checks read the reports' English words, whatever the locale
# (grader/tests/endings.sh asks for French by name).
KIT_LANG=en
export KIT_WERROR KIT_LANG
passed=0
failed=0
log=build/selftest
mkdir -p "$log"

check() {
	label=$1
	shift
	if "$@" >"$log/$label.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok    $label"
	else
		failed=$((failed + 1))
		echo "FAIL  $label  (log: $log/$label.log)"
		tail -n 20 "$log/$label.log" | sed 's/^/      /'
	fi
}

starters_in_sync() {
	out=$(mktemp -d)
	sh common/tools/mkstarters.sh . "$out" || return 1
	status=0
	for lab in "$out"/labs/*/; do
		name=$(basename "$lab")
		for f in "$lab"*; do
			diff -u "labs/$name/$(basename "$f")" "$f" || status=1
		done
	done
	rm -rf "$out"
	[ $status = 0 ] || echo "starters differ from solutions/: run 'make starters'"
	return $status
}

memcheck() {
	lab=$1
	bin=$log/solutions/$lab/tests
	[ -x "$bin" ] || { echo "$bin missing: grade the solution first"; return 1; }
	scratch=$(mktemp -d)
	# The runner scales the tests' timeouts under valgrind (x20).
	KIT_SCRATCH=$scratch build/kit/runner --valgrind --no-faults \
		"$(sh common/tools/labinfo.sh . "$lab" path)" "$bin"
	status=$?
	rm -rf "$scratch"
	return $status
}

# The solutions graded with another compiler, in a kit build of its own:
# a warning of GCC 11 or clang must cost no student a lab (issue of -Werror
# in trusted code), and their code must build there.  Missing compilers fail
# in CI (make deps-dev installs them) and are skipped elsewhere.
other_compiler() {
	if ! command -v "$1" >/dev/null 2>&1; then
		echo "$1 is not installed (make deps-dev)"
		[ -z "${CI:-}" ]
		return
	fi
	CC=$1 KIT_WERROR= $GRADER --kit . --submission solutions --expect full \
		--kit-build "build/kit-$1" --build "$log/cc-$1" --color never
}

handout_fresh() {
	rm -rf "$log/handout"
	make -s handout OUT="$log/handout"
}

check starters-in-sync starters_in_sync
for suite in common/tests grader/tests; do
	[ -f "$suite/Makefile" ] && check "$(dirname "$suite")-own-tests" make -s -C "$suite" run
done
for lab in labs/*/; do
	name=$(basename "$lab")
	check "$name-solution-full" $GRADER --kit . --lab "$name" --submission solutions \
		--build "$log/solutions" --expect full --color never
	check "$name-starter-zero" $GRADER --kit . --lab "$name" --expect zero --color never
	check "$name-memcheck" memcheck "$name"
done
check compiler-gcc-11 other_compiler gcc-11
check compiler-clang other_compiler clang
check sheets sh common/tools/check_sheets.sh . build/kit
check catalogues sh common/tools/check_catalogues.sh .
check report-endings sh grader/tests/endings.sh
check handout handout_fresh
check handout-has-no-solution sh common/tools/check_handout.sh . "$log/handout"
check hidden-tests sh common/tools/check_hidden.sh . "$log/handout"
check gradescope-simulation sh common/tools/check_gradescope.sh
check classroom50 sh common/tools/check_classroom50.sh
check export-grades sh common/tools/check_export.sh
check new-lab sh common/tools/check_newlab.sh
check images sh common/tools/check_image.sh .
check valgrind-grading sh grader/tests/valgrind_grading.sh
check adversarial-corpus sh grader/tests/corpus/run.sh
# The same corpus where no namespace can be made (a container, a host that
# forbids user namespaces): the grader falls back, and still holds.
check adversarial-corpus-no-namespaces build/grader-tests/no_namespaces \
	sh grader/tests/corpus/run.sh
# And graded by an unprivileged user (when make test runs as root): with
# bubblewrap through user namespaces, and without.
check adversarial-corpus-as-user sh grader/tests/corpus/as_user.sh
check adversarial-corpus-as-user-no-namespaces sh grader/tests/corpus/as_user.sh \
	"$PWD/build/grader-tests/no_namespaces"
# 25 mutants per lab, always the same ones (seed 1): the share killed must
# reach the lab's sample-floor (solutions/NN-topic/mutants.floor, else 95%).
check mutants-sample perl common/tools/mutants.pl --sample 25 --seed 1 --floor 95 \
	--sample-floors --jobs 2 --quiet --build "$log/mutants"
# Every catalogued bug loses points and fails the tests it names; every
# lab has at least 8 (check_bugs.sh's MIN_BUGS).
check bug-catalogue env LAB= sh common/tools/check_bugs.sh .
echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

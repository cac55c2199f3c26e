#!/bin/sh
# check_classroom50.sh - Classroom 50's autograder works as its runner runs it.
#
# `make classroom50` for the first lab, then the runner's part played here
# (Classroom 50's runner.py): the assignment's folder fetched apart from
# the checkout, `python3 autograder.py` run in a student's checkout with
# CLASSROOM, ASSIGNMENT, SUBMISSION_TAG and the URLs set, then result.json
# stamped (owner, assignment_type, dates) and checked against the contract
# (grader/classroom50/check_result.py).  Checkouts: the template with the
# reference solution (full marks), the template as is (zero), the starter
# with its tests rewritten by the student (still zero: the autograder's
# own tests grade), an empty repository (zero, graded).  A kit that cannot
# build its tests must end in an error (exit 1) and no result.json, never
# a zero.  And the runtime's apt list is what `make deps` installs, and
# every lab fits Classroom 50's 15-minute job: its tests, each at its time
# limit, take at most 10 minutes (5 are left for packages and builds).
set -u
cd "$(dirname "$0")/../.." || exit 2
kit=$(pwd)
lab=$(basename "$(ls -d labs/*/ | head -n 1)")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"        # the sandbox's user must reach the build folders
command -v python3 >/dev/null 2>&1 ||
	{ echo "FAIL: python3 is not installed (make deps-dev)"; exit 1; }
out=$tmp/out
check=$kit/grader/classroom50/check_result.py
failures=0

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# runner NAME BUNDLE CHECKOUT: autograder.py as the runner runs it; sets $rc.
runner() {
	(cd "$3" && env CLASSROOM=mmap-course ASSIGNMENT="$lab" \
		SUBMISSION_TAG=submit/2026-06-01T14-32-05Z-a1b2c3d \
		COMMIT_URL=https://github.com/course/mmap-course-lab-alice/commit/a1b2c3d \
		RELEASE_URL=https://github.com/course/mmap-course-lab-alice/releases/tag/submit%2F1 \
		REVIEW_URL=https://github.com/course/mmap-course-lab-alice/compare/0000000...a1b2c3d \
		USERNAME=alice OWNER=alice ASSIGNMENT_TYPE=individual \
		CLASSROOM50_BUNDLE_DIR="$2" python3 "$2/autograder.py") >"$tmp/$1.log" 2>&1
	rc=$?
}

# graded NAME CHECKOUT SCORE: exit 0 and a valid result.json with SCORE.
graded() {
	runner "$1" "$out/autograders/$lab" "$2"
	got=$(python3 "$check" --runner mmap-course "$lab" alice "$2/result.json" 2>&1)
	case "$rc $got" in
	"0 score=$3 max=$max "*) echo "ok    $1: $got" ;;
	*) fail "$1: exit $rc, $got (expected score $3 of $max)"; tail -n 20 "$tmp/$1.log" ;;
	esac
}

checkout() {     # checkout NAME: a copy of the template repository
	cp -R "$out/template" "$tmp/$1"
	printf '%s\n' "$tmp/$1"
}

make -s classroom50 OUT="$out" LAB="$lab" >/dev/null || { echo "FAIL: make classroom50"; exit 1; }
bundle=$out/autograders/$lab
[ -f "$bundle/autograder.py" ] || fail "no autograders/$lab/autograder.py"
[ -f "$bundle/kit/labs/$lab/MANIFEST" ] || fail "no kit in autograders/$lab"
# The runner fetches at most 10 MiB of an assignment's folder, compressed.
size=$(tar -C "$bundle" -czf - . | wc -c)
[ "$size" -lt 10485760 ] || fail "autograders/$lab is $size bytes compressed, over 10 MiB"
find "$out" -name 'hidden_*' | grep . && fail "hidden tests are in the output"
[ -e "$out/template/.github/workflows/autograde.yaml" ] &&
	fail "the template holds Classroom 50's reserved autograde.yaml"
# shellcheck disable=SC2046    # package names have no spaces
python3 "$check" --runtime "$out/runtime.json" $(sh common/tools/deps.sh --list) ||
	fail "runtime.json"
# shellcheck disable=SC2046
python3 "$check" --runtime "$out/runtime.json" $(sh common/tools/deps.sh --list | sed 1d) \
	>/dev/null && fail "check_result.py accepts a runtime that lacks a package"

for dir in labs/*/; do
	name=$(basename "$dir")
	[ -f "$dir/MANIFEST" ] || continue
	sh common/tools/labinfo.sh . "$name" test timeout >"$tmp/timeouts" ||
		{ fail "the record of $name"; continue; }
	awk -v lab="$name" '{ s += $1 } END { if (s > 600) {
		print lab ": " s " s of time limits, over the 600 s a Classroom 50 job leaves"; exit 1 } }' \
		"$tmp/timeouts" || fail "a lab too long for Classroom 50"
done

max=$(build/grader/grader --kit . --lab "$lab" --submission solutions \
	--classroom50 "$tmp/max.json" --color never >/dev/null 2>&1;
	sed -n 's/^  "max-score": \([0-9]*\),$/\1/p' "$tmp/max.json")
[ -n "$max" ] && [ "$max" -gt 0 ] || fail "the reference has no points ($max)"

co=$(checkout solution)
for f in $(sh common/tools/labinfo.sh . "$lab" file); do
	cp "solutions/$lab/$f" "$co/labs/$lab/$f"
done
graded solution "$co" "$max"

# The validator rejects what the runner or the kit would: each change of
# the solution's result.json must fail it.
for change in 'd["schema"]="classroom50/result/v2"' 'del d["classroom"]' \
	'd["submission"]="v1"' 'd["score"]+=1' 'd["score"]=True' \
	'd["tests"][0]["passed"]=False' 'd["tests"][1]["score"]=0' \
	'd["tests"][1]["test-name"]=d["tests"][0]["test-name"]' 'd["tests"]={}' \
	'd["assignment"]="another"'; do
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); exec(sys.argv[2]);
json.dump(d, open(sys.argv[3], "w"))' "$co/result.json" "$change" "$tmp/bad.json"
	python3 "$check" --runner mmap-course "$lab" alice "$tmp/bad.json" >/dev/null &&
		fail "check_result.py accepts a result.json where $change"
done
graded starter "$(checkout starter)" 0

# The course in French (make classroom50 COURSE_LANG=fr: kit/course.lang).
echo fr >"$bundle/kit/course.lang"
co=$(checkout starter-fr)
graded starter-fr "$co" 0
grep -q 'indice :' "$co/result.json" || fail "starter-fr: the tests' words are not French"
echo en >"$bundle/kit/course.lang"

co=$(checkout tampered)
for t in "$co/labs/$lab/tests/"*.c; do
	printf '#error a student rewrote the tests\n' >"$t"
done
graded tampered-tests "$co" 0

mkdir "$tmp/empty"
graded empty "$tmp/empty" 0

# The kit's own tests do not build: an error, no score.
cp -R "$bundle" "$tmp/broken"
set -- "$tmp/broken/kit/labs/$lab/tests/"*.c
printf '#error the kit is broken\n' >>"$1"
co=$(checkout broken-kit)
runner broken-kit "$tmp/broken" "$co"
if [ "$rc" = 0 ] || [ -e "$co/result.json" ]; then
	fail "broken kit: exit $rc$( [ -e "$co/result.json" ] && echo ', a result.json')"
	tail -n 20 "$tmp/broken-kit.log"
else
	echo "ok    broken kit: exit $rc, no result.json"
fi

[ "$failures" = 0 ]

#!/bin/sh
# check_bugs.sh - `make bugs`: the tests catch the bugs students make.
#
#     check_bugs.sh KIT              LAB=sel  MIN_BUGS=n  in the environment
#
# Each lab keeps a catalogue of realistic bugs, one file per bug, in
# solutions/NN-topic/bugs/NAME.patch (solutions/ never reaches students):
#
#     Bug: NAME
#     Mistake: what the student did wrong, in one line.
#     Caught-by: test_name other_test
#     ---
#     --- a/filemap.c
#     +++ b/filemap.c
#     @@ ...
#
# a header, a line `---`, then a unified diff against the lab's solution
# folder (patch -p1 inside a copy of solutions/NN-topic).  For every bug of
# every selected lab (LAB as `make grade` takes it; default all), the copy
# with the bug applied is graded by the real grader (build/grader/grader),
# and the bug must: apply, compile, lose points, and fail every test its
# Caught-by names (each a test of the lab).  One line per bug, `ok` or
# `FAIL` with what went wrong, then a count per lab.  A lab with fewer than
# MIN_BUGS bugs (default 8) fails too.
#
# Exit status: 0 every bug is caught, 1 some bug is not (or a catalogue is
# short or malformed), 2 the kit is broken (the grader cannot run).
set -u
kit=$(cd "${1:-.}" && pwd) || exit 2
MIN_BUGS=${MIN_BUGS:-8}
LAB=${LAB:-}
grader=$kit/build/grader/grader
[ -x "$grader" ] || { echo "check_bugs: $grader is missing (make grader)"; exit 2; }

work=$(mktemp -d) || exit 2
chmod 755 "$work"       # the grader's sandbox user reads the builds
trap 'rm -rf "$work"' EXIT
trap 'exit 2' HUP INT TERM

# "1", "01", "01-file-mapping" and "file-mapping" select lab 01 (lab.c).
selected() {
	[ -z "$LAB" ] && return 0
	for want in $(echo "$LAB" | tr ',' ' '); do
		[ "$1" = "$want" ] && return 0
		case $want in
		*[!0-9]*) [ "${1#???}" = "$want" ] && return 0 ;;
		*) n=${1%%-*}
		   case $n in *[!0-9]*|'') continue ;; esac
		   [ "$(expr "$n" + 0)" = "$(expr "$want" + 0)" ] && return 0 ;;
		esac
	done
	return 1
}

# The header field NAME of a bug file ("" when missing).
field() {
	sed -n "/^---\$/q; s/^$1:[ 	]*//p" "$2" | head -n 1
}

# The tests of LAB that the grader's JSON reports as failed, one a line.
failed_tests() {
	sed -n 's/^ *{"name": "[^"]*: \([A-Za-z0-9_]*\)", .*"status": "failed".*/\1/p' "$1"
}

# Grades one bug: prints its line, returns 0 when it is caught, 1 when not,
# 2 when the kit is broken.
check_bug() {
	lab=$1
	patchfile=$2
	name=$(basename "$patchfile" .patch)
	rel=solutions/$lab/bugs/$name.patch
	bug=$(field Bug "$patchfile")
	mistake=$(field Mistake "$patchfile")
	caught=$(field Caught-by "$patchfile")
	fail() {
		echo "FAIL  $lab/$name: $*"
		return 1
	}

	grep -q '^---$' "$patchfile" || { fail "$rel has no '---' line after its header"; return 1; }
	[ -n "$bug" ] || { fail "$rel has no 'Bug:' line"; return 1; }
	[ "$bug" = "$name" ] || { fail "$rel says 'Bug: $bug': name the file $bug.patch"; return 1; }
	[ -n "$mistake" ] || { fail "$rel has no 'Mistake:' line"; return 1; }
	[ -n "$caught" ] || { fail "$rel has no 'Caught-by:' line naming a test"; return 1; }

	dir=$work/$name
	rm -rf "$dir"
	mkdir -p "$dir/sub/$lab" "$dir/build"
	(cd "$kit/solutions/$lab" && tar -cf - --exclude=./bugs --exclude=./mutants.equivalent .) |
		(cd "$dir/sub/$lab" && tar -xf -)
	sed '1,/^---$/d' "$patchfile" >"$dir/bug.diff"
	if ! (cd "$dir/sub/$lab" && patch -p1 --batch --silent --no-backup-if-mismatch \
			<"$dir/bug.diff") >"$dir/patch.log" 2>&1; then
		fail "$rel does not apply to solutions/$lab: $(head -n 3 "$dir/patch.log" | tr '\n' ' ')"
		return 1
	fi
	if diff -r "$kit/solutions/$lab" "$dir/sub/$lab" -x bugs -x mutants.equivalent \
			>/dev/null 2>&1; then
		fail "$rel changes nothing"
		return 1
	fi

	"$grader" --kit "$kit" --lab "$lab" --submission "$dir/sub" --build "$dir/build" \
		--color never --json "$dir/results.json" >"$dir/report.txt" 2>&1
	graded=$?
	if [ $graded = 2 ] || [ ! -f "$dir/results.json" ]; then
		echo "FAIL  $lab/$name: the grader could not run (status $graded):"
		tail -n 5 "$dir/report.txt" | sed 's/^/      /'
		return 2
	fi
	if grep -q 'not graded: the lab does not compile' "$dir/results.json"; then
		fail "does not compile: a bug of the catalogue must build"
		return 1
	fi
	tests=" $(sed -n 's/^ *{"name": "[^"]*: \([A-Za-z0-9_]*\)", .*/\1/p' "$dir/results.json" |
		tr '\n' ' ')"
	for t in $caught; do
		case $tests in
		*" $t "*) ;;
		*) fail "Caught-by names '$t', which is no test of $lab"; return 1 ;;
		esac
	done
	score=$(sed -n 's/^  "score": \([0-9]*\),$/\1/p' "$dir/results.json")
	max=$(sed -n 's/^  "max_score": \([0-9]*\),$/\1/p' "$dir/results.json")
	failed=$(failed_tests "$dir/results.json" | tr '\n' ' ')
	if [ $graded = 0 ] || [ -z "$failed" ]; then
		fail "loses no points: every test passes ($score/$max)"
		return 1
	fi
	missed=
	for t in $caught; do
		case " $failed" in
		*" $t "*) ;;
		*) missed="$missed $t" ;;
		esac
	done
	if [ -n "$missed" ]; then
		fail "passes${missed}, named in Caught-by (fails: ${failed% })"
		return 1
	fi
	echo "ok    $lab/$name: $score/$max, fails ${failed% }"
	return 0
}

status=0
nlabs=0
for labdir in "$kit"/labs/*/; do
	lab=$(basename "$labdir")
	[ -f "$labdir/MANIFEST" ] && [ -d "$kit/solutions/$lab" ] || continue
	selected "$lab" || continue
	nlabs=$((nlabs + 1))
	n=0
	caught_n=0
	for patchfile in "$kit/solutions/$lab/bugs"/*.patch; do
		[ -f "$patchfile" ] || continue
		n=$((n + 1))
		check_bug "$lab" "$patchfile"
		case $? in
		0) caught_n=$((caught_n + 1)) ;;
		2) exit 2 ;;
		*) status=1 ;;
		esac
	done
	line="$lab: $caught_n/$n bugs caught"
	if [ "$n" -lt "$MIN_BUGS" ]; then
		line="$line; FAIL: fewer than $MIN_BUGS bugs catalogued"
		status=1
	fi
	echo "$line"
done
[ $nlabs -gt 0 ] || { echo "check_bugs: no lab matches '$LAB'"; exit 2; }
exit $status

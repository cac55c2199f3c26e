#!/bin/sh
# check_gradescope.sh - the autograder zip works as Gradescope runs it.
#
# A local simulation of Gradescope's run: `make gradescope` for two labs
# (02 has two files), the zip unpacked into a fake /autograder
# (AUTOGRADER_ROOT) with one hidden test added, as an instructor's kit
# may have; setup.sh, then run_autograder, as root from that folder,
# under grader/tests/gradescope_container.c (Docker's default
# capabilities and a seccomp filter close to Docker's default profile:
# no namespace, no mount, no ptrace) and, where this machine lets a cgroup
# be made, Gradescope's default limits: 768 MB of memory, half a CPU.
#
# Cases: the reference uploaded as folders, and as loose files (full
# marks, hidden test included); the starters; a compile error; an empty
# upload; every function blocking, with a 60 s timeout (results.json read
# every second while it runs: valid and complete at every moment; the run
# ends within the timeout); a test that fills the memory (where a memory
# cgroup could be made); a broken autograder.  Every results.json must keep
# Gradescope's contract and hide what the hidden test decided
# (grader/tests/gradescope_results.py).  Prints how long it took.
set -u
cd "$(dirname "$0")/../.." || exit 2
began=$(date +%s)
labs="01-file-mapping 02-anonymous-mapping"
tmp=$(mktemp -d)
chmod 755 "$tmp"        # the sandbox's user must reach the build folders
root=$tmp/autograder
failures=0
cgroups=""

cleanup() {
	for cg in $cgroups; do
		for pid in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
		rmdir "$cg" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -z "${KEEP:-}" ] || trap - EXIT      # KEEP=1: the simulation stays, to read

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

validate() {     # validate FILE: prints the summary, or the problem
	python3 grader/tests/gradescope_results.py "$1" 2>&1
}

# --- the container: Docker's restrictions, Gradescope's limits -----------

cc -std=c11 -O2 -o "$tmp/container" grader/tests/gradescope_container.c -lseccomp ||
	{ echo "FAIL: gradescope_container does not build"; exit 1; }

# A child of our cgroup in controller $1 (v1), or of our v2 cgroup.
make_cgroup() {
	controller=$1
	path=$(sed -n "s/^[0-9]*:$controller:\(.*\)/\1/p" /proc/self/cgroup | head -n 1)
	dir=/sys/fs/cgroup/$controller$path/gradescope-check-$$
	if [ -z "$path" ]; then
		path=$(sed -n 's/^0::\(.*\)/\1/p' /proc/self/cgroup)
		[ -f /sys/fs/cgroup/cgroup.controllers ] || return 1
		dir=/sys/fs/cgroup$path/gradescope-check-$$
	fi
	mkdir "$dir" 2>/dev/null || [ -d "$dir" ] || return 1
	printf '%s\n' "$dir"
}

joins=""
limits=""
memory=""
if cg=$(make_cgroup memory) && cgroups="$cgroups $cg" &&
   { echo $((768 << 20)) >"$cg/memory.limit_in_bytes" ||
     echo $((768 << 20)) >"$cg/memory.max"; } 2>/dev/null; then
	{ echo 0 >"$cg/memory.swappiness"
	  echo $((768 << 20)) >"$cg/memory.memsw.limit_in_bytes"
	  echo 0 >"$cg/memory.swap.max"; } 2>/dev/null
	joins="$joins --join $cg/cgroup.procs"
	limits="768 MB"
	memory=$cg
fi
if cg=$(make_cgroup cpu) && cgroups="$cgroups $cg" &&
   { { echo 100000 >"$cg/cpu.cfs_period_us" && echo 50000 >"$cg/cpu.cfs_quota_us"; } ||
     echo "50000 100000" >"$cg/cpu.max"; } 2>/dev/null; then
	case " $joins " in *" $cg/cgroup.procs "*) ;; *) joins="$joins --join $cg/cgroup.procs" ;; esac
	limits="${limits:+$limits, }half a CPU"
fi
echo "simulation: root, Docker's capabilities, seccomp filter and read-only /sys/fs/cgroup, limits: ${limits:-none (no cgroup can be made here)}"

# As Gradescope: as root, from /autograder, in the container.
in_container() {
	(cd "$root" && "$tmp/container" $joins -- env AUTOGRADER_ROOT="$root" "$@")
}

# --- the zip, unpacked as Gradescope does --------------------------------

make -s gradescope OUT="$tmp/autograder.zip" LAB="$(echo $labs | tr ' ' ,)" \
	TIMEOUT=300 >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "make gradescope"; }
total=$(sed -n 's/.*give the assignment \([0-9]*\) points.*/\1/p' "$tmp/make.log")
listing=$(unzip -Z "$tmp/autograder.zip")
for f in setup.sh run_autograder; do
	printf '%s\n' "$listing" | grep -q "^-rwx.* $f\$" || fail "$f is not an executable at the zip's root"
done
printf '%s\n' "$listing" | grep -q ' solutions/' && fail "solutions/ is in the zip"

mkdir -p "$root/source"
unzip -q "$tmp/autograder.zip" -d "$root/source"
# An instructor's hidden test (3 points), hidden for being declared in
# tests/hidden_*.c: it must stay hidden.
cat >"$root/source/labs/01-file-mapping/tests/hidden_gradescope.c" <<'EOC'
#include "kit.h"
#include "kit_tmp.h"
#include "filemap.h"

KIT_TEST(hidden_counts_bytes, .points = 3,
	 .desc = "fm_count_byte counts a byte that is not a newline")
{
	const char *path = kit_file_with("hidden.txt", "a-b-c", 5);

	ck_assert_int_eq(fm_count_byte(path, '-'), 2);
}
EOC
total=$((total + 3))
cp "$root/source/run_autograder" "$root/"       # as Gradescope does
(cd "$root/source" && "$tmp/container" $joins -- sh ./setup.sh) >"$tmp/setup.log" 2>&1 ||
	{ tail -n 20 "$tmp/setup.log"; fail "setup.sh"; }

# run NAME EXPECTED [WORDS]: grades $root/submission; checks results.json:
# the contract, the score (EXPECTED, or any if "any"), and WORDS in its
# top-level output.
run() {
	name=$1 want=$2 words=${3:-}
	rm -rf "$root/results" "$root/work"
	t0=$(date +%s)
	in_container sh "$root/run_autograder" >"$tmp/$name.log" 2>&1
	took=$(($(date +%s) - t0))
	cp "$root/results/results.json" "$tmp/$name.json" 2>/dev/null
	got=$(validate "$root/results/results.json")
	[ "$want" != any ] || want=${got#*score=} want=${want%% *}
	case $got in
	"tests="*" score=$want "*) echo "ok    $name (${took} s): $got" ;;
	*) fail "$name: $got (expected score $want)"; tail -n 20 "$tmp/$name.log"; return ;;
	esac
	if [ -n "$words" ] && ! python3 -c 'import json,sys; sys.exit(sys.argv[2] not in json.load(open(sys.argv[1]))["output"])' \
	     "$root/results/results.json" "$words"; then
		fail "$name: the output does not say \"$words\""
		python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["output"])' \
			"$root/results/results.json"
	fi
}

submit() {       # submit DIR: DIR's content becomes the submission
	rm -rf "$root/submission"
	mkdir -p "$root/submission"
	[ -z "$1" ] || cp -R "$1"/. "$root/submission/"
}

# The reference as folders (a GitHub repository, a zip of labs/).
mkdir -p "$tmp/folders"
for lab in $labs; do cp -R "solutions/$lab" "$tmp/folders/"; done
submit "$tmp/folders"
run folders "$total" "Hidden tests: 1 more, worth 3 points"

# The reference as loose files, dropped one by one.
mkdir "$tmp/loose"
for lab in $labs; do
	for f in $(sh common/tools/labinfo.sh . "$lab" file); do cp "solutions/$lab/$f" "$tmp/loose/"; done
done
submit "$tmp/loose"
run loose "$total" "02-anonymous-mapping expects anon.c arena.c. Taken: anon.c arena.c."

# The starters: every test fails, the hidden one too, and nothing says so.
submit labs
run starters 0 "Visible tests: 0/"

# A compile error in lab 01; lab 02 not handed in.
mkdir "$tmp/broken"
printf 'int broken(void) { return }\n' | cat "solutions/01-file-mapping/filemap.c" - >"$tmp/broken/filemap.c"
submit "$tmp/broken"
run compile-error 0 "01-file-mapping: 0/"
grep -q 'does not compile' "$root/results/results.json" || fail "compile-error: no word of it"

submit ""
run empty 0 "Received: nothing (an empty upload)."

# The course in French (make gradescope COURSE_LANG=fr): the summary, the
# files, the tests' words and hints.
sed -i 's/^COURSE_LANG=.*/COURSE_LANG=fr/' "$root/source/gradescope.conf"
submit labs
run starters-fr 0 "Tests visibles : 0/"
for words in "attend" "indice :"; do
	grep -q "$words" "$root/results/results.json" || fail "starters-fr: no \"$words\""
done
sed -i 's/^COURSE_LANG=.*/COURSE_LANG=en/' "$root/source/gradescope.conf"

# Every function blocks; a 60 s timeout.  results.json is read every
# second while it runs.
mkdir "$tmp/blocking"
for lab in $labs; do
	for f in $(sh common/tools/labinfo.sh . "$lab" file); do
		{ echo '#include <unistd.h>'; sed '/^{$/a\
	for (;;) pause();' "solutions/$lab/$f"; } >"$tmp/blocking/$f"
	done
done
submit "$tmp/blocking"
sed -i 's/^TIMEOUT=.*/TIMEOUT=60/' "$root/source/gradescope.conf"
mkdir "$tmp/snapshots"
(
	n=0
	while [ ! -e "$tmp/blocking.done" ]; do
		n=$((n + 1))
		cp "$root/results/results.json" "$tmp/snapshots/$n.json" 2>/dev/null
		sleep 1
	done
) &
watcher=$!
run blocking 0 "ran past their share"
touch "$tmp/blocking.done"
wait $watcher
[ "$took" -le 60 ] || fail "blocking: run_autograder took $took s, past the 60 s timeout"
tests=$(validate "$root/results/results.json" | sed 's/ .*//')
snapshots=0
for s in "$tmp"/snapshots/*.json; do
	[ -e "$s" ] || continue
	snapshots=$((snapshots + 1))
	got=$(validate "$s")
	case $got in
	"$tests "*) ;;
	*) fail "blocking: a results.json read during the run: $got" ;;
	esac
done
echo "ok    blocking: $snapshots results.json read during the run, each valid with all tests"
sed -i 's/^TIMEOUT=.*/TIMEOUT=300/' "$root/source/gradescope.conf"

# Memory past the container's: a test is killed, the kit says why.
if [ -n "$memory" ]; then
	mkdir "$tmp/memory"
	sed '/^long fm_count_byte(/,/^{$/s/^{$/{\
	for (int i = 0; i < 64; i++) { char *p = malloc(32 << 20); if (p) memset(p, 1, 32 << 20); }/' \
		solutions/01-file-mapping/filemap.c | sed '1i #include <stdlib.h>\n#include <string.h>' \
		>"$tmp/memory/filemap.c"
	grep -q 'memset(p, 1' "$tmp/memory/filemap.c" || fail "memory: no memory hog made"
	submit "$tmp/memory"
	sed -i 's/^LAB=.*/LAB=01-file-mapping/' "$root/source/gradescope.conf"
	run memory any "used more memory than the autograder has (768 MB)"
	sed -i "s/^LAB=.*/LAB=$(echo $labs | tr ' ' ,)/" "$root/source/gradescope.conf"
fi

# A grader that cannot run: no results.json, the script fails, and
# Gradescope records no score (the autograder failed), never a 0.
rm "$root/source/build/grader/grader"
submit ""
rm -rf "$root/results" "$root/work"
if in_container sh "$root/run_autograder" >"$tmp/broken.log" 2>&1; then
	fail "broken-autograder: run_autograder succeeded"
elif [ -e "$root/results/results.json" ]; then
	fail "broken-autograder: a results.json was left, so a score would be recorded"
elif ! grep -q "could not grade" "$tmp/broken.log"; then
	fail "broken-autograder: the log does not say why"
else
	echo "ok    broken-autograder: no results.json, no score"
fi

echo "check_gradescope: $(($(date +%s) - began)) s"
[ $failures = 0 ]

#!/bin/sh
# run.sh - the adversarial corpus: hostile submissions of lab 01.
#
# Each NAME.case holds "# expect: POINTS" and C code.  By default the code
# (which defines `static void hostile(void)`) is added to the reference
# solution, and fm_count_byte calls hostile() when asked to count '\n', which
# only the test count_small_file (2 points) does: a case that ruins its call
# deserves "full-2" (the lab's full marks less 2), one that stays harmless
# "full", one that is refused 0.
# "# mode: script" cases are shell lines that shape $OUT from $SOL.
# "# output: TEXT" asks the report to say TEXT (a refusal must say why).
#
# For every case: the exact score, a bounded time, and nothing left behind
# (processes, /dev/shm objects, System V segments, changes to the kit).
# Then one case graded 20 times must give 20 equal scores.
# CORPUS="name name" runs only those cases (and no repeatability run).
set -u
kit=$(cd "$(dirname "$0")/../../.." && pwd)
grader=$kit/build/grader/grader
sol=$kit/solutions/01-file-mapping/filemap.c
work=$(mktemp -d /tmp/kit-corpus.XXXXXX)
chmod 755 "$work"     # the sandbox user reads the builds
bound=90
passed=0
failed=0
trap 'rm -rf "$work"' EXIT

say_ok() { passed=$((passed + 1)); echo "ok    $1"; }
say_fail() { failed=$((failed + 1)); echo "FAIL  $1: $2"; }

# The reference solution with hostile() wired into fm_count_byte.
inject() {
	{
		printf '#include <signal.h>\n#include <stdio.h>\n#include <stdlib.h>\n'
		printf '#include <sys/shm.h>\n#include <sys/time.h>\n#include <sys/wait.h>\n'
		printf '#include <sys/mman.h>\n#include <fcntl.h>\n#include <string.h>\n#include <unistd.h>\n'
		printf 'static void hostile(void);\n'
		sed "0,/long count = 0;/s//long count = 0; if (byte == '\\\\n') hostile();/" "$sol"
		grep -v '^# ' "$1" | sed "s|@KIT@|$kit|g"
	} > "$2/filemap.c"
}

make_case() {
	out=$work/$1/01-file-mapping
	mkdir -p "$out"
	if grep -q '^# mode: script' "$2"; then
		cp "$sol" "$out/filemap.c"
		SOL=$sol OUT=$out sh -c "$(grep -v '^# ' "$2")"
	else
		inject "$2" "$out"
	fi
}

fingerprint() {
	ls /dev/shm | grep '^kit-corpus' | sort
	# System V segments of the grades' users (uids.c: 940000 and up), so
	# that other programs of the machine do not count.
	awk 'NR > 1 && $8 >= 940000 && $8 < 950000' /proc/sysvipc/shm | wc -l
	# Processes named by a case (kit-corpus-...), and those of this run's
	# folder: another corpus run on the machine has a folder of its own.
	# (The words reach awk by its environment: on its command line, awk
	# would count itself whenever pgrep saw it started.)
	pgrep -af "kit-corpus" | grep -v "^$$ " |
		RUNS=kit-corpus. W=$work awk '!index($0, ENVIRON["RUNS"]) || index($0, ENVIRON["W"])' |
		wc -l
	# Processes of the grades' users (as root: uids.c's range), wherever
	# they run from: a test's process that outlived its grade.
	ps -eo uid= | awk '$1 >= 940000 && $1 < 950000' | wc -l
	cat "$kit"/labs/01-file-mapping/tests/* "$kit"/labs/01-file-mapping/MANIFEST | cksum
}

score_of() {
	sed -n 's/^  "score": \([0-9]*\),$/\1/p' "$1"
}

grade() {
	timeout $((bound + 30)) "$grader" --kit "$kit" --lab 01 --color never \
		--submission "$work/$1" --build "$work/build-$1" --json "$work/$1.json" \
		> "$work/$1.log" 2>&1
}

"$grader" --kit "$kit" --lab 01 --submission "$kit/solutions" --color never \
	> "$work/baseline.log" 2>&1
pidns=no
grep -q 'isolation: bubblewrap' "$work/baseline.log" && pidns=yes
full=$(sed -n 's/^Total  *\([0-9]*\)\/.*/\1/p' "$work/baseline.log")
echo "isolation: $(sed -n 's/.*(isolation: \(.*\), [0-9.]* s)$/\1/p' "$work/baseline.log")"

for case in "$(dirname "$0")"/*.case; do
	name=$(basename "$case" .case)
	if [ -n "${CORPUS:-}" ]; then
		case " $CORPUS " in *" $name "*) ;; *) continue ;; esac
	fi
	expect=$(sed -n 's/^# expect: //p' "$case")
	case $expect in
	full) expect=$full ;;
	full-*) expect=$((full - ${expect#full-})) ;;
	esac
	if grep -q '^# needs: pidns' "$case" && [ $pidns = no ]; then
		echo "skip  $name: needs a PID namespace (bubblewrap unavailable here)"
		continue
	fi
	make_case "$name" "$case"
	rm -f /tmp/kit-corpus-escaped
	before=$(fingerprint)
	start=$(date +%s)
	grade "$name"
	took=$(( $(date +%s) - start ))
	got=$(score_of "$work/$name.json")
	sleep 0.2
	after=$(fingerprint)
	[ -z "${CORPUS_DEBUG:-}" ] || { echo "before: $before"; echo "after: $after"; ps -ef | grep kit-corpus | grep -v grep; }
	wanted_output=$(sed -n 's/^# output: //p' "$case")
	if [ "$got" != "$expect" ]; then
		say_fail "$name" "scored '$got', expected $expect (log: $(tail -n 5 "$work/$name.log"))"
	elif [ $took -gt $bound ]; then
		say_fail "$name" "took ${took}s, bound ${bound}s"
	elif [ "$before" != "$after" ]; then
		say_fail "$name" "left something behind: $(printf '%s\n%s' "$before" "$after" | sort | uniq -u | tr '\n' ' ')"
	elif [ $pidns = yes ] && [ -e /tmp/kit-corpus-escaped ]; then
		say_fail "$name" "wrote /tmp/kit-corpus-escaped outside its sandbox"
	elif [ -n "$wanted_output" ] && ! grep -q "$wanted_output" "$work/$name.log"; then
		say_fail "$name" "the report does not say '$wanted_output'"
	else
		say_ok "$name ($got points, ${took}s)"
	fi
	rm -rf "$work/build-$name"
done

[ -z "${CORPUS:-}" ] || { echo "$passed passed, $failed failed"; [ $failed = 0 ]; exit; }
scores=$(for i in $(seq 20); do grade kill-parent; score_of "$work/kill-parent.json"; done | sort -u)
if [ "$(echo "$scores" | wc -l)" = 1 ]; then
	say_ok "kill-parent graded 20 times: always $scores"
else
	say_fail "repeatability" "20 gradings gave: $(echo $scores)"
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]

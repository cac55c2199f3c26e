#!/bin/sh
# gradeclass.sh - grades a whole class, several students at a time.
#
#     gradeclass.sh KIT SUBMISSIONS OUT [JOBS] [LAB]
#
# Every entry of SUBMISSIONS is one student: a folder laid out like labs/,
# or an archive of one: zip, 7z, tar, plain or compressed (see
# grader/tools/unpack.c for what an archive may hold, and subroot.sh for where the labs may sit in it).
# Entries whose name starts with a dot are skipped.  Writes, and nothing
# outside OUT:
#
#   OUT/gradebook.csv   one row per student: points per lab, total, status
#   OUT/tests.csv       one row per student and test (item analysis)
#   OUT/summary.txt     pass rate of each test, distribution of totals
#   OUT/<id>/           report.txt and results.json of one student
#
# The student's id is the entry's name without its archive extension,
# reduced to letters, digits, '.', '_' and '-'.  The trusted kit library
# is built once and shared; each student has a build folder of their own,
# removed once graded (KEEP=1 keeps them, in OUT/.work); their tests run
# from a folder of the grader's under /tmp.  JOBS students are graded at
# once (default: the number of processors), each job slot on a processor,
# each grade, as root, under a user of its own (grader/src/uids.c).
# Without namespaces (bubblewrap) it refuses to run, unless
# KIT_ALLOW_NO_SANDBOX=1.  Exit status: 0 when every student has a
# row, 2 when the kit cannot be built or some student could not be graded
# for a reason of the kit's or the machine's (no row is made up for them).
set -u

GRADER_TOOLS=$(cd "$(dirname "$0")" && pwd)

# --- one student (run by xargs, several at once) -------------------------

progress() {
	[ "$PROGRESS" = 1 ] || return 0
	done_count=$(wc -l <"$WORK/done")
	elapsed=$(($(date +%s) - START))
	if [ "$done_count" = 0 ]; then
		estimate="time left unknown yet"
	else
		left=$((elapsed * (TOTAL - done_count) / done_count))
		estimate=$(printf 'about %d:%02d left' $((left / 60)) $((left % 60)))
	fi
	printf '\r  %d/%d graded, %d:%02d elapsed, %-22s' "$done_count" "$TOTAL" \
		$((elapsed / 60)) $((elapsed % 60)) "$estimate" >&2
}

# The folder to grade for ENTRY, into $tree; or the reason not to, in $why.
prepare() {
	entry=$1
	why=""
	tree=""
	if [ -L "$entry" ]; then
		why="a symbolic link, not a folder or an archive"
	elif [ -d "$entry" ]; then
		tree=$entry
	elif [ ! -f "$entry" ]; then
		why="not a folder or a regular file"
	else
		case $entry in
		*.tar|*.tar.gz|*.tgz|*.tar.bz2|*.tbz2|*.tar.xz|*.txz|*.tar.zst|*.zip|*.7z) ;;
		*) why="not a folder or an archive (.zip, .7z, .tar, .tar.gz, .tar.xz...)"; return ;;
		esac
		# A copy: the archive cannot change while it is unpacked.
		copy=$dir/archive
		cp "$entry" "$copy" || { why="the archive cannot be read"; return; }
		why=$("$KIT/build/grader/unpack" "$copy" "$dir/unpacked") && tree=$dir/unpacked
		rm -f "$copy"
	fi
	# No lab folder found: graded as is, every lab "not submitted".
	[ -z "$tree" ] || tree=$(sh "$GRADER_TOOLS/subroot.sh" "$KIT" "$tree") || true
}

# Runs the grader for student $id; "$@": what to grade.  $cpu, when set,
# is the processor of this job slot (see slots below).
run_grader() {
	${cpu:+taskset -c "$cpu"} "$GRADER" --kit "$KIT" --kit-build "$WORK/kit" \
		--build "$dir/build" ${LAB:+--lab "$LAB"} --id "$id" \
		--color never --json "$OUT/$id/results.json" \
		--csv "$dir/row.csv" --csv-tests "$dir/tests.csv" "$@" \
		>"$OUT/$id/report.txt" 2>&1
}

grade_one() {
	id=$1
	dir=$WORK/$id
	slot_settings
	mkdir -p "$OUT/$id" "$dir/empty"
	prepare "$(cat "$dir/entry")"
	if [ -n "$tree" ]; then
		# The grader takes only the manifests' files, never through a
		# link (collect.c): the tree is graded where it is.
		run_grader --submission "$tree"
	else
		run_grader --submission "$dir/empty" --reject "$why"
	fi
	# The grader died before its reports (exit 2): still a row, saying so.
	if [ ! -s "$dir/row.csv" ]; then
		mv "$OUT/$id/report.txt" "$dir/grader.log"
		run_grader --submission "$dir/empty" \
			--reject "the grader failed on this submission (see $id/report.txt)"
		cat "$dir/grader.log" >>"$OUT/$id/report.txt"
	fi
	[ "$KEEP" = 1 ] || { chmod -R u+rwX "$dir" 2>/dev/null; rm -rf "$dir/build" "$dir/unpacked"; }
	echo "$id" >>"$WORK/done"
	progress
}

# What job slot $KIT_SLOT (0 to JOBS - 1, from xargs) brings: $cpu, the
# processor its grader is held to when PIN_CPUS lists one per slot.
slot_settings() {
	cpu=""
	[ -n "${KIT_SLOT:-}" ] || return 0
	n=0
	for c in $PIN_CPUS; do
		[ "$n" = "$KIT_SLOT" ] && cpu=$c
		n=$((n + 1))
	done
}

if [ "${1:-}" = --one ]; then
	grade_one "$2"
	exit 0
fi

# --- the class -------------------------------------------------------------

usage() {
	echo "usage: gradeclass.sh KIT SUBMISSIONS OUT [JOBS] [LAB]" >&2
	exit 2
}

# NAME with every byte but letters, digits, '.', '_' and '-' made '_', cut
# to 64 bytes and never starting with '.' or '-'; into $safe.  Plain shell,
# no process: a class has hundreds of entries, and this runs before any
# student is graded.
sanitize() {
	rest=$1
	safe=""
	while [ -n "$rest" ] && [ ${#safe} -lt 64 ]; do
		byte=${rest%"${rest#?}"}
		rest=${rest#?}
		case $byte in
		[abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-]) ;;
		*) byte=_ ;;
		esac
		[ -n "$safe" ] || case $byte in .|-) byte=_ ;; esac
		safe=$safe$byte
	done
	[ -n "$safe" ] || safe=_
}

# The id for ENTRY, unique among those already given (and never one of
# the files the class report writes next to the students' folders).
make_id() {
	name=${1##*/}
	case $name in
	*.tar.gz|*.tar.bz2|*.tar.xz|*.tar.zst) name=${name%.tar.*} ;;
	*.tar|*.tgz|*.tbz2|*.txz|*.zip|*.7z) name=${name%.*} ;;
	esac
	sanitize "$name"
	id=$safe
	n=1
	while [ -e "$WORK/$id" ] || [ "$id" = gradebook.csv ] ||
	      [ "$id" = tests.csv ] || [ "$id" = summary.txt ]; do
		n=$((n + 1))
		id=$safe-$n
	done
	mkdir "$WORK/$id"
	printf '%s\n' "$1" >"$WORK/$id/entry"
	echo "$id"
}

# OUT is ours: new, empty, or written by an earlier run (its marker).
claim_out() {
	if [ -d "$OUT" ] && [ -n "$(ls -A "$OUT")" ] && [ ! -f "$OUT/.kit-class" ]; then
		echo "gradeclass: $OUT exists and was not written by grade-class; choose another OUT" >&2
		exit 2
	fi
	mkdir -p "$OUT" || exit 2
	chmod -R u+rwX "$OUT" 2>/dev/null
	find "$OUT" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
	: >"$OUT/.kit-class"
}

# A class is graded only where its students cannot reach one another: with
# namespaces (bubblewrap).  Without them (a container, a host that forbids
# user namespaces), tests of one student could see another's processes and
# files: the instructor must ask for it (KIT_ALLOW_NO_SANDBOX=1).  The
# probe mounts /dev and /proc as the grader's sandbox does: a container's
# masked /proc lets bubblewrap make namespaces, yet not mount a /proc, and
# the grader then falls back.
require_namespaces() {
	[ "${KIT_ALLOW_NO_SANDBOX:-}" = 1 ] && return 0
	if command -v bwrap >/dev/null 2>&1 && [ -z "${KIT_NO_SANDBOX:-}" ] &&
	   bwrap --unshare-all --die-with-parent --ro-bind / / --dev /dev \
		--proc /proc true 2>/dev/null; then
		return 0
	fi
	echo "gradeclass: bubblewrap cannot make namespaces here, so students'" \
		"tests would not be kept apart (INSTRUCTORS.md, \"Where the kit" \
		"runs\"). Fix that, or grade anyway with KIT_ALLOW_NO_SANDBOX=1." >&2
	exit 2
}

# Folders the sandbox user must reach: searchable by all (umask aside).
# The trusted objects are built (or found up to date) in the kit's own
# build folder, shared with every other grade, then copied with their time
# stamps for this class: make finds the copy up to date, and nobody writes
# into it while students are graded.
build_kit() {
	shared=${KIT_BUILD:-$KIT/build/kit}
	mkdir -p "$shared" "$WORK/kit-prep"
	chmod 755 "$OUT" "$WORK"
	if ! "$GRADER" --kit "$KIT" --kit-build "$shared" --build "$WORK/kit-prep" \
		${LAB:+--lab "$LAB"} --kit-only >"$WORK/kit.log" 2>&1; then
		cat "$WORK/kit.log" >&2
		echo "gradeclass: the kit's library does not build" >&2
		exit 2
	fi
	cp -a "$shared" "$WORK/kit"
	chmod -R a-w "$WORK/kit"
}

# --- job slots ---------------------------------------------------------------
#
# xargs numbers its job slots (GNU's --process-slot-var).  Two things hang
# on the number:
#  - With no more slots than processors, each slot's grader and all it
#    starts stay on a processor of their own.  Left to the scheduler, the
#    many short processes of two graders often queue on one processor while
#    the other idles (20 students at -j2 on 2 processors: 5.0 s, pinned
#    4.6 s), and a student's busy loop could slow a neighbour into a timeout.
#  - As root, each grader runs its tests as a user of its own, which no
#    other grade holds at the same time (grader/src/uids.c): RLIMIT_NPROC
#    counts per user, so a fork bomb in one slot, or in another class
#    graded on the same machine, never starves the forks of another.

# The processors this run may use, one per line.
allowed_cpus() {
	awk -F'[:,]' '/^Cpus_allowed_list:/ {
		for (i = 2; i <= NF; i++) {
			n = split($i, r, "-")
			for (c = r[1] + 0; c <= r[n] + 0; c++)
				print c
		}
	}' /proc/self/status 2>/dev/null
}

# Sets PIN_CPUS and SLOTS (the xargs option naming the slot).
plan_slots() {
	PIN_CPUS=""
	SLOTS=""
	echo | xargs --process-slot-var=KIT_SLOT true 2>/dev/null || return 0
	SLOTS=--process-slot-var=KIT_SLOT
	cpus=$(allowed_cpus)
	if command -v taskset >/dev/null 2>&1 && [ -n "$cpus" ] &&
	   [ "$JOBS" -le "$(echo "$cpus" | wc -l)" ]; then
		PIN_CPUS=$(echo $cpus)
	fi
}

# Rows of every student, under the header of the first: one process for
# the whole class.
concatenate() {
	awk -v work="$WORK" -v name="$1" '{
		file = work "/" $0 "/" name
		lines = 0
		while ((getline row < file) > 0)
			if (++lines > 1 || !header)
				print row
		close(file)
		if (lines > 0)
			header = 1
	}' "$WORK/ids"
}

[ $# -ge 3 ] || usage
KIT=$(cd "$1" && pwd) || exit 2
SUBMISSIONS=$2
OUT=$3
JOBS=${4:-}
LAB=${5:-}
[ -d "$SUBMISSIONS" ] || { echo "gradeclass: $SUBMISSIONS: no such folder" >&2; exit 2; }
SUBMISSIONS=$(cd "$SUBMISSIONS" && pwd -P)
out_real=$(mkdir -p "$OUT" && cd "$OUT" && pwd -P) || exit 2
case $out_real/ in
"$SUBMISSIONS"/*) echo "gradeclass: OUT must not be inside SUBMISSIONS" >&2; exit 2 ;;
esac
case $SUBMISSIONS/ in
"$out_real"/*) echo "gradeclass: SUBMISSIONS must not be inside OUT" >&2; exit 2 ;;
esac
claim_out
OUT=$(cd "$OUT" && pwd -P)
WORK=$OUT/.work
GRADER=$KIT/build/grader/grader
[ -n "$JOBS" ] || JOBS=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
KEEP=${KEEP:-0}
PROGRESS=0
[ -t 2 ] && PROGRESS=1
mkdir -p "$WORK"
: >"$WORK/ids"
: >"$WORK/done"
require_namespaces
build_kit

for entry in "$SUBMISSIONS"/*; do
	[ -e "$entry" ] || [ -L "$entry" ] || continue
	make_id "$entry" >>"$WORK/ids"
done
TOTAL=$(wc -l <"$WORK/ids")
START=$(date +%s)
plan_slots
export KIT OUT WORK GRADER LAB KEEP PROGRESS TOTAL START PIN_CPUS
echo "Grading $TOTAL submissions, $JOBS at a time, into $OUT"
progress
# Ids are made of [A-Za-z0-9._-] only: safe as xargs arguments.
xargs -n 1 -P "$JOBS" $SLOTS sh "$0" --one <"$WORK/ids"
[ "$PROGRESS" = 1 ] && echo >&2

concatenate row.csv >"$OUT/gradebook.csv"
concatenate tests.csv >"$OUT/tests.csv"
sh "$GRADER_TOOLS/summary.sh" "$OUT/gradebook.csv" "$OUT/tests.csv" >"$OUT/summary.txt"
cat "$OUT/summary.txt"
ungraded=$(sort "$WORK/ungraded" 2>/dev/null | tr '\n' ' ')
if [ "$KEEP" != 1 ]; then
	chmod -R u+rwX "$WORK" 2>/dev/null
	rm -rf "$WORK"
fi
echo "Gradebook: $OUT/gradebook.csv"
if [ -n "$ungraded" ]; then
	echo "Not graded (the grader or the machine failed, not the student;" \
		"see OUT/<id>/report.txt): $ungraded" >&2
	exit 2
fi
exit 0

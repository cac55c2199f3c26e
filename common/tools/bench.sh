#!/bin/sh
# bench.sh - `make bench`: the grader against the floor.
#
# The floor is what any correct grade must cost: compiling the same sources
# and running the same test binaries directly, with nothing else.  Printed,
# one per line:
#   overhead_ratio    grader on solutions/ from nothing (kit library, tests
#                     and student files all compiled) / the floor doing the
#                     same compiling and running
#   overhead_ratio_warm_kit   the same when the trusted parts (kit library,
#                     tests) are already built, on both sides, as they are
#                     for every grade after the first: the grader's own cost
#                     weighs most here
#   regrade_ratio     regrading one lab after an edit of one student file
#                     / grading every lab (nothing changed)
#   class_speedup_j2  N synthetic submissions graded with -j1 / with -j2
# with the absolute times and the core count.  Each time is the median of
# RUNS runs (default 3); the machine is noisy, so the two times of a ratio
# are taken in turns rather than one series after the other.
set -eu
cd "$(dirname "$0")/../.."
kit=$(pwd)
RUNS=${RUNS:-3}
N=${N:-20}
CLASS_LABS=${CLASS_LABS:-01,04}
GRADER=$kit/build/grader/grader
work=$(mktemp -d /tmp/kit-bench.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
. common/tools/bench-lib.sh

# --- the floor: the same compiler commands and test binaries, directly --
# make -n prints the exact commands the grader's build would run; the floor
# runs them with sh (no make, no inspection, no test list, no sandbox),
# then runs each test binary once.  FLAGS: -B for everything, nothing for
# the student's part alone (the trusted parts already in KIT_BUILD).
floor_script() {
	for lab in labs/*/; do
		name=$(basename "$lab")
		make $1 -ns --no-print-directory -f common/lab.mk LAB_DIR="$kit/$lab" \
			SRC_DIR="$kit/solutions/$name" BUILD_DIR="$2/$name" \
			KIT_BUILD="$3" tests
	done | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' |
		grep -v -e '/inspect ' -e libsyms.sh -e '^{' | awk '!seen[$0]++'
}

# Runs floor script $1 into folder $2.
floor_run() {
	rm -rf "$2"
	sh -e "$1" >/dev/null
	# Tests run through the trusted runner, as they must (runner.c); its
	# build and the labs' records come from the kit's own build, made
	# beforehand.
	for lab in labs/*/; do
		name=$(basename "$lab")
		(cd "$2" && "$kit/build/kit/runner" "$kit/build/kit/labs/$name/record" \
			"./$name/tests" >/dev/null 2>&1) || true
	done
}
floor_once() { floor_run "$work/floor.sh" "$work/floor"; }
floor_warm_kit_once() { floor_run "$work/floor-warm.sh" "$work/floor-warm"; }

grade_scratch_once() {
	rm -rf "$work/b"
	"$GRADER" --kit . --submission solutions --build "$work/b" \
		--kit-build "$work/k" --color never >/dev/null
}

grade_cold_kit_once() {
	rm -rf "$work/k"
	grade_scratch_once
}

grade_warm_once() {
	"$GRADER" --kit . --submission "$work/sub" --build "$work/wb" \
		--kit-build "$work/wk" --color never >/dev/null || true
}

regrade_once() {
	# An edit of one student file: its content changes, so it recompiles.
	echo "/* edit $(date +%s%N) */" >> "$work/sub/01-file-mapping/filemap.c"
	"$GRADER" --kit . --submission "$work/sub" --lab 01 --build "$work/wb" \
		--kit-build "$work/wk" --color never >/dev/null || true
}

class_once() {
	rm -rf "$work/out$1"
	make -s --no-print-directory grade-class SUBMISSIONS="$work/class" \
		OUT="$work/out$1" J="$1" LAB="$CLASS_LABS" >/dev/null 2>&1 || true
}
class_j1() { class_once 1; }
class_j2() { class_once 2; }

make -s grader
echo "cores=$(nproc)"
# make -n writes the link flags into the commands it prints: it reads them
# from the kit build's link.flags, which must exist for that.
link_flags() {
	make -s --no-print-directory -f common/lab.mk KIT_BUILD="$1" STUDENT_FILES= \
		"$1/link.flags"
}
link_flags "$work/floor/kit"
"$GRADER" --kit . --kit-only >/dev/null
floor_script -B "$work/floor" "$work/floor/kit" > "$work/floor.sh"
# The warm floor's trusted parts: the full floor's, kept aside.
floor_once
mv "$work/floor/kit" "$work/floor-kit"
link_flags "$work/floor-kit"
floor_script "" "$work/floor-warm" "$work/floor-kit" > "$work/floor-warm.sh"

read -r floor cold <<EOF
$(median_pair "$RUNS" floor_once grade_cold_kit_once)
EOF
read -r floor_warm grade <<EOF
$(median_pair "$RUNS" floor_warm_kit_once grade_scratch_once)
EOF
echo "floor_seconds=$floor"
echo "grade_seconds=$cold"
echo "overhead_ratio=$(ratio "$cold" "$floor")"
echo "floor_warm_kit_seconds=$floor_warm"
echo "grade_warm_kit_seconds=$grade"
echo "overhead_ratio_warm_kit=$(ratio "$grade" "$floor_warm")"

cp -r solutions "$work/sub"
grade_warm_once
read -r full regrade <<EOF
$(median_pair "$RUNS" grade_warm_once regrade_once)
EOF
echo "full_grade_seconds=$full"
echo "regrade_seconds=$regrade"
echo "regrade_ratio=$(ratio "$regrade" "$full")"

mkdir -p "$work/class"
for i in $(seq "$N"); do
	cp -r solutions "$work/class/student$i"
	echo "/* student $i */" >> "$work/class/student$i/01-file-mapping/filemap.c"
done
read -r j1 j2 <<EOF
$(median_pair "$RUNS" class_j1 class_j2)
EOF
echo "class_submissions=$N"
echo "class_j1_seconds=$j1"
echo "class_j2_seconds=$j2"
echo "class_speedup_j2=$(ratio "$j1" "$j2")"

#!/bin/sh
# bench.sh - `make bench`: the grader against the floor.
#
# The floor is what any correct grade must cost: compiling the same sources
# (kit library, tests, student files) and running the same test binaries
# directly.  Printed, one per line:
#   overhead_ratio    grader on solutions/, nothing of the submission built
#                     yet, trusted parts (kit library, tests) built once
#                     before, as the kit reuses them / the floor
#   overhead_ratio_cold_kit   the same with the trusted parts built too
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
# then runs each test binary once.
floor_script() {
	for lab in labs/*/; do
		name=$(basename "$lab")
		make -Bns --no-print-directory -f common/lab.mk LAB_DIR="$kit/$lab" \
			SRC_DIR="$kit/solutions/$name" BUILD_DIR="$work/floor/$name" \
			KIT_BUILD="$work/floor/kit" tests
	done | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' |
		grep -v -e '/inspect ' -e reserved.syms -e '^{' | awk '!seen[$0]++'
}

floor_once() {
	rm -rf "$work/floor"
	sh -e "$work/floor.sh" >/dev/null
	for lab in labs/*/; do
		(cd "$work/floor" && "./$(basename "$lab")/tests" >/dev/null 2>&1) || true
	done
}

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
floor_script > "$work/floor.sh"
cold=$(median_time "$RUNS" grade_cold_kit_once)
read -r floor grade <<EOF
$(median_pair "$RUNS" floor_once grade_scratch_once)
EOF
echo "floor_seconds=$floor"
echo "grade_seconds=$grade"
echo "grade_cold_kit_seconds=$cold"
echo "overhead_ratio=$(ratio "$grade" "$floor")"
echo "overhead_ratio_cold_kit=$(ratio "$cold" "$floor")"

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

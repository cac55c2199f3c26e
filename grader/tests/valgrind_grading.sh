#!/bin/sh
# valgrind_grading.sh - `make grade VALGRIND=1` finds a leak the tests miss.
#
# A lab 01 solution that leaks 100 bytes in one test still passes every
# test; under --valgrind that test gets a memcheck note (lab 01 does not
# set VALGRIND_COSTS, so the points stay).  In a copy of the kit whose lab
# 01 sets VALGRIND_COSTS := 1 (the lab's record carries it to the grader),
# that test loses its points.
set -eu
kit=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/kit-vg.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sub/01-file-mapping"
sed -e "0,/long count = 0;/s//long count = 0; if (byte == '\\\\n') { static char *volatile sink; sink = malloc(100); sink = NULL; }/" \
    -e 's/#include <unistd.h>/#include <unistd.h>\n#include <stdlib.h>/' \
    "$kit/solutions/01-file-mapping/filemap.c" > "$work/sub/01-file-mapping/filemap.c"
"$kit/build/grader/grader" --kit "$kit" --lab 01 --submission "$work/sub" \
	--build "$work/build" --valgrind --color never > "$work/report" || true
grep -Eq '^01-file-mapping +([0-9]+)/\1 ' "$work/report" || { cat "$work/report"; exit 1; }
grep -A1 'count_small_file' "$work/report" | grep -q 'memcheck: valgrind found' ||
	{ echo "no memcheck note on count_small_file"; cat "$work/report"; exit 1; }
[ "$(grep -c 'memcheck:' "$work/report")" = 1 ] ||
	{ echo "memcheck notes on tests that do not leak"; cat "$work/report"; exit 1; }
echo "memcheck note on the leaking test only, points kept"

mkdir -p "$work/kit/labs"
cp -R "$kit/common" "$work/kit/"
cp -R "$kit/labs/01-file-mapping" "$work/kit/labs/"
rm -rf "$work/kit/labs/01-file-mapping/build"
echo 'VALGRIND_COSTS := 1' >>"$work/kit/labs/01-file-mapping/lab.mk"
"$kit/build/grader/grader" --kit "$work/kit" --lab 01 --submission "$work/sub" \
	--build "$work/build-costs" --valgrind --color never > "$work/report" || true
grep -Eq '^  FAIL +count_small_file +0/' "$work/report" ||
	{ echo "VALGRIND_COSTS := 1: count_small_file keeps its points"; cat "$work/report"; exit 1; }
[ "$(grep -c '^  FAIL' "$work/report")" = 1 ] ||
	{ echo "VALGRIND_COSTS := 1: tests that do not leak lose points"; cat "$work/report"; exit 1; }
echo "VALGRIND_COSTS := 1: the leaking test loses its points, and it alone"

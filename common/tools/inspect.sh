#!/bin/sh
# inspect.sh - rejects student object files that could subvert the tests.
#
#     inspect.sh RESERVED_SYMS "FORBIDDEN CALLS" student.o...
#
# Student code is linked into the test binary, so it must not:
#   - define main() or any symbol of the C library, Check or the kit: its
#     definition would replace theirs (a fake waitpid() could fake a pass);
#   - carry constructors or destructors (.init_array, .ctors, ...): they run
#     in the trusted runner, before and after every test;
#   - call what the lab forbids (the sheet says: map the file, no read()).
# RESERVED_SYMS lists the reserved names, sorted, one per line (lab.mk).
set -u
export LC_ALL=C        # comm needs the order sort gave reserved.syms
reserved=$1
forbidden=$2
shift 2
status=0

for obj in "$@"; do
	src=$(basename "$obj" .o).c
	defined=$(nm --defined-only -g "$obj" | awk '{ print $3 }' | sort -u)
	for sym in $(printf '%s\n' "$defined" | grep -x main); do
		echo "$src: defines main(): the kit supplies it; remove yours" >&2
		status=1
	done
	for sym in $(printf '%s\n' "$defined" | comm -12 - "$reserved"); do
		echo "$src: defines '$sym', a name of the C library or the test kit: rename it or make it static" >&2
		status=1
	done
	for section in $(readelf -S -W "$obj" | grep -o -E '\.(init_array|fini_array|preinit_array|ctors|dtors)\b' | sort -u); do
		echo "$src: has a constructor or destructor ($section): code may run only when the tests call it" >&2
		status=1
	done
	if [ -n "$forbidden" ]; then
		for call in $(nm -u "$obj" | awk '{ print $2 }' | grep -x -F "$(printf '%s\n' $forbidden)"); do
			echo "$src: calls $call(), which this lab forbids (see the sheet)" >&2
			status=1
		done
	fi
done
exit $status

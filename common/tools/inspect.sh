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
# RESERVED_SYMS lists the reserved names, one per line (made by lab.mk).
set -u
reserved=$1
forbidden=$2
shift 2
status=0

reject() {
	echo "$1: $2" >&2
	status=1
}

for obj in "$@"; do
	src=$(basename "$obj" .o).c
	for sym in $(nm --defined-only -g "$obj" | awk '{ print $3 }'); do
		if [ "$sym" = main ]; then
			reject "$src" "defines main(): the kit supplies it; remove yours"
		elif grep -qxF "$sym" "$reserved"; then
			reject "$src" "defines '$sym', a name of the C library or the test kit: rename it or make it static"
		fi
	done
	for section in .init_array .fini_array .preinit_array .ctors .dtors; do
		if readelf -S -W "$obj" | grep -q " \\$section"; then
			reject "$src" "has a constructor or destructor ($section): code may run only when the tests call it"
		fi
	done
	for call in $forbidden; do
		if nm -u "$obj" | awk '{ print $2 }' | grep -qxF "$call"; then
			reject "$src" "calls $call(), which this lab forbids (see the sheet)"
		fi
	done
done
exit $status

#!/bin/sh
# libsyms.sh - the name lists object inspection reads (common/tools/inspect.c),
# worked out once per kit from the libraries a test binary links with.
#
#   libsyms.sh KIT_BUILD CC CHECK_LIBDIR
#
# Writes, one name per line, sorted by byte value:
#   reserved.syms  names student code may not define: every name the C
#                  library, libm, librt, libpthread, the dynamic loader,
#                  subunit, Check or the kit defines or refers to.  A global
#                  definition matters only to code that refers to its name;
#                  apart from the lab's own functions (which the tests
#                  refer to), this is all the trusted code there is.
#   kit.syms       names of the kit, Check and subunit, which student code
#                  may not even refer to: they decide the verdict.
#   allowed.syms   the public functions and data student code may call: the
#                  exports of the C library, libm, librt and libpthread.
set -eu
build=$1 cc=$2 checkdir=$3
lib() { "$cc" -print-file-name="$1"; }
libdir=$(dirname "$(lib libc.so.6)")
system="$(lib libc.so.6) $(lib libm.so.6) $(lib librt.so.1) $(lib libpthread.so.0)"
loader=$(ls "$libdir"/ld-linux*.so* "$libdir"/ld-*.so* 2>/dev/null | head -n 1 || true)
subunit=$(lib libsubunit.so)
[ -f "$subunit" ] || subunit=""
kit="$checkdir/libcheck_pic.a $build/libkit.a $build/kit_main.o"
[ -f "$checkdir/libcheck_pic.a" ] || kit="$checkdir/libcheck.a $build/libkit.a $build/kit_main.o"

# nm prints "[address] type name[@version]": the name, bare.
names() { awk 'NF >= 2 { n = $NF; sub(/@.*/, "", n); print n }' | LC_ALL=C sort -u; }

for f in $system; do [ -f "$f" ] || { echo "libsyms: $f missing" >&2; exit 1; }; done
{
	nm -D $system $loader $subunit 2>/dev/null
	nm -g $kit 2>/dev/null
} | grep -v ':$' | names >"$build/reserved.syms"
{
	nm -g --defined-only $kit 2>/dev/null
	[ -z "$subunit" ] || nm -D --defined-only "$subunit"
} | grep -v ':$' | names >"$build/kit.syms"
nm -D --defined-only $system | names >"$build/allowed.syms"

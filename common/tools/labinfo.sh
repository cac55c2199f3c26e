#!/bin/sh
# labinfo.sh - what a lab is made of, from its record: the shell's reader.
#
#     labinfo.sh KIT LAB path              where the record is
#     labinfo.sh KIT LAB KEY               every value of KEY, one a line:
#                                          lab, file, forbidden, ldlib,
#                                          valgrind-costs
#     labinfo.sh KIT LAB test FIELD...     one line per test, its FIELDs
#                                          tab-separated: name, points,
#                                          timeout, hidden, faults,
#                                          no_valgrind, signal, desc, hint
#
# The record (common/src/kit_lab.h) is built from the lab's own files
# (MANIFEST, lab.mk, the tests as compiled) into KIT_BUILD (default
# KIT/build/kit), once per kit: this script builds it if make finds it
# missing or out of date, then reads it.  Test fields are found by the
# names of the record's header, not by position; desc and hint stay
# escaped as the record has them (\t, \n).  Every shell tool reads a lab
# through this script (mutants.pl too); nothing else parses MANIFEST.
# Exit status 2 if the record cannot be built or KEY is unknown.
set -u
[ $# -ge 3 ] || { echo "usage: labinfo.sh KIT LAB path|KEY|test FIELD..." >&2; exit 2; }
kit=$1 lab=$2 key=$3
shift 3
build=${KIT_BUILD:-$kit/build/kit}
record=$build/labs/$lab/record

[ -d "$kit/labs/$lab" ] || { echo "labinfo: $kit/labs/$lab: no such lab" >&2; exit 2; }
if ! log=$(make -s --no-print-directory -f "$kit/common/lab.mk" \
	LAB_DIR="$kit/labs/$lab" KIT_BUILD="$build" BUILD_DIR="$build/labs/$lab/student" \
	STUDENT_FILES= record 2>&1); then
	printf '%s\n' "$log" >&2
	echo "labinfo: the record of $lab does not build" >&2
	exit 2
fi

case $key in
path)
	printf '%s\n' "$record" ;;
lab|file|forbidden|ldlib|valgrind-costs)
	awk -F'\t' -v key="$key" '$1 == key { print $2 }' "$record" ;;
test)
	[ $# -gt 0 ] || { echo "labinfo: test needs field names" >&2; exit 2; }
	awk -F'\t' -v want="$*" '
		BEGIN { n = split(want, field, " ") }
		$1 == "test-fields" {
			for (i = 2; i <= NF; i++) column[$i] = i
			for (k = 1; k <= n; k++)
				if (!(field[k] in column)) {
					print "labinfo: no test field " field[k] >"/dev/stderr"
					bad = 1; exit 2
				}
		}
		$1 == "test" {
			line = ""
			for (k = 1; k <= n; k++)
				line = line (k > 1 ? "\t" : "") $(column[field[k]])
			print line
		}
		END { if (bad) exit 2 }' "$record" ;;
*)
	echo "labinfo: unknown key $key" >&2
	exit 2 ;;
esac

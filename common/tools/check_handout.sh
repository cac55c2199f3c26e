#!/bin/sh
# check_handout.sh - a handout gives students nothing of the solutions.
#
#     check_handout.sh KIT HANDOUT
#
#   1. no solutions/, no hidden test, no lab template;
#   2. its starters are exactly what KIT's solutions/ generates;
#   3. no solution code anywhere in it (leaks.awk: three solution-only
#      lines in a row, in any file: sheets, tests, headers, the kit...).
# Prints what is wrong; exit status 1 if anything is.
set -u
kit=$(cd "$1" && pwd)
handout=$(cd "$2" && pwd)
status=0

problem() {
	printf '%s\n' "$*"
	status=1
}

no_secret_files() {
	[ ! -e "$handout/solutions" ] || problem "solutions/ is in the handout"
	[ ! -e "$handout/common/template" ] || problem "the lab template is in the handout"
	for f in "$handout"/labs/*/tests/hidden_*; do
		[ -e "$f" ] && problem "hidden test ${f#"$handout"/} is in the handout"
	done
}

starters_generated() {
	fresh=$(mktemp -d)
	sh "$kit/common/tools/mkstarters.sh" "$kit" "$fresh" || { rm -rf "$fresh"; problem "mkstarters failed"; return; }
	for file in "$fresh"/labs/*/*; do
		rel=${file#"$fresh"/}
		cmp -s "$file" "$handout/$rel" || problem "$rel is not the starter solutions/ generates"
	done
	rm -rf "$fresh"
}

# Each solution file with its starter (or /dev/null: students never get
# the file), then every file of the handout.
no_solution_lines() {
	set --
	pair=0
	for sol in "$kit"/solutions/*/*; do
		[ -f "$sol" ] || continue
		pair=$((pair + 1))
		rel=labs/${sol#"$kit"/solutions/}
		starter=$handout/$rel
		[ -f "$starter" ] || starter=/dev/null
		set -- "$@" pair=$pair role=starter "$starter" role=solution "$sol"
	done
	# xargs repeats the pairs before each slice of a long file list.
	find "$handout" -type f ! -name '*.o' ! -name '*.a' | sort |
		xargs awk -f "$kit/common/tools/leaks.awk" "$@" role=handout ||
		problem "solution code reached the handout (lines above)"
}

no_secret_files
starters_generated
no_solution_lines
[ $status = 0 ] && echo "handout $handout: no solution, no hidden test"
exit $status

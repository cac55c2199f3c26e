#!/bin/sh
# check_sheets.sh - every sheet says what its lab's tests check.
#
#     check_sheets.sh KIT KIT_BUILD
#
# For each lab, both sheets (README.md, README.fr.md):
#   - link to each other on the line after the title;
#   - have the same sections, in the same order (the English headings,
#     and their French counterparts below);
#   - hold, under "What the tests check" / "Ce que vérifient les tests", a
#     table that lists exactly the lab's tests with their points, in the
#     order they are declared (the lab's record in KIT_BUILD: labinfo.sh),
#     hidden tests left out.
# Prints what is wrong; exit status 1 if anything is.
set -u
kit=$1
build=$2
status=0

problem() {
	printf '%s\n' "$*"
	status=1
}

EN_SECTIONS="Objectives|What you need to know|Files|Steps|What the tests check|Questions to think about|Glossary"
FR_SECTIONS="Objectifs|Ce qu'il faut savoir|Fichiers|Étapes|Ce que vérifient les tests|Questions pour réfléchir|Glossaire"

# The level-2 headings of a sheet, joined by '|'.
sections() {
	sed -n 's/^## //p' "$1" | paste -sd'|' -
}

# "name points" of each row of the table under heading $2 of sheet $1.
table() {
	awk -v heading="$2" '
		/^## / { inside = (substr($0, 4) == heading); next }
		inside && /^\| *`[A-Za-z0-9_]+` *\|/ {
			split($0, cell, "|")
			name = cell[2]; points = cell[3]
			gsub(/[ `]/, "", name); gsub(/ /, "", points)
			print name, points
		}' "$1"
}

for lab in "$kit"/labs/*/; do
	name=$(basename "$lab")
	[ -f "$lab/MANIFEST" ] || continue
	if ! tests=$(KIT_BUILD=$build sh "$kit/common/tools/labinfo.sh" "$kit" "$name" \
			test name points hidden); then
		problem "$name: its record does not build"
		continue
	fi
	# Hidden tests are the instructor's: no sheet names them.
	expected=$(printf '%s\n' "$tests" | awk -F'\t' '$3 == 0 { print $1, $2 }')
	for sheet in README.md README.fr.md; do
		file=$lab$sheet
		[ -f "$file" ] || { problem "$name/$sheet: missing"; continue; }
		if [ "$sheet" = README.md ]; then
			want=$EN_SECTIONS heading="What the tests check" other=README.fr.md
		else
			want=$FR_SECTIONS heading="Ce que vérifient les tests" other=README.md
		fi
		sed -n 2,3p "$file" | grep -q "($other)" ||
			problem "$name/$sheet: no link to $other under the title"
		got=$(sections "$file")
		[ "$got" = "$want" ] ||
			problem "$name/$sheet: sections are '$got', expected '$want'"
		rows=$(table "$file" "$heading")
		if [ "$rows" != "$expected" ]; then
			problem "$name/$sheet: the table of tests differs from the lab's tests (name points):"
			printf '%s\n' "$expected" >"${TMPDIR:-/tmp}/kit-sheet-want.$$"
			printf '%s\n' "$rows" >"${TMPDIR:-/tmp}/kit-sheet-got.$$"
			diff "${TMPDIR:-/tmp}/kit-sheet-want.$$" "${TMPDIR:-/tmp}/kit-sheet-got.$$" |
				sed -n 's/^[<>]/  &/p' | sed 's/  </  test: /; s/  >/  sheet:/'
			rm -f "${TMPDIR:-/tmp}/kit-sheet-want.$$" "${TMPDIR:-/tmp}/kit-sheet-got.$$"
		fi
	done
done
[ $status = 0 ] && echo "sheets: every table lists its lab's tests with their points"
exit $status

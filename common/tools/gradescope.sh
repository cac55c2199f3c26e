#!/bin/sh
# gradescope.sh - the autograder zip of a Gradescope assignment
# (`make gradescope OUT=file.zip [LAB=01] [TIMEOUT=600] [COURSE_LANG=fr]`).
#
#     gradescope.sh KIT OUT.zip [LAB [TIMEOUT [LANG]]]
#
# At the zip's root: setup.sh and run_autograder (grader/gradescope/),
# and the kit as the grader needs it: labs with all their tests, hidden
# ones included (results.json shows them after the due date), common/,
# grader/, the Makefile.  Never solutions/.  With LAB, the assignment
# grades only that lab (one or a comma-separated list, as `make grade`
# takes); without, every lab.  Students may upload the labs' folders or
# their files alone.  TIMEOUT is the assignment's autograder timeout in
# seconds (Gradescope's default: 600): run_autograder keeps within it.
# LANG is the language of the students' feedback: en (default) or fr.
#
# Prints the total to give the assignment: every test's points, hidden
# ones included, of the labs it grades (the kit is built for that: a zip
# whose tests do not build is never made).
set -eu
kit=$(cd "$1" && pwd)
out=$2
lab=${3:-}
case $lab in
*[!0-9A-Za-z,_-]*) echo "gradescope: LAB is lab numbers or names, separated by commas" >&2; exit 2 ;;
esac
timeout=${4:-600}
course_lang=${5:-en}
case $course_lang in
en | fr) ;;
*) echo "gradescope: COURSE_LANG is en or fr" >&2; exit 2 ;;
esac
case $out in
*.zip) ;;
*) echo "gradescope: OUT must end in .zip" >&2; exit 2 ;;
esac
case $timeout in
'' | *[!0-9]*) echo "gradescope: TIMEOUT is a number of seconds" >&2; exit 2 ;;
esac
if [ "$timeout" -lt 60 ] || [ "$timeout" -gt 2400 ]; then
	echo "gradescope: TIMEOUT must be 60 to 2400 s (Gradescope allows up to 40 minutes)" >&2
	exit 2
fi
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
cd "$kit"

# The labs' test lists, built as setup.sh will: their points, and the
# proof that the tests build.
make -s grader
build/grader/grader --kit . ${lab:+--lab "$lab"} --kit-only ||
	{ echo "gradescope: the kit does not build" >&2; exit 2; }
# Is lab $1 in the assignment?  As the grader selects (grader/src/lab.c).
selected() {
	[ -n "$lab" ] || return 0
	for want in $(printf '%s\n' "$lab" | tr ',' ' '); do
		case $1 in
		"$want" | "$want"-* | 0"$want"-* | ???"$want") return 0 ;;
		esac
	done
	return 1
}
labs=""
for dir in labs/*/; do
	name=$(basename "$dir")
	! selected "$name" || labs="$labs $name"
done

# A file name two labs share could not be placed from a loose upload.
files=$(for name in $labs; do sh common/tools/labinfo.sh . "$name" file || echo "(no record)"; done)
case $files in *"(no record)"*) echo "gradescope: a lab's record does not build" >&2; exit 2 ;; esac
shared=$(printf '%s\n' "$files" | grep . | sort | uniq -d)
if [ -n "$shared" ]; then
	echo "gradescope: two labs of the assignment name the same file ($(echo $shared)):" \
		"a student's loose upload could not say which lab it is for; rename it in one lab" >&2
	exit 2
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tar -cf - --exclude='build' --exclude='common/template' --exclude='grader/tests' \
	--exclude='grader/gradescope' \
	labs common grader Makefile README.md | (cd "$stage" && tar -xf -)
sh common/tools/mkstarters.sh "$kit" "$stage"
cp grader/gradescope/setup.sh grader/gradescope/run_autograder "$stage/"
chmod 755 "$stage/setup.sh" "$stage/run_autograder"
# The labs by their whole names: run_autograder and the grader then take
# the same labs whatever shorthand LAB used.
chosen=""
[ -z "$lab" ] || chosen=$(printf '%s\n' $labs | paste -sd, -)
printf "LAB='%s'\nTIMEOUT=%s\nCOURSE_LANG=%s\n" "${chosen:-}" "$timeout" "$course_lang" \
	>"$stage/gradescope.conf"
rm -f "$out"
(cd "$stage" && zip -qr "$out" .)

visible=0 hidden=0
for name in $labs; do
	set -- $(sh common/tools/labinfo.sh . "$name" test points hidden |
		awk -F'\t' '$2 == 0 { v += $1 } $2 != 0 { h += $1 }
		END { print v + 0, h + 0 }')
	visible=$((visible + $1)) hidden=$((hidden + $2))
done
echo "gradescope: $out${lab:+ (lab $lab)}"
echo "gradescope: labs:$labs"
echo "gradescope: give the assignment $((visible + hidden)) points" \
	"($visible visible, $hidden hidden), and an autograder timeout of" \
	"$timeout s ($((timeout / 60)) min; see INSTRUCTORS.md, \"Gradescope\")"

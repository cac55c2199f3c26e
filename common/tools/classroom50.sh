#!/bin/sh
# classroom50.sh - what a Classroom 50 course of the labs needs
# (`make classroom50 OUT=dir [LAB=sel] [COURSE_LANG=fr]`, INSTRUCTORS.md).
#
#     classroom50.sh KIT OUT [LAB [LANG]]
#
# Classroom 50 (CS50's successor of GitHub Classroom) grades every
# submission in the student repository's Actions: its runner fetches the
# assignment's folder from the course's classroom50 repository and runs
# its autograder.py in the student's checkout, which must leave a
# result.json ("classroom50/result/v1").  OUT receives:
#
#   template/            the template repository of the assignments:
#                        the handout (make handout), every lab's starter
#   autograders/<lab>/   one lab's assignment, to copy into
#                        CLASSROOM/autograders/<slug>/ of the classroom50
#                        repository: autograder.py (grader/classroom50/) and
#                        kit/, the kit as the grader needs it for that lab
#                        (the grader, common/, the Makefile, the lab with its
#                        visible tests and a fresh starter)
#   runtime.json         the runtime block of every lab's assignment: the
#                        Debian packages `make deps` installs
#
# One assignment per lab: a grading job stops after 15 minutes, and one
# lab keeps well inside.  LAB (as `make grade` takes it: 1, 01,
# 01-file-mapping, file-mapping, or a comma-separated list) limits the
# autograders to those labs.  Hidden tests are left out of everything:
# Classroom 50 serves an assignment's folder from the course's public
# Pages site, and shows every test in the submission's Release.
# LANG, en (default) or fr, is the language of the students' feedback
# (kit/course.lang, which autograder.py reads).  OUT must be new or empty.
set -eu
kit=$(cd "$1" && pwd)
out=$2
sel=${3:-}
course_lang=${4:-en}
case $course_lang in
en | fr) ;;
*) echo "classroom50: COURSE_LANG is en or fr" >&2; exit 2 ;;
esac

if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
	echo "classroom50: $out is not empty; choose a new OUT" >&2
	exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# Is lab NAME in the selection SEL?  The grader's rule (grader/src/lab.c).
# expr, not $((...)), compares numbers: "08" is no octal number to it.
# shellcheck disable=SC2003
selected() {
	[ -n "$2" ] || return 0
	for want in $(printf '%s' "$2" | tr ',' ' '); do
		[ "$1" = "$want" ] && return 0
		case $want in
		*[!0-9]*) [ "${1#???}" = "$want" ] && return 0 ;;
		*)	num=${1%%-*}
			case $num in
			''|*[!0-9]*) ;;
			*) [ "$(expr "$num" + 0)" = "$(expr "$want" + 0)" ] && return 0 ;;
			esac ;;
		esac
	done
	return 1
}

cd "$kit"
labs=""
for dir in labs/*/; do
	lab=$(basename "$dir")
	if [ -f "$dir/MANIFEST" ] && selected "$lab" "$sel"; then
		labs="$labs $lab"
	fi
done
if [ -z "$labs" ]; then
	echo "classroom50: no lab matches LAB=$sel" >&2
	exit 2
fi
sh common/tools/handout.sh "$kit" "$out/template" >/dev/null
# Fresh starters: a lab an instructor solved in place stays at home.
sh common/tools/mkstarters.sh "$kit" "$stage"
for lab in $labs; do
	bundle=$out/autograders/$lab
	mkdir -p "$bundle/kit"
	tar -cf - --exclude='build' --exclude='labs/*/tests/hidden_*' --exclude='labs/*/po/hidden.*' \
		--exclude='common/template' --exclude='common/handout' \
		--exclude='grader/tests' --exclude='grader/gradescope' \
		--exclude='grader/classroom50' \
		Makefile common grader "labs/$lab" | (cd "$bundle/kit" && tar -xf -)
	cp "$stage/labs/$lab/"* "$bundle/kit/labs/$lab/"
	cp grader/classroom50/autograder.py "$bundle/"
	echo "$course_lang" >"$bundle/kit/course.lang"
done
{
	printf '{\n  "runs-on": "ubuntu-latest",\n  "apt": ['
	sh common/tools/deps.sh --list | sed 's/.*/"&"/' | paste -sd, - | sed 's/,/, /g' | tr -d '\n'
	printf ']\n}\n'
} >"$out/runtime.json"
echo "classroom50: $out (template/, runtime.json, autograders:$labs)"

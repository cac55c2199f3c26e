#!/bin/sh
# gradescope.sh - the autograder zip of a Gradescope assignment
# (`make gradescope OUT=file.zip [LAB=01]`).
#
#     gradescope.sh KIT OUT.zip [LAB]
#
# At the zip's root: setup.sh and run_autograder (grader/gradescope/),
# and the kit as the grader needs it: labs with all their tests, hidden
# ones included (results.json shows them after the due date), common/,
# grader/, the Makefile.  Never solutions/.  With LAB, the assignment
# grades only that lab (one or a comma-separated list, as `make grade`
# takes), and students may upload its files alone.
set -eu
kit=$(cd "$1" && pwd)
out=$2
lab=${3:-}
case $out in
*.zip) ;;
*) echo "gradescope: OUT must end in .zip" >&2; exit 2 ;;
esac
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

cd "$kit"
tar -cf - --exclude='build' --exclude='common/template' --exclude='grader/tests' \
	--exclude='grader/gradescope' \
	labs common grader Makefile README.md | (cd "$stage" && tar -xf -)
sh common/tools/mkstarters.sh "$kit" "$stage"
cp grader/gradescope/setup.sh grader/gradescope/run_autograder "$stage/"
chmod 755 "$stage/setup.sh" "$stage/run_autograder"
printf 'LAB=%s\n' "$lab" >"$stage/gradescope.conf"
rm -f "$out"
(cd "$stage" && zip -qr "$out" .)
echo "gradescope: $out${lab:+ (lab $lab)}"

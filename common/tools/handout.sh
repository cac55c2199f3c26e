#!/bin/sh
# handout.sh - the tree a student receives (`make handout OUT=dir`).
#
#     handout.sh KIT OUT
#
# OUT gets the labs, common/, grader/, a Makefile and a README for students
# (common/handout/: only what a student does, and only targets that work
# without solutions/), and the students' dev container (.devcontainer/,
# Dockerfile); it is also the template repository of a Classroom 50
# assignment (make classroom50).  Left out:
#   - solutions/, and the lab template of `make new-lab` (a solution too);
#   - hidden tests: labs/*/tests/hidden_*.c, and their words (the
#     catalogues labs/*/po/hidden.*.po): INSTRUCTORS.md;
#   - the kit's own tests (grader/tests/) and CI (.github/workflows/ci.yml,
#     .ci/), which need solutions/;
#   - build folders.
# The starters are generated afresh from solutions/, so that a lab folder
# an instructor solved in place never reaches students.
# OUT must be new or empty: nothing of an instructor's is overwritten.
set -eu
kit=$(cd "$1" && pwd)
out=$2

if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
	echo "handout: $out is not empty; choose a new OUT" >&2
	exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
case $out/ in
"$kit"/labs/*|"$kit"/solutions/*|"$kit"/common/*|"$kit"/grader/*)
	echo "handout: OUT must not be inside the kit's sources" >&2
	exit 2 ;;
esac

cd "$kit"
tar -cf - --exclude='build' --exclude='labs/*/tests/hidden_*' --exclude='labs/*/po/hidden.*' \
	--exclude='common/template' \
	--exclude='grader/tests' --exclude='common/handout' labs common grader .gitignore |
	(cd "$out" && tar -xf -)
cp common/handout/Makefile common/handout/README.md common/handout/README.fr.md "$out/"
# The students' dev container (VS Code, Codespaces): its Dockerfile stage
# needs only common/tools/deps.sh of the tree.
if [ -d .devcontainer ]; then
	cp -R .devcontainer Dockerfile .dockerignore "$out/"
fi
sh common/tools/mkstarters.sh "$kit" "$out"
echo "handout: $out"

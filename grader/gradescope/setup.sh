#!/bin/sh
# setup.sh - Gradescope runs this once, as root, when it builds the
# autograder's image (the zip is unpacked in /autograder/source).
#
# Installs the Debian/Ubuntu packages the kit needs, builds the grader and
# the trusted kit library, so that grading a submission compiles only the
# student's files and the lab's tests.
set -eu
cd "$(dirname "$0")"
LAB=""
[ ! -f gradescope.conf ] || . ./gradescope.conf
sh common/tools/deps.sh
make -s grader
build/grader/grader --kit . --kit-build build/kit --build build/setup \
	${LAB:+--lab "$LAB"} --kit-only

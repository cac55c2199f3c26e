#!/bin/sh
# classroom.sh - the GitHub Classroom workflow of student repositories.
#
#     classroom.sh KIT            rewrites KIT/.github/workflows/classroom.yml
#     classroom.sh KIT --check    exit 1 if that file is not what it would write
#
# One autograding-command-grader step per lab, worth the lab's points (its
# visible tests: student repositories have no hidden test), then the
# grading reporter that sends the total to GitHub Classroom.  The command
# grader gives all or nothing: a lab scores when every test passes.
# Points come from the labs' test lists as compiled (their "meta"
# binaries), so the workflow follows the tests; `make test` runs --check.
set -eu
kit=$(cd "$1" && pwd)
mode=${2:-write}
target=$kit/.github/workflows/classroom.yml
build=$kit/build/classroom

# The points of LAB's visible tests.
points() {
	make -s --no-print-directory -f "$kit/common/lab.mk" LAB_DIR="$kit/labs/$1" \
		BUILD_DIR="$build/$1" KIT_BUILD="$build/_kit" STUDENT_FILES= list >&2
	awk -F'\t' '$1 == "M" && $4 == 0 { s += $3 } END { print s + 0 }' \
		"$build/_kit/labs/$1/list"
}

labs() {
	for lab in "$kit"/labs/*/; do
		[ -f "$lab/MANIFEST" ] && basename "$lab"
	done
}

header() {
	cat <<'EOF'
# GitHub Classroom autograding, for student repositories (`make handout`
# copies it there).  One step per lab, worth the lab's points when all of
# its tests pass.  In the kit's own repository (it has solutions/) every
# step is skipped: its CI is ci.yml.  Written by common/tools/classroom.sh
# from the labs' tests: do not edit, run `make classroom`; `make test`
# checks it is in sync.
name: Autograding Tests
on: [push, workflow_dispatch, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Is this the kit itself?
        id: repo
        run: if [ -d solutions ]; then echo "kit=yes" >>"$GITHUB_OUTPUT"; fi
      - name: Install packages, build the grader
        if: steps.repo.outputs.kit != 'yes'
        run: sudo make deps && make grader
EOF
}

step() {        # step LAB POINTS
	cat <<EOF
      - name: $1
        id: lab-$1
        if: steps.repo.outputs.kit != 'yes'
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: $1
          setup-command: ''
          command: make -s grade LAB=$1
          timeout: 10
          max-score: $2
EOF
}

reporter() {    # reporter LAB...
	echo "      - name: Autograding Reporter"
	echo "        if: steps.repo.outputs.kit != 'yes'"
	echo "        uses: classroom-resources/autograding-grading-reporter@v1"
	echo "        env:"
	for lab; do
		id=$(printf 'lab-%s' "$lab" | tr '[:lower:]' '[:upper:]')
		echo "          ${id}_RESULTS: \"\${{steps.lab-$lab.outputs.result}}\""
	done
	echo "        with:"
	echo "          runners: $(printf 'lab-%s\n' "$@" | paste -sd, -)"
}

workflow() {
	header
	for lab in $(labs); do
		step "$lab" "$(points "$lab")"
	done
	# shellcheck disable=SC2046  # lab names have no spaces
	reporter $(labs)
}

case $mode in
write)
	mkdir -p "$(dirname "$target")"
	workflow >"$target.tmp"
	mv "$target.tmp" "$target"
	echo "classroom: wrote ${target#"$kit"/}" ;;
--check)
	workflow >"$build.yml"
	if ! diff -u "$target" "$build.yml"; then
		echo "classroom.yml is out of date: run 'make classroom'"
		exit 1
	fi ;;
*)
	echo "usage: classroom.sh KIT [--check]" >&2
	exit 2 ;;
esac

#!/bin/sh
# stale_dates.sh - the trusted build follows the kit's contents, not its
# file dates.
#
# A copy of the kit is graded once; then a test of lab 01 changes, but is
# given a date older than the object built from it (as unpacking an
# archive of an updated kit, or copying hidden tests with their dates,
# can do).  make alone would keep the stale object; the next grade must
# still run the new test.
set -u
cd "$(dirname "$0")/../.." || exit 2
kit=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"        # the sandbox's user must reach the build folders
copy=$tmp/kit
test_file=labs/01-file-mapping/tests/test_filemap.c

mkdir "$copy"
git ls-files -z | (cd "$kit" && xargs -0 tar -cf -) | tar -xf - -C "$copy"
grade() {
	"$kit/build/grader/grader" --kit "$copy" --submission "$copy/solutions" \
		--lab 01 --build "$tmp/build" --kit-build "$tmp/kit-build" --color never
}
grade >/dev/null 2>&1
sed -i 's/fm_count_byte counts the newlines of a small text file/renamed in a newer kit/' \
	"$copy/$test_file"
touch -d '2001-01-01' "$copy/$test_file"
if grade | grep -q 'renamed in a newer kit'; then
	echo "ok    a test file dated before its object is still rebuilt"
else
	echo "FAIL: a test file dated before its object was not rebuilt"
	exit 1
fi

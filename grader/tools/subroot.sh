#!/bin/sh
# subroot.sh - where the labs are in what a student handed in.
#
#     subroot.sh KIT DIR
#
# Prints the folder to grade: the first of DIR, DIR/labs, then the same
# inside DIR's only folder (an archive of "alice/", or of a whole copy of
# the kit), that holds a folder named like one of the kit's labs.  Prints
# DIR when none does, and exits 1: every lab is then "not submitted",
# which says why.
# Symbolic links are never followed: they could lead to another student.
set -u
kit=$1
dir=$2

has_lab() {
	for lab in "$kit"/labs/*/; do
		name=$(basename "$lab")
		[ -d "$1/$name" ] && [ ! -L "$1/$name" ] && return 0
	done
	return 1
}

# The only entry of $1 (macOS's __MACOSX aside), if it is a real folder.
only_folder() {
	set -- "$1"/*
	found=""
	for entry; do
		[ "$(basename "$entry")" = __MACOSX ] && continue
		[ -z "$found" ] || return 1
		found=$entry
	done
	[ -n "$found" ] && [ -d "$found" ] && [ ! -L "$found" ] && printf "%s\n" "$found"
}

here=$dir
for _ in 1 2 3; do
	if has_lab "$here"; then
		printf "%s\n" "$here"
		exit 0
	fi
	if [ -d "$here/labs" ] && [ ! -L "$here/labs" ] && has_lab "$here/labs"; then
		printf "%s\n" "$here/labs"
		exit 0
	fi
	here=$(only_folder "$here") || break
	[ -n "$here" ] || break
done
printf "%s\n" "$dir"
exit 1

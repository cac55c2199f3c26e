#!/bin/sh
# unpack.sh - unpacks one student's archive, or refuses to.
#
#     unpack.sh ARCHIVE DEST
#
# ARCHIVE is a .tar.gz, .tgz or .zip; DEST must not exist yet.  Exit status
# 0: DEST holds the archive's files.  1: the archive was refused, and the
# one line on stdout says why (it goes into the gradebook).  2: usage.
#
# The listing is read and checked before anything is extracted, because
# an archive is the student's data and the extraction runs with the
# grader's rights:
#   - only regular files and folders: a symbolic or hard link could point
#     anywhere, and a later entry would be written through it;
#   - no absolute name, no ".." component, no backslash in a zip (unzip
#     reads it as a folder separator in archives made on Windows);
#   - at most KIT_UNPACK_MAX_FILES entries and KIT_UNPACK_MAX_BYTES bytes
#     once unpacked, from an archive of at most KIT_UNPACK_MAX_ARCHIVE
#     bytes (archive bombs).
# The extraction itself then runs with a file size limit and a time limit,
# and the result is checked again (only files and folders, same caps).
set -u
MAX_FILES=${KIT_UNPACK_MAX_FILES:-2000}
MAX_BYTES=${KIT_UNPACK_MAX_BYTES:-67108864}
MAX_ARCHIVE=${KIT_UNPACK_MAX_ARCHIVE:-33554432}
SECONDS_MAX=120
export LC_ALL=C

[ $# = 2 ] || { echo "usage: unpack.sh ARCHIVE DEST" >&2; exit 2; }
archive=$1
dest=$2

listing=$dest.listing

refuse() {
	printf "%s\n" "$*"
	rm -f "$listing"
	[ -d "$dest" ] && chmod -R u+rwX "$dest" 2>/dev/null && rm -rf "$dest"
	exit 1
}

# `timeout` where it exists (GNU, busybox); the grader's own limits apply
# to the tests, this one to the archive tools.
bounded() {
	if command -v timeout >/dev/null 2>&1; then
		timeout "$SECONDS_MAX" "$@"
	else
		"$@"
	fi
}

# The tools' listings, into $listing.raw; exit 1 if they cannot read it.
raw_tar() {
	bounded tar -tvzf "$archive" --numeric-owner >"$listing.raw" 2>/dev/null
}

raw_zip() {
	# -s: one line per entry; -T: dates as one field.  The first two
	# lines and the last are the header and the totals.
	bounded unzip -Z -s -T "$archive" </dev/null >"$listing.raw" 2>/dev/null &&
		sed '1,2d;$d' "$listing.raw" >"$listing.tmp" &&
		mv "$listing.tmp" "$listing.raw"
}

# One line per entry: "<type> <size> <name>", type f (file), d (folder) or
# the tool's own letter for anything else.  Exit 1 on a line it cannot read.
list_tar() {
	awk '
	{
		# mode uid/gid size date time name: names may hold spaces.
		if (!match($0, /^[^ ]+ +[0-9]+\/[0-9]+ +[0-9,]+ +[0-9-]+ +[0-9:]+ /)) {
			bad = 1
			exit
		}
		name = substr($0, RLENGTH + 1)
		type = substr($1, 1, 1)
		if (type == "-") type = "f"
		print type, $3, name
	}
	END { exit bad }' "$listing.raw"
}

list_zip() {
	awk '
	{
		if (!match($0, /^[^ ]+ +[^ ]+ +[^ ]+ +[0-9]+ +[^ ]+ +[^ ]+ +[0-9.]+ /)) {
			bad = 1
			exit
		}
		name = substr($0, RLENGTH + 1)
		type = substr($1, 1, 1)
		if (type == "-") type = "f"
		print type, $4, name
	}
	END { exit bad }' "$listing.raw"
}

# The first reason to refuse LISTING (on stdin), or nothing.
check_listing() {
	awk -v max_files="$MAX_FILES" -v max_bytes="$MAX_BYTES" -v zip="$1" '
	function refuse(why) { print why; found = 1; exit }
	{
		type = $1; size = $2
		name = $0; sub(/^[^ ]+ [^ ]+ /, "", name)
		if (length(name) > 80)
			name = substr(name, 1, 77) "..."
		if (type != "f" && type != "d")
			refuse("entry \"" name "\" is a link or a special file; only files and folders are accepted")
		if (name ~ /^\//)
			refuse("entry \"" name "\" has an absolute path")
		if (name ~ /(^|\/)\.\.(\/|$)/)
			refuse("entry \"" name "\" would land outside its folder (..)")
		if (zip && index(name, "\\"))
			refuse("entry \"" name "\" has a backslash in its name")
		files++
		bytes += size
		if (files > max_files)
			refuse("more than " max_files " entries")
		if (bytes > max_bytes)
			refuse("more than " max_bytes " bytes once unpacked")
	}
	END { if (!found && NR == 0) print "the archive is empty" }' "$listing"
}

extract() {
	mkdir -p "$dest" || return 1
	# ulimit -f counts 512-byte blocks: no single file past the cap.
	(
		ulimit -f $((MAX_BYTES / 512 + 1)) 2>/dev/null
		case $kind in
		tar) bounded tar -xzf "$archive" -C "$dest" --no-same-owner \
			--no-same-permissions ;;
		zip) bounded unzip -q -o "$archive" -d "$dest" </dev/null ;;
		esac
	) >/dev/null 2>&1
	status=$?
	# Modes come from the archive: make sure the tree can be read and removed.
	chmod -R u+rwX,go+rX "$dest" 2>/dev/null
	return $status
}

# After extraction: still only files and folders, still within the caps.
check_tree() {
	odd=$(find "$dest" ! -type f ! -type d | head -n 1)
	[ -z "$odd" ] || { echo "the archive unpacked into something other than files and folders"; return; }
	count=$(find "$dest" | wc -l)
	[ "$count" -le $((MAX_FILES + 1)) ] || { echo "more than $MAX_FILES entries"; return; }
	kbytes=$(du -sk "$dest" | cut -f1)
	[ "$kbytes" -le $((MAX_BYTES / 1024 + count * 4)) ] || echo "more than $MAX_BYTES bytes once unpacked"
}

case $archive in
*.tar.gz|*.tgz) kind=tar label=.tar.gz ;;
*.zip) kind=zip label=.zip ;;
*) echo "not a .tar.gz, .tgz or .zip archive"; exit 1 ;;
esac
[ ! -e "$dest" ] || { echo "unpack.sh: $dest already exists" >&2; exit 2; }
trap 'rm -f "$listing" "$listing.raw" "$listing.tmp"' EXIT
if [ ! -f "$archive" ] || [ -L "$archive" ]; then
	refuse "not a regular file"
fi
size=$(wc -c <"$archive")
[ "$size" -le "$MAX_ARCHIVE" ] || refuse "the archive is larger than $MAX_ARCHIVE bytes"

raw_$kind || refuse "not a valid $label archive (it cannot be listed)"
list_$kind >"$listing" || refuse "the archive's listing cannot be read"
rm -f "$listing.raw"
why=$(check_listing "$([ $kind = zip ] && echo 1 || echo 0)")
[ -z "$why" ] || refuse "$why"
rm -f "$listing"
extract || refuse "the archive could not be unpacked (damaged, or past the size limit)"
why=$(check_tree)
[ -z "$why" ] || refuse "$why"
exit 0

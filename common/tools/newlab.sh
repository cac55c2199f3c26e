#!/bin/sh
# newlab.sh - a new lab from the template (`make new-lab NAME=NN-topic`).
#
#     newlab.sh KIT NN-topic
#
# Writes labs/NN-topic/ (sheets to fill, header, MANIFEST, Makefile, a
# first test) and solutions/NN-topic/ (a solved TODO), then generates the
# starter.  The result is a complete lab: `make test` grades it at once
# (its tests fail on the starter and pass on the solution).  See
# common/template/README for the words the template replaces.
set -eu
kit=$(cd "$1" && pwd)
name=${2:-}

die() {
	echo "new-lab: $*" >&2
	exit 2
}

printf '%s\n' "$name" | grep -Eq '^[0-9][0-9]-[a-z][a-z0-9]*(-[a-z0-9]+)*$' ||
	die "NAME is two digits, a dash and a topic in lower case: 12-huge-pages"
num=${name%%-*}
topic=${name#*-}
for dir in "$kit"/labs/"$num"-* "$kit"/solutions/"$num"-*; do
	[ -e "$dir" ] && die "lab $num exists already: ${dir#"$kit"/}"
done

file=$(printf '%s' "$topic" | tr - _)
guard=$(printf '%s_H' "$file" | tr '[:lower:]' '[:upper:]')
title=$(printf '%s' "$topic" | tr - ' ' | awk '{ print toupper(substr($0, 1, 1)) substr($0, 2) }')
# "huge-pages" -> "hp" (as "file-mapping" -> "fm"); a single word stays whole.
case $topic in
*-*) prefix=$(printf '%s' "$topic" | tr - '\n' | cut -c1 | tr -d '\n') ;;
*) prefix=$file ;;
esac

# copy FROM TO: the template's files, names and contents filled in.
copy() {
	(cd "$1" && find . -type f) | while read -r rel; do
		to=$2/$(printf '%s' "$rel" | sed "s/@FILE@/$file/g")
		mkdir -p "$(dirname "$to")"
		sed -e "s/@NUM@/$num/g" -e "s/@NAME@/$name/g" -e "s/@TITLE@/$title/g" \
		    -e "s/@FILE@/$file/g" -e "s/@GUARD@/$guard/g" -e "s/@PREFIX@/$prefix/g" \
		    "$1/$rel" >"$to"
	done
}

copy "$kit/common/template/lab" "$kit/labs/$name"
copy "$kit/common/template/solution" "$kit/solutions/$name"
sh "$kit/common/tools/mkstarters.sh" "$kit"
cat <<EOF
new-lab: labs/$name and solutions/$name are ready.
  1. Write the lab in solutions/$name/$file.c (TODO markers: README.md,
     "Adding a lab"), its header and its tests; fill the sheets.
  2. make starters     regenerates labs/$name/$file.c from the solution
  3. make test         the solution scores full marks, the starter zero
  grep -rn "TODO(author)" labs/$name solutions/$name   lists what to write.
EOF

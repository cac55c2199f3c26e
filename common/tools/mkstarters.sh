#!/bin/sh
# mkstarters.sh - regenerates the starters of labs/ from solutions/.
#
#     mkstarters.sh KIT_ROOT [OUT_ROOT]
#
# For every lab with a solution, each of the student's files (the lab's
# record: labinfo.sh) is rewritten into OUT_ROOT/labs/<lab>/ (default:
# KIT_ROOT) by mkstarter.awk, TODO numbers running on from one file to the
# next.
set -eu
kit=$1
out=${2:-$1}
awk_script="$kit/common/tools/mkstarter.awk"

for sol in "$kit"/solutions/*/; do
	lab=$(basename "$sol")
	[ -f "$kit/labs/$lab/MANIFEST" ] || continue
	mkdir -p "$out/labs/$lab"
	last=0
	files=$(sh "$kit/common/tools/labinfo.sh" "$kit" "$lab" file) || exit 2
	for file in $files; do
		[ -f "$sol/$file" ] || { echo "solutions/$lab/$file is missing" >&2; exit 1; }
		# awk reports the last TODO number on stderr; errors are longer lines.
		err=$(awk -v first="$last" -f "$awk_script" "$sol/$file" \
			2>&1 >"$out/labs/$lab/$file.tmp") || { echo "$err" >&2; exit 1; }
		mv "$out/labs/$lab/$file.tmp" "$out/labs/$lab/$file"
		last=$err
	done
done

#!/bin/sh
# export_grades.sh - grade-class's gradebook, ready for an LMS's CSV import
# (`make export-canvas` and `make export-moodle`, INSTRUCTORS.md).
#
#     export_grades.sh --format canvas|moodle [--key COLUMN] [--total]
#                      [--name COLUMN] GRADEBOOK ROSTER OUT
#
# GRADEBOOK is OUT/gradebook.csv of `make grade-class` (id, one column per
# lab, total, max, status).  ROSTER is the class list exported from the
# LMS: Canvas's gradebook export (Grades, Export), or Moodle's (Grades,
# Export, Plain text file).  Its KEY column holds what named each student's
# submission (default: Canvas's "SIS Login ID", Moodle's "Email address");
# a key matches the gradebook's id after the reduction grade-class applies
# to folder names (a byte other than a letter, a digit, '.', '_' or '-'
# becomes '_', and so does a leading '.' or '-'; 64 bytes at most).
#
# OUT has one row per student of the roster, in its order, and:
#   canvas  the roster's Student, ID, SIS User ID, SIS Login ID and Section
#           (those it has), as Canvas's grade import reads them;
#   moodle  the roster's KEY, then First name and Last name when it has
#           them: the import maps KEY to the user ("Map from");
# then one column per lab (named after the lab), or with --total one
# column, the total (named NAME, default "mmap labs").  A column whose
# name the roster already has, or has with Canvas's " (id)" after it, takes
# the roster's header, so that Canvas fills that assignment.
#
# A student of the roster who is not in the gradebook gets empty cells,
# never a 0 (no submission is not a grade the kit gave), and is listed on
# stderr; so is a student of the gradebook who is not in the roster (not
# exported), and a roster row with no key (Canvas's "Points Possible" row).
# Two roster rows with one key, or a gradebook id twice, and nothing is
# written (exit 1): a grade must not go to the wrong student.
#
# Text from the roster is written as grader/src/csv.c writes fields: quoted
# when it holds a comma, a quote, or leading or trailing space; control
# characters become spaces; a field a spreadsheet would take for a formula
# (it starts with = + - @) gets a leading apostrophe.  POSIX sh and awk:
# a join of two small files needs no compiler, and runs wherever the
# kit's other tools do.
set -u
format="" key="" total=0 name="mmap labs"
usage() {
	echo "usage: export_grades.sh --format canvas|moodle [--key COLUMN] [--total]" \
		"[--name COLUMN] GRADEBOOK ROSTER OUT" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--format) [ $# -ge 2 ] || usage; format=$2; shift 2 ;;
	--key) [ $# -ge 2 ] || usage; key=$2; shift 2 ;;
	--name) [ $# -ge 2 ] || usage; name=$2; shift 2 ;;
	--total) total=1; shift ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# = 3 ] || usage
case $format in
canvas) key=${key:-SIS Login ID} ;;
moodle) key=${key:-Email address} ;;
*) usage ;;
esac
for f in "$1" "$2"; do
	[ -f "$f" ] && [ -r "$f" ] || { echo "export: cannot read $f" >&2; exit 2; }
done
tmp="$3.tmp.$$"
trap 'rm -f "$tmp"' EXIT

# Two files: the gradebook (file 1), then the roster (file 2).
LC_ALL=C awk -v format="$format" -v key="$key" -v total="$total" -v name="$name" '
# Splits REC (a whole CSV record, quoted newlines included) into F[1..n].
function split_csv(rec,    n, i, c, field, quoted) {
	n = 0; field = ""; quoted = 0
	for (i = 1; i <= length(rec); i++) {
		c = substr(rec, i, 1)
		if (quoted) {
			if (c == "\"" && substr(rec, i + 1, 1) == "\"") { field = field c; i++ }
			else if (c == "\"") quoted = 0
			else field = field c
		} else if (c == "\"") quoted = 1
		else if (c == ",") { F[++n] = field; field = "" }
		else field = field c
	}
	F[++n] = field
	return n
}
# The gradebook writes formulas with an apostrophe before them: undone.
function unformula(s) {
	return (substr(s, 1, 1) == q && substr(s, 2, 1) ~ /[-=+@]/) ? substr(s, 2) : s
}
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
# The id grade-class gives a folder named S (grader/src/class/student.c).
function safe_id(s,    out, i, c) {
	out = ""
	for (i = 1; i <= length(s) && length(out) < 64; i++) {
		c = substr(s, i, 1)
		if (c !~ /[A-Za-z0-9._-]/) c = "_"
		if (out == "" && (c == "." || c == "-")) c = "_"
		out = out c
	}
	return out == "" ? "_" : out
}
# One field as grader/src/csv.c writes it.
function csv(s,    formula, quoted) {
	formula = s ~ /^[-=+@]/
	quoted = formula || s ~ /[,"\r\n\t]/ || s ~ /^ / || s ~ / $/
	gsub(/[\001-\037\177]/, " ", s)
	gsub(/"/, "\"\"", s)
	if (formula) s = q s
	return quoted ? "\"" s "\"" : s
}
function fail(msg) { print "export: " msg > "/dev/stderr"; bad = 1 }
# Canvas names an assignment column "Name (1234)": the name alone.
function bare(h) { sub(/ \([0-9]+\)$/, "", h); return h }

BEGIN { q = sprintf("%c", 39) }
FNR == 1 { file++; rec = "" }
$0 == "" && rec == "" { next }          # a blank line is no student
{
	sub(/\r$/, "")
	rec = (rec == "") ? $0 : rec "\n" $0
	tmp = rec
	if (gsub(/"/, "", tmp) % 2) next     # a quoted newline: read on
	if (rows[file] == 0) sub(/^\357\273\277/, "", rec)     # a BOM (Excel)
	n = split_csv(rec)
	rec = ""
	rows[file]++
	if (file == 1) gradebook(n)
	else roster(n)
}
function gradebook(n,    i, id) {
	if (rows[1] == 1) {
		if (F[1] != "id" || F[n - 2] != "total" || F[n - 1] != "max" || F[n] != "status")
			fail("the gradebook is not grade-class'"'"'s gradebook.csv (id, labs, total, max, status)")
		nlabs = n - 4
		for (i = 1; i <= nlabs; i++) lab[i] = unformula(F[i + 1])
		return
	}
	id = unformula(F[1])
	if (id in graded) fail("the gradebook has " id " twice")
	graded[id] = 1
	for (i = 1; i <= nlabs; i++) score[id, i] = F[i + 1]
	score[id, "total"] = F[n - 2]
}
function roster(n,    i, k) {
	if (rows[2] == 1) {
		ncols = n
		for (i = 1; i <= n; i++) { head[i] = F[i]; col[trim(F[i])] = i }
		if (!(key in col)) fail("the roster has no column \"" key "\"")
		return
	}
	k = trim(F[col[key]])
	if (k == "") {
		unkeyed++
		return
	}
	k = safe_id(k)
	if (k in student) fail("two students of the roster have the key " k)
	student[k] = ++nstudents
	order[nstudents] = k
	for (i = 1; i <= ncols; i++) cell[nstudents, i] = F[i]
}
END {
	if (rows[1] < 1 || rows[2] < 1) fail("an empty file")
	if (bad) exit 1
	# The identity columns, then the grade columns.
	if (format == "canvas")
		nid = split("Student,ID,SIS User ID,SIS Login ID,Section", want, ",")
	else
		nid = split(key ",First name,Last name", want, ",")
	n = 0
	for (i = 1; i <= nid; i++)
		if ((want[i] in col) && !(want[i] in taken)) { ids[++n] = col[want[i]]; taken[want[i]] = 1 }
	nid = n
	ngrades = total ? 1 : nlabs
	for (g = 1; g <= ngrades; g++) {
		label[g] = total ? name : lab[g]
		for (i = 1; i <= ncols; i++)
			if (trim(head[i]) == label[g] || bare(trim(head[i])) == label[g]) { label[g] = trim(head[i]); break }
	}
	line = ""
	for (i = 1; i <= nid; i++) line = line (i > 1 ? "," : "") csv(trim(head[ids[i]]))
	for (g = 1; g <= ngrades; g++) line = line "," csv(label[g])
	print line
	for (s = 1; s <= nstudents; s++) {
		line = ""
		for (i = 1; i <= nid; i++) line = line (i > 1 ? "," : "") csv(cell[s, ids[i]])
		k = order[s]
		for (g = 1; g <= ngrades; g++)
			line = line "," ((k in graded) ? csv(total ? score[k, "total"] : score[k, g]) : "")
		print line
		if (!(k in graded)) missing = missing " " k
	}
	for (k in graded)
		if (!(k in student)) extra = extra " " k
	if (missing != "") print "export: not in the gradebook, left empty:" missing > "/dev/stderr"
	if (extra != "") print "export: in the gradebook, not in the roster (not exported):" extra > "/dev/stderr"
	if (unkeyed) print "export: " unkeyed " roster row(s) without a " key " left out" > "/dev/stderr"
	printf "export: %d students, %d graded, %d column(s) of grades\n", nstudents, nstudents - split(missing, x, " "), ngrades > "/dev/stderr"
}' "$1" "$2" >"$tmp" || exit 1
mv "$tmp" "$3"
trap - EXIT

#!/bin/sh
# class.sh - `make grade-class` over a class with a bit of everything:
# folders and archives (with and without a top folder), a submission that
# does not compile, archives that try to write outside their folder,
# folders that link to another student's work, a damaged archive, a stray
# file, names with spaces, quotes, a newline, a leading dash or a shell
# command in them, and a hidden entry.  Every entry but the hidden one
# must get a gradebook row with the right total and status, every student
# a report and a valid results.json, and nothing may be written outside
# OUT.  Then a class where one grade crashes and one ends without a grade:
# the others are graded, those two get no row (never a 0), and every
# grader ran alone on its processor, J at a time.  Only the first lab is
# graded: the per-lab work is the grader's, tested by `make test` lab by
# lab.
set -u
cd "$(dirname "$0")/../.." || exit 2
kit=$(pwd)
tests=$kit/grader/tests
lab=$(basename "$(ls -d labs/*/ | head -n 1)")
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp"; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"        # the sandbox's user must reach the build folders
subs=$tmp/submissions
out=$tmp/out
failures=0

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

expect() {
	if [ "$2" = "$3" ]; then
		echo "ok    $1"
	else
		fail "$1: got '$2', expected '$3'"
	fi
}

tar_of() {      # tar_of ARCHIVE DIR FOLDER: FOLDER of DIR, as ARCHIVE
	tar -czf "$subs/$1" -C "$2" --exclude=build "$3"
}

evil_tar() {    # an archive whose one entry is ../escape
	echo escape >"$tmp/f"
	tar -cPzf "$subs/$1" -C "$tmp" --transform 's,^f$,../escape,' f
}

# --- the class ---------------------------------------------------------------

mkdir -p "$subs" "$tmp/staging/bob" "$tmp/staging/carol"
cp -R solutions "$subs/alice"
cp -R labs "$tmp/staging/bob/labs"
tar_of bob.tar.gz "$tmp/staging" bob
cp -R solutions/. "$tmp/staging/carol"
(cd "$tmp/staging/carol" && zip -qr "$subs/carol.zip" .)
cp -R solutions "$subs/dave"
files=$(sh common/tools/labinfo.sh . "$lab" file) || exit 2
for f in $files; do
	echo "this is not C" >"$subs/dave/$lab/$f"
done
evil_tar eve.tar.gz
perl -MIO::Compress::Zip=zip -e 'my $d = "x\n"; zip(\$d => $ARGV[0], Name => "../escape") or die' \
	"$subs/mallory.zip"
cp -R solutions "$tmp/staging/frank"
tar_of "frank smith; rm -rf ~.tgz" "$tmp/staging" frank
mkdir -p "$subs/ivan/labs" "$subs/judy/$lab"
ln -s "$subs/alice/$lab" "$subs/ivan/labs/$lab"
for f in $files; do
	ln -s "$subs/alice/$lab/$f" "$subs/judy/$lab/$f"
done
# Names a shell would split, expand or read as an option.
cp -R solutions "$subs/grace o'neil"
cp -R solutions "$subs/kim
lee"
cp -R solutions "$subs/ophelia \$(touch pwned)"
cp -R solutions "$tmp/staging/heidi"
(cd "$tmp/staging/heidi" && zip -qr "$subs/-heidi \"x\".zip" .)
head -c 2048 /dev/urandom >"$subs/garbage.zip"
echo "see attached" >"$subs/notes.txt"
mkdir "$subs/.hidden"

# --- grading it --------------------------------------------------------------

# Without namespaces grade-class refuses to run, unless asked: it says so,
# and leaves no OUT behind.
KIT_NO_SANDBOX=1 make -s grade-class SUBMISSIONS="$subs" OUT="$tmp/refused" \
	LAB="$lab" >"$tmp/refused.log" 2>&1
expect "grade-class refuses to run without namespaces" \
	"$? $(grep -c 'KIT_ALLOW_NO_SANDBOX=1' "$tmp/refused.log") $(ls -d "$tmp/refused" 2>/dev/null)" \
	"2 1 "
rm -f "$tmp/refused.log"
make -s grade-class SUBMISSIONS="$subs" OUT="$subs/grades" LAB="$lab" >/dev/null 2>&1
expect "an OUT inside SUBMISSIONS is refused" "$? $(ls -d "$subs/grades" 2>/dev/null)" "2 "
# Where bubblewrap cannot run at all (a container), the rest of this check
# grades all the same: what it checks is the class pipeline.
bwrap --unshare-all --die-with-parent --ro-bind / / --dev /dev --proc /proc true \
	2>/dev/null ||
	{ KIT_ALLOW_NO_SANDBOX=1; export KIT_ALLOW_NO_SANDBOX; }

find "$tmp" "$kit" -path "$kit/build/selftest" -prune -o -print | sort >"$tmp/before"
make -s grade-class SUBMISSIONS="$subs" OUT="$out" J=2 LAB="$lab" >"$tmp/class.log" 2>&1
expect "grade-class exit status" $? 0
find "$tmp" "$kit" -path "$kit/build/selftest" -prune -o -path "$out" -prune -o -print |
	grep -v "^$tmp/before$\|^$tmp/after$\|^$tmp/class.log$\|^$out$" | sort >"$tmp/after"
expect "nothing written outside OUT" "$(comm -13 "$tmp/before" "$tmp/after")" ""
[ ! -e "$tmp/escape" ] && [ ! -e "$subs/escape" ] || fail "an archive wrote ../escape"
[ -z "$(find "$tmp" "$kit" -name pwned)" ] || fail "a student's name was run by a shell"

row() {         # row ID: "total max status" of ID's gradebook row
	perl "$tests/csv_rows.pl" "$out/gradebook.csv" |
		awk -F' \\| ' -v id="$1" '{ sub(/^[0-9]+ fields: /, "") }
			$1 == id { print $(NF - 2), $(NF - 1), $NF }'
}
max=$(row alice | cut -d' ' -f2)

expect "gradebook rows" "$(perl "$tests/csv_rows.pl" "$out/gradebook.csv" | wc -l)" 16
expect "alice (folder)" "$(row alice)" "$max $max graded"
expect "bob (.tar.gz with a top folder, starters)" "$(row bob)" "0 $max graded"
expect "carol (.zip, no top folder)" "$(row carol)" "$max $max graded"
expect "dave (does not compile)" "$(row dave)" "0 $max incomplete: $lab does not compile"
expect "eve (../ in a .tar.gz)" "$(row eve)" \
	"0 $max rejected: entry \"../escape\" would land outside its folder (..)"
expect "mallory (../ in a .zip)" "$(row mallory)" \
	"0 $max rejected: entry \"../escape\" would land outside its folder (..)"
expect "frank (odd name)" "$(row 'frank_smith__rm_-rf__')" "$max $max graded"
expect "ivan (a link to alice's lab folder)" "$(row ivan)" "0 $max incomplete: $lab not submitted"
expect "judy (links to alice's files)" "$(row judy)" "0 $max incomplete: $lab not submitted"
expect "grace o'neil (a space, a quote)" "$(row grace_o_neil)" "$max $max graded"
expect "kim<newline>lee" "$(row kim_lee)" "$max $max graded"
expect "ophelia \$(touch pwned)" "$(row ophelia___touch_pwned_)" "$max $max graded"
expect "-heidi \"x\".zip (a leading dash)" "$(row _heidi__x_)" "$max $max graded"
expect "garbage.zip" "$(row garbage | cut -d: -f1)" "0 $max rejected"
expect "notes.txt" "$(row notes.txt)" \
	"0 $max rejected: not a folder or an archive (.zip, .7z, .tar, .tar.gz, .tar.xz...)"

for id in alice bob carol dave eve mallory frank_smith__rm_-rf__ ivan judy garbage \
	notes.txt grace_o_neil kim_lee ophelia___touch_pwned_ _heidi__x_; do
	[ -s "$out/$id/report.txt" ] || fail "$id: no report.txt"
	perl "$tests/gradescope_check.pl" "$out/$id/results.json" >/dev/null ||
		fail "$id: results.json"
done
[ ! -e "$out/.hidden" ] && [ ! -e "$out/_hidden" ] || fail "the hidden entry was graded"
[ ! -e "$out/.work" ] || fail "OUT/.work was left behind"
grep -q "^Tests by pass rate" "$out/summary.txt" || fail "no pass rates in summary.txt"
grep -q "^Class of 15: 8 graded, 3 incomplete, 4 rejected" "$out/summary.txt" ||
	fail "summary: $(head -n 1 "$out/summary.txt")"
per_student=$(grep -c '^alice,' "$out/tests.csv")
expect "tests.csv: a row per student and test" "$(sed 1d "$out/tests.csv" | wc -l)" \
	$((15 * per_student))

# --- OUT is never someone else's folder -----------------------------------------

mkdir "$tmp/precious"
echo keep >"$tmp/precious/thesis.tex"
make -s grade-class SUBMISSIONS="$subs" OUT="$tmp/precious" LAB="$lab" >/dev/null 2>&1
expect "a foreign OUT is refused" $? 2
[ -f "$tmp/precious/thesis.tex" ] || fail "grade-class deleted a file of a foreign OUT"

# --- a grade that crashes, a grade that gives none -------------------------------
#
# The grader is the kit's: a grader that dies is the kit's failure, and one
# that exits 2 says the machine kept a lab from being graded.  Neither
# student gets a row (a 0 would be a grade), both reports say why, the run
# names them and ends with 2, and the rest of the class is graded.  The
# stand-in grader also notes how many graders run at once and on which
# processors: J at most, each alone on one when J is at most their number.

crash=$tmp/crash
mkdir -p "$crash/running" "$crash/subs"
for name in ann bea crasher cid dee "no grade"; do
	cp -R solutions "$crash/subs/$name"
done
cat >"$crash/grader" <<'EOF'
#!/bin/sh
id=
prev=
for arg; do [ "$prev" = --id ] && id=$arg; prev=$arg; done
[ -n "$id" ] || exec "$KIT_DIR/build/grader/grader" "$@"
touch "$CRASH_DIR/running/$id"
echo "$id $(ls "$CRASH_DIR/running" | wc -l)" \
	"$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)" >>"$CRASH_DIR/log"
if [ "$id" = crasher ]; then rm -f "$CRASH_DIR/running/$id"; kill -SEGV $$; fi
"$KIT_DIR/build/grader/grader" "$@"
status=$?
rm -f "$CRASH_DIR/running/$id"
[ "$id" != no_grade ] || exit 2
exit $status
EOF
chmod +x "$crash/grader"
KIT_DIR=$kit CRASH_DIR=$crash build/grader/grade-class --kit . --grader "$crash/grader" \
	--jobs 2 --lab "$lab" "$crash/subs" "$crash/out" >"$crash/stdout" 2>"$crash/stderr"
expect "a class with a crash: exit status" $? 2
out=$crash/out
expect "a class with a crash: rows" \
	"$(sed 1d "$out/gradebook.csv" | cut -d, -f1 | tr '\n' ' ')" "ann bea cid dee "
expect "a class with a crash: the others' grades" "$(row ann), $(row dee)" \
	"$max $max graded, $max $max graded"
expect "a class with a crash: tests.csv" \
	"$(sed 1d "$out/tests.csv" | cut -d, -f1 | sort -u | tr '\n' ' ')" "ann bea cid dee "
grep -q "killed by signal 11" "$out/crasher/report.txt" ||
	fail "crasher's report does not say the grader crashed"
grep -q "ended with status 2" "$out/no_grade/report.txt" ||
	fail "no_grade's report does not say the grader gave no grade"
grep -q "$lab" "$out/no_grade/report.txt" || fail "no_grade's report lost the grader's own"
[ ! -e "$out/crasher/results.json" ] && [ ! -e "$out/no_grade/results.json" ] ||
	fail "a student with no grade has a results.json"
expect "a class with a crash: the students not graded, named" \
	"$(grep -o 'report.txt): .*' "$crash/stderr")" "report.txt): crasher no_grade"
expect "a class with a crash: J graders at once, at most" \
	"$(cut -d' ' -f2 "$crash/log" | sort -n | tail -n 1)" \
	"$(cut -d' ' -f2 "$crash/log" | sort -n | tail -n 1 | awk '$1 <= 2')"
[ "$(wc -l <"$crash/log")" = 6 ] || fail "the stand-in grader did not see six students"
if [ "$(nproc)" -ge 2 ]; then
	expect "each grader alone on one processor" \
		"$(cut -d' ' -f3- "$crash/log" | grep -cv '^[0-9][0-9]*$')" 0
fi
out=$tmp/out

# --- a fork bomb stays in its job slot --------------------------------------------
#
# As root, each job slot's tests run as a user of their own, so a student
# who forks until RLIMIT_NPROC cannot make a neighbour's forks fail.  The
# bomber is graded first; while its test waits for its time limit, the
# other slot grades its neighbours.

if [ "$(id -u)" = 0 ] && grep -q 'isolation: bubblewrap' "$out/alice/report.txt"; then
	bombs=$tmp/bombs
	mkdir -p "$bombs"
	cp -R solutions "$bombs/a-bomber"
	sed -i "0,/long count = 0;/s//long count = 0; if (byte == '\\\\n') for (;;) fork();/" \
		"$bombs/a-bomber/01-file-mapping/filemap.c"
	for n in 1 2 3; do cp -R solutions "$bombs/neighbour$n"; done
	make -s grade-class SUBMISSIONS="$bombs" OUT="$tmp/bombs-out" J=2 LAB=01 >/dev/null 2>&1
	out=$tmp/bombs-out
	bombed=$(row a-bomber | cut -d' ' -f1)
	[ "$bombed" -lt "$(row a-bomber | cut -d' ' -f2)" ] || fail "the fork bomb was not set off"
	for n in 1 2 3; do
		expect "neighbour$n of a fork bomb" "$(row neighbour$n | cut -d' ' -f1)" \
			"$(row a-bomber | cut -d' ' -f2)"
	done
else
	echo "skip  a fork bomb stays in its job slot (needs root and bubblewrap)"
fi

echo
[ $failures = 0 ] && echo "class: all good" || { echo "class: $failures failed"; tail -n 30 "$tmp/class.log"; }
[ $failures = 0 ]

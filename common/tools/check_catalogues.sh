#!/bin/sh
# check_catalogues.sh - every word a student reads has its translation.
#
#   check_catalogues.sh KIT [LAB...]       (default: every lab of KIT/labs)
#
# The templates are made again from the sources, into KIT/build/po, with
# the keywords the code uses (common/include/kit_lang.h, kit_test.h):
#   the kit       K_ and KN_ in common/ and grader/src -> common/po/
#   each lab      _ and N_ in labs/NN/tests/*.[ch]     -> labs/NN/po/fr.po
#                 ... in labs/NN/tests/hidden_*.[ch]   -> labs/NN/po/hidden.fr.po
# (the hidden tests' words have a catalogue of their own, which handouts
# leave out with the hidden tests).  Then, for each catalogue of each
# language the kit has (common/po/*.po), it fails when:
#   - the catalogue is missing (a lab with tests but no fr.po);
#   - msgfmt --check refuses it (a format that does not match its msgid);
#   - a string of the sources is not in it (msgcmp: out of date);
#   - it holds a string the sources no longer have (a stale entry);
#   - an entry is fuzzy or untranslated.
# Prints one line per problem and per catalogue checked; exit 1 if any.
set -u
kit=${1:?usage: check_catalogues.sh KIT [LAB...]}
shift
cd "$kit" || exit 2
for tool in xgettext msgfmt msgcmp msgattrib; do
	command -v $tool >/dev/null || {
		echo "check_catalogues: $tool is missing (Debian package gettext; make deps)"
		exit 2
	}
done
out=build/po
mkdir -p "$out"
status=0

problem() {
	echo "FAIL  $*"
	status=1
}

# make_pot POT KEYWORDS FILE...: the template of FILEs ("" if none).
make_pot() {
	pot=$1 k1=$2 k2=$3
	shift 3
	rm -f "$pot"
	[ $# -gt 0 ] || return 0
	xgettext --language=C --from-code=UTF-8 --keyword=$k1 --keyword=$k2 \
		--sort-output --no-wrap --add-location=file -o "$pot" "$@" || return 1
	# xgettext writes nothing when there is no string: an empty template.
	[ -f "$pot" ] || : >"$pot"
}

# check_po PO POT: PO translates exactly POT's strings, all of them.
check_po() {
	po=$1 pot=$2 before=$status
	if [ ! -f "$po" ]; then
		problem "$po: missing (its strings: $pot)"
		return
	fi
	msgfmt --check -o /dev/null "$po" 2>"$out/msgfmt.err" ||
		problem "$po: msgfmt --check: $(head -n 5 "$out/msgfmt.err")"
	if [ -s "$pot" ]; then
		msgcmp "$po" "$pot" 2>"$out/msgcmp.err" ||
			problem "$po: out of date, strings of the sources not in it:
$(grep -v '^msgcmp:' "$out/msgcmp.err" | head -n 10)"
	fi
	# Entries the sources no longer have (obsolete #~ ones included).
	stale=$(msgattrib --no-wrap --only-obsolete "$po" 2>/dev/null | grep -c '^#~ msgid')
	[ "$stale" = 0 ] || problem "$po: $stale obsolete entries (#~): remove them"
	if [ -s "$pot" ]; then
		msgcmp --use-untranslated "$pot" "$po" 2>"$out/msgcmp.err" ||
			problem "$po: strings the sources no longer have:
$(grep -v '^msgcmp:' "$out/msgcmp.err" | head -n 10)"
	elif [ "$(msgattrib --no-obsolete "$po" | grep -c '^msgid "[^"]')" != 0 ]; then
		problem "$po: the sources have no string to translate, it has some"
	fi
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid "[^"]')
	untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid "[^"]')
	[ "$fuzzy" = 0 ] || problem "$po: $fuzzy fuzzy entries"
	[ "$untranslated" = 0 ] || problem "$po: $untranslated untranslated entries"
	[ "$status" != "$before" ] ||
		echo "ok    $po ($(msgfmt --statistics -o /dev/null "$po" 2>&1))"
}

langs=$(ls common/po/*.po 2>/dev/null | sed 's|.*/||; s|\.po$||')
[ -n "$langs" ] || { problem "common/po: no catalogue"; exit 1; }

make_pot "$out/mmap-kit.pot" K_ KN_ common/src/*.c common/src/*.h \
	common/runner/*.c common/runner/*.h common/include/*.h grader/src/*.c \
	grader/src/*.h || exit 2
for lang in $langs; do
	check_po "common/po/$lang.po" "$out/mmap-kit.pot"
done

if [ $# -eq 0 ]; then
	set -- $(ls -d labs/*/ | sed 's|/$||')
fi
for lab in "$@"; do
	lab=${lab%/}
	case $lab in labs/*) ;; *) lab=labs/$lab ;; esac
	[ -f "$lab/MANIFEST" ] || continue
	name=$(basename "$lab")
	public=$(ls "$lab"/tests/*.c "$lab"/tests/*.h 2>/dev/null |
		grep -v '/hidden_[^/]*\.[ch]$')
	hidden=$(ls "$lab"/tests/hidden_*.c "$lab"/tests/hidden_*.h 2>/dev/null)
	# shellcheck disable=SC2086 # file names of the kit: no spaces
	make_pot "$out/$name.pot" _ N_ $public || exit 2
	# shellcheck disable=SC2086
	make_pot "$out/$name.hidden.pot" _ N_ $hidden || exit 2
	for lang in $langs; do
		[ -z "$public" ] || check_po "$lab/po/$lang.po" "$out/$name.pot"
		[ -z "$hidden" ] || check_po "$lab/po/hidden.$lang.po" "$out/$name.hidden.pot"
	done
done
exit $status

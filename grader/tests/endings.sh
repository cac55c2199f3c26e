#!/bin/sh
# endings.sh - every way a test can end, in the words the report shows, in
# English and in French.
#
# A lab made for it (endings/: one test per ending, a French catalogue) is
# graded in a kit of its own that shares the real kit's common/, with a
# submission that ends each test badly (endings/bad.c): a failed assertion
# said in words (expected, got, in the base that fits), the hint of the
# check that failed, a crash near NULL and at MAP_FAILED with the student's
# real line, a timeout, the test's process killed by a signal, a child's
# wait status, the memory limit, too much output (and no catalogue taken
# for a leak); then a file that does not compile, a missing file, and the
# environment's failure (not a grade: exit 2).  The right answers
# (endings/good.c) must score full marks first: the tests are sound.
set -u
kit=$(cd "$(dirname "$0")/../.." && pwd)
here=$kit/grader/tests/endings
grader=$kit/build/grader/grader
work=$(mktemp -d /tmp/kit-endings.XXXXXX)
chmod 755 "$work"       # the sandbox user reads the builds
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
status=0
lab=99-endings

# The kit: the real common/, one lab.
mkdir -p "$work/kit/labs/$lab/tests" "$work/kit/labs/$lab/po"
ln -s "$kit/common" "$work/kit/common"
cp "$here/MANIFEST" "$here/endings.h" "$work/kit/labs/$lab/"
cp "$here/test_endings.c" "$work/kit/labs/$lab/tests/"
cp "$here/fr.po" "$work/kit/labs/$lab/po/"
# The real kit's library, already built: copied with its dates.
[ -d "$kit/build/kit" ] && cp -a "$kit/build/kit" "$work/kit-build"

submission() {          # NAME FILE: a submission whose endings.c is FILE
	mkdir -p "$work/$1/$lab"
	[ -z "$2" ] || cp "$2" "$work/$1/$lab/endings.c"
}
submission good "$here/good.c"
submission bad "$here/bad.c"
submission missing ""
printf 'int e_count(void) { return 3 }\n' > "$work/broken.c"
submission broken "$work/broken.c"

grade() {               # NAME LANG [ENV...]: the report in $work/NAME.LANG
	name=$1 lang=$2
	shift 2
	env KIT_GRADE_MEMORY_MB=256 "$@" "$grader" --kit "$work/kit" \
		--kit-build "$work/kit-build" --lab "$lab" --lang "$lang" \
		--submission "$work/$name" --build "$work/build-$name" --color never \
		>"$work/$name.$lang" 2>&1
	echo $? >"$work/$name.$lang.rc"
}

says() {                # NAME LANG TEXT...: the report holds each TEXT
	name=$1 lang=$2
	shift 2
	for text in "$@"; do
		if grep -qF -- "$text" "$work/$name.$lang"; then
			echo "ok    $name ($lang): $text"
		else
			echo "FAIL  $name ($lang): no \"$text\""
			status=1
		fi
	done
}

lacks() {               # NAME LANG TEXT: the report does not hold TEXT
	if grep -qF -- "$3" "$work/$1.$2"; then
		echo "FAIL  $1 ($2): \"$3\" should not be there"
		status=1
	else
		echo "ok    $1 ($2): not \"$3\""
	fi
}

exits() {               # NAME LANG STATUS
	rc=$(cat "$work/$1.$2.rc")
	if [ "$rc" = "$3" ]; then
		echo "ok    $1 ($2): exit status $3"
	else
		echo "FAIL  $1 ($2): exit status $rc, expected $3"
		sed 's/^/      /' "$work/$1.$2" | tail -n 20
		status=1
	fi
}

grade good en
exits good en 0
says good en "Total" "13/13"

# The line of bad.c that faults: compiled at -Og, the report names it.
null_line=$(grep -n '(volatile int \*)8 = 1' "$here/bad.c" | cut -d: -f1)
map_line=$(grep -n 'p\[0\] = 1' "$here/bad.c" | cut -d: -f1)

for lang in en fr; do
	grade bad $lang
	exits bad $lang 1
done
says bad en \
	"FAIL  value" "e_count() returned 4, expected 3" \
	"hint: Count the three of them." \
	"e_mode() returned 0644, expected 0640" \
	"errno is EACCES, expected ENOENT" \
	"hint: the second check's hint" \
	"crashed: SIGSEGV (SEGV_MAPERR) at address 0x8: that is near NULL" \
	"the faulting instruction is at endings.c:$null_line (in e_null)" \
	"that is MAP_FAILED, (void *) -1" \
	"the faulting instruction is at endings.c:$map_line (in e_map_failed)" \
	"timed out: the test was stopped after" "its limit; it was running" \
	"the test's process was killed by SIGUSR1" \
	"the child was killed by SIGSEGV (Segmentation fault), expected: exited with status 0" \
	"output of the tests:" "bytes cut"
lacks bad en "the test's own hint"
lacks bad en "FAIL  no_leak_from_words"
says bad fr \
	"ÉCHOUÉ  value" "e_count donne 3" "e_count() a renvoyé 4, attendu 3" \
	"indice : Comptez-les tous les trois." \
	"e_mode() a renvoyé 0644, attendu 0640" \
	"errno vaut EACCES, attendu ENOENT" \
	"indice : l'indice de la seconde vérification" \
	"plantage : SIGSEGV (SEGV_MAPERR) à l'adresse 0x8 : c'est près de NULL" \
	"l'instruction fautive est en endings.c:$null_line (dans e_null)" \
	"c'est MAP_FAILED, (void *) -1" \
	"temps dépassé : le test a été arrêté après" "il s'exécutait" \
	"le processus du test a été tué par SIGUSR1" \
	"l'enfant a été tué par SIGSEGV" "attendu : s'est terminé avec le code 0" \
	"sortie des tests :" "Total"
lacks bad fr "l'indice du test lui-même"
lacks bad fr "ÉCHOUÉ  no_leak_from_words"
# The memory cap is a cgroup's: where the machine gives none, rlimits
# alone let e_memory return, and there is no memory ending to read.
if grep -q 'cgroup' "$work/bad.en"; then
	says bad en "killed by SIGKILL" "most often for using too much memory"
	says bad fr "tué par SIGKILL" "trop de mémoire"
else
	echo "skip  memory limit: no cgroup here ($(grep '^Total' "$work/bad.en"))"
fi

for lang in en fr; do
	grade broken $lang
	exits broken $lang 1
	grade missing $lang
	exits missing $lang 1
	grade good $lang ENDINGS_UNGRADABLE=1
	cp "$work/good.$lang" "$work/ungradable.$lang"
	cp "$work/good.$lang.rc" "$work/ungradable.$lang.rc"
	exits ungradable $lang 2
done
# The compiler's own words, in its language, and where.
says broken en "does not compile" "endings.c:1:29: error:"
says broken fr "ne compile pas" "endings.c:1:29:"
lacks broken en "\\x80"
says missing en "not submitted" "endings.c is missing from the submission"
says missing fr "non rendu" "endings.c manque dans le rendu"
says ungradable en "not graded (the environment failed)" \
	"the disk is full (endings.sh)" "This is not a grade."
says ungradable fr "non noté (l'environnement a fait défaut)" \
	"the disk is full (endings.sh)" "Ce n'est pas une note."
exit $status

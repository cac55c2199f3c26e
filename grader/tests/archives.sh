#!/bin/sh
# archives.sh - unpack (grader/tools/unpack.c) refuses every unsafe archive
# and unpacks the rest.
#
# Each hostile archive is built here (tar with --transform and -P for the
# names tar would otherwise clean, perl's core IO::Compress::Zip for the
# zip entries zip would not write), then unpacked: the refusal must give
# the expected reason, leave no DEST behind, and nothing may appear
# outside DEST (the targets the archives aim at are checked).
set -u
cd "$(dirname "$0")/../.." || exit 2
unpack="$(pwd)/build/grader/unpack"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
mkdir "$tmp/src" "$tmp/a"
cd "$tmp/src" || exit 2

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# refused ARCHIVE REASON-SUBSTRING
refused() {
	why=$($unpack "$tmp/a/$1" "$tmp/out-$1")
	status=$?
	case $status:$why in
	1:*"$2"*) printf 'ok    %s refused: %s\n' "$1" "$why" ;;
	*) fail "$1: exit $status, '$why' (expected a refusal with '$2')" ;;
	esac
	[ ! -e "$tmp/out-$1" ] || fail "$1: refused, but $tmp/out-$1 was left behind"
}

# accepted ARCHIVE FILE...: each FILE (relative to DEST) is there.
accepted() {
	archive=$1
	shift
	why=$($unpack "$tmp/a/$archive" "$tmp/out-$archive") ||
		{ fail "$archive refused: $why"; return; }
	for f; do
		[ -f "$tmp/out-$archive/$f" ] || fail "$archive: $f missing once unpacked"
	done
	echo "ok    $archive unpacked"
}

zip_with() {   # zip_with ARCHIVE NAME [EXTERNAL-ATTRIBUTES]
	perl -MIO::Compress::Zip=zip -e '
		my ($out, $name, $attr) = @ARGV;
		my %opt = (Name => $name);
		$opt{ExtAttr} = oct($attr) << 16 if $attr;
		$opt{Method} = 0;
		my $data = "content\n";
		zip(\$data => $out, %opt) or die "zip failed\n";' "$tmp/a/$1" "$2" "${3:-}"
}

# --- accepted ----------------------------------------------------------------

mkdir -p alice/labs/01-x "élève/01-x"
echo 'int x;' >alice/labs/01-x/x.c
echo 'int y;' >"élève/01-x/y.c"
tar -czf "$tmp/a/tree.tar.gz" alice
tar -czf "$tmp/a/accents.tgz" "élève"
(cd alice && zip -qr "$tmp/a/flat.zip" .)
tar -cJf "$tmp/a/tree.tar.xz" alice
tar -cf "$tmp/a/plain.tar" alice
accepted tree.tar.gz alice/labs/01-x/x.c
accepted tree.tar.xz alice/labs/01-x/x.c
accepted plain.tar alice/labs/01-x/x.c
accepted accents.tgz "élève/01-x/y.c"
accepted flat.zip labs/01-x/x.c

# --- refused: names that leave DEST --------------------------------------------

echo escape >f
tar -cPzf "$tmp/a/dotdot.tar.gz" --transform 's,^f$,../escape,' f
tar -cPzf "$tmp/a/dotdot-inside.tgz" --transform 's,^f$,a/../../escape,' f
tar -cPzf "$tmp/a/absolute.tar.gz" --transform "s,^f\$,$tmp/absolute-target," f
zip_with dotdot.zip ../escape
zip_with dotdot-inside.zip a/../../escape
zip_with absolute.zip "$tmp/absolute-target"
zip_with backslash.zip '..\escape'
refused dotdot.tar.gz "outside its folder"
refused dotdot-inside.tgz "outside its folder"
refused absolute.tar.gz "absolute path"
refused dotdot.zip "outside its folder"
refused dotdot-inside.zip "outside its folder"
refused absolute.zip "absolute path"
# libarchive reads a zip's backslash as the folder separator it is on Windows.
refused backslash.zip "outside its folder"

# --- refused: links and special files ------------------------------------------

mkdir links
ln -s / links/root
tar -czf "$tmp/a/symlink.tar.gz" links
rm links/root
echo data >links/file
ln links/file links/hard
tar -czf "$tmp/a/hardlink.tgz" links
rm links/hard links/file
mkfifo links/fifo
tar -czf "$tmp/a/fifo.tar.gz" links
zip_with symlink.zip evil-link 0120777
refused symlink.tar.gz "link"
refused hardlink.tgz "link"
refused fifo.tar.gz "special file"
refused symlink.zip "link"

# --- refused: bombs, garbage, wrong kind ---------------------------------------

mkdir many
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo $i >many/$i.c; done
tar -czf "$tmp/a/many.tar.gz" many
dd if=/dev/zero of=big bs=1024 count=2048 2>/dev/null
tar -czf "$tmp/a/big.tgz" big
(zip -q "$tmp/a/big.zip" big)
KIT_UNPACK_MAX_FILES=10 refused many.tar.gz "more than 10 entries"
KIT_UNPACK_MAX_BYTES=1000000 refused big.tgz "bytes once unpacked"
KIT_UNPACK_MAX_BYTES=1000000 refused big.zip "bytes once unpacked"
KIT_UNPACK_MAX_ARCHIVE=1000 refused big.zip "larger than"
head -c 4096 /dev/urandom >"$tmp/a/garbage.tar.gz"
cp "$tmp/a/garbage.tar.gz" "$tmp/a/garbage.zip"
tar -czf "$tmp/a/empty.tgz" -T /dev/null
echo rar >"$tmp/a/homework.rar"
ln -s "$tmp/a/tree.tar.gz" "$tmp/a/link.tar.gz"
refused garbage.tar.gz "not an archive that can be read"
refused garbage.zip "not an archive that can be read"
refused empty.tgz "empty"
refused homework.rar "not an archive that can be read"
refused link.tar.gz "not a regular file"

# --- nothing escaped -----------------------------------------------------------

for target in "$tmp/escape" "$tmp/absolute-target" "$tmp/a/escape" /escape; do
	[ ! -e "$target" ] || fail "$target was written by an archive"
done

echo
[ $failures = 0 ] && echo "archives: all good" || echo "archives: $failures failed"
[ $failures = 0 ]

#!/bin/sh
# as_user.sh - the adversarial corpus graded by an unprivileged user.
#
#   as_user.sh [WRAPPER...]
#
# Run as root, it copies the kit (its sources, not its build) to a folder
# of the user nobody, builds the grader there as nobody, and runs the
# corpus as nobody, through WRAPPER when given (no_namespaces: where no
# namespace can be made).  The grader is then no longer root: no uid of its
# own for the tests, no cgroup, bubblewrap only through unprivileged user
# namespaces.  The corpus must hold all the same.  Not root: the corpus
# already runs as this user, and this check has nothing more to show.
set -u
kit=$(cd "$(dirname "$0")/../../.." && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "skipped: not root (the corpus already runs as an unprivileged user)"
	exit 0
fi
user=${KIT_CORPUS_USER:-nobody}
uid=$(id -u "$user") && gid=$(id -g "$user") || exit 2
copy=$(mktemp -d /tmp/kit-as-user.XXXXXX)
trap 'rm -rf --one-file-system "$copy"' EXIT
chmod 755 "$copy"
(cd "$kit" && tar --exclude=./build --exclude=./.git -cf - .) | tar -xf - -C "$copy"
# The wrapper too: the kit's own folder may be closed to the user (/root).
wrapper=""
if [ $# -gt 0 ]; then
	cp "$1" "$copy/wrapper" || exit 2
	wrapper=$copy/wrapper
fi
chown -R "$uid:$gid" "$copy"
as_user() {
	setpriv --reuid="$uid" --regid="$gid" --clear-groups \
		env HOME="$copy" PATH="$PATH" "$@"
}
as_user make -s -C "$copy" grader >"$copy/build.log" 2>&1 ||
	{ cat "$copy/build.log"; echo "the grader does not build as $user"; exit 2; }
as_user $wrapper sh "$copy/grader/tests/corpus/run.sh"

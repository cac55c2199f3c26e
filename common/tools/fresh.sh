#!/bin/sh
# fresh.sh - the kit on a machine nobody prepared (`make fresh`).
#
#     fresh.sh KIT [COMMANDS]
#
# Builds a fresh Debian 12 (bookworm) root file system with mmdebstrap,
# from Debian's packages alone, with nothing but git, make and gcc; clones
# KIT's committed state into /root (mode 0700, as in a container or a CI
# job), and runs COMMANDS there as root (default: the README's first steps:
# `make deps`, the reference graded with full marks, then `make grade` on
# the starters, which must score 0 without an error of the grader's own).
# Then once more as a plain user, from a path with spaces.  Needs root and
# mmdebstrap (apt-get install mmdebstrap); the root file system is cached
# in ${KIT_FRESH_CACHE:-/var/tmp/kit-fresh-bookworm.tar}.
#
#     fresh.sh --base
#
# only makes that cache (when missing) and prints its path: the base image
# of the kit's container images (check_image.sh) is the same Debian 12.
#
# The chroot's /proc, /sys and /dev are mounted in a mount namespace of its
# own (unshare), so they vanish with it; and the folder is removed with
# --one-file-system: a mount left behind is never emptied through.
set -eu
cache=${KIT_FRESH_CACHE:-/var/tmp/kit-fresh-bookworm.tar}

# Written aside, then renamed: a run that stops half-way, or another run
# at the same time, never leaves a truncated tarball to be taken as the cache.
base_tarball() {
	[ ! -s "$cache" ] || return 0
	[ "$(id -u)" = 0 ] || { echo "fresh: needs root (mmdebstrap)" >&2; exit 2; }
	command -v mmdebstrap >/dev/null ||
		{ echo "fresh: apt-get install mmdebstrap" >&2; exit 2; }
	mmdebstrap --format=tar --variant=apt \
		--include=git,make,gcc,libc6-dev,ca-certificates \
		bookworm "$cache.part.$$" >&2 || { rm -f "$cache.part.$$"; exit 2; }
	mv "$cache.part.$$" "$cache"
}
if [ "${1:-}" = --base ]; then
	base_tarball
	echo "$cache"
	exit 0
fi

kit=$(cd "$1" && pwd)
default='make deps &&
	make grade LAB=01,06 SUBMISSION=solutions &&
	{ make grade >starters.log 2>&1 || true; } &&
	grep -E "^Total +0/[0-9]+ " starters.log'
commands=${2:-$default}
root=$(mktemp -d /tmp/kit-fresh.XXXXXX)

cleanup() {
	if findmnt -R "$root" >/dev/null 2>&1; then
		echo "fresh: $root still has mounts; not removing it" >&2
		return
	fi
	rm -rf --one-file-system "$root"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "fresh: needs root (chroot)"; exit 2; }
command -v mmdebstrap >/dev/null || { echo "fresh: apt-get install mmdebstrap"; exit 2; }
base_tarball
tar -C "$root" -xf "$cache"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
git clone -q "$kit" "$root/root/kit"
chmod 700 "$root/root"

# Everything below runs in a private mount namespace.
unshare --mount --propagation private sh -eu -c '
	root=$1
	commands=$2
	mount -t proc proc "$root/proc"
	mount -t sysfs sys "$root/sys"
	mount --rbind /dev "$root/dev"

	echo "== as root, in /root/kit"
	chroot "$root" /bin/sh -c "cd /root/kit && $commands"

	echo "== as a plain user, in /home/stu dent/my kit"
	chroot "$root" /bin/sh -c "useradd -m -d \"/home/stu dent\" student &&
		git clone -q /root/kit \"/home/stu dent/my kit\" &&
		chown -R student \"/home/stu dent\""
	# The packages are there already: the plain user'"'"'s make deps only checks.
	chroot "$root" su student -s /bin/sh -c "cd \"/home/stu dent/my kit\" && $commands"
' sh "$root" "$commands"
echo "fresh: ok"

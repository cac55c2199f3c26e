#!/bin/sh
# fresh.sh - the kit on a machine nobody prepared (`make fresh`).
#
#     fresh.sh KIT [COMMANDS]
#
# Builds a fresh Debian 12 (bookworm) root file system with mmdebstrap,
# from Debian's packages alone, with nothing but git, make and gcc; clones
# KIT's committed state into /root (mode 0700, as in a container or a CI
# job), and runs COMMANDS there as root (default: the README's first steps,
# `make deps`, the reference graded, then `make grade` on the starters).
# Then once more as a plain user, from a path with spaces.  Needs root and
# mmdebstrap (apt-get install mmdebstrap); the root file system is cached
# in ${KIT_FRESH_CACHE:-/var/tmp/kit-fresh-bookworm.tar}.
set -eu
kit=$(cd "$1" && pwd)
commands=${2:-"make deps && make grade LAB=01,06 SUBMISSION=solutions && { make grade; [ \$? -le 1 ]; }"}
cache=${KIT_FRESH_CACHE:-/var/tmp/kit-fresh-bookworm.tar}
root=$(mktemp -d /tmp/kit-fresh.XXXXXX)

cleanup() {
	for m in dev/pts dev proc sys; do
		umount "$root/$m" 2>/dev/null || true
	done
	rm -rf "$root"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "fresh: needs root (chroot)"; exit 2; }
command -v mmdebstrap >/dev/null || { echo "fresh: apt-get install mmdebstrap"; exit 2; }
if [ ! -s "$cache" ]; then
	mmdebstrap --variant=apt --include=git,make,gcc,libc6-dev,ca-certificates \
		bookworm "$cache"
fi
tar -C "$root" -xf "$cache"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --rbind /dev "$root/dev"
git clone -q "$kit" "$root/root/kit"
chmod 700 "$root/root"

echo "== as root, in /root/kit"
chroot "$root" /bin/sh -c "cd /root/kit && $commands"

echo "== as a plain user, in '/home/stu dent/my kit'"
chroot "$root" /bin/sh -c "useradd -m -d '/home/stu dent' student &&
	git clone -q /root/kit '/home/stu dent/my kit' &&
	chown -R student '/home/stu dent'"
# The packages are there already: the plain user's make deps only checks.
chroot "$root" su student -s /bin/sh -c "cd '/home/stu dent/my kit' && $commands"
echo "fresh: ok"

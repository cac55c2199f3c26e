#!/bin/sh
# deps.sh - installs what the kit needs from Debian/Ubuntu packages.
#
#     deps.sh          install what is missing (as root, or with sudo -n)
#     deps.sh --check  exit 0 when everything is there, 1 otherwise
#     deps.sh --list   print the packages, one a line (Classroom 50's runtime)
#     deps.sh --dev    also the compilers the kit's own checks grade with
#                      (make test: GCC 11 and clang beside the default), and
#                      python3, which checks Classroom 50's result.json
#
# Without root or passwordless sudo it prints the exact command to run.
set -u
PACKAGES="build-essential pkg-config check libsubunit-dev libseccomp-dev valgrind \
bubblewrap libxml2-utils zip unzip perl libarchive-dev gettext"

if [ "${1:-}" = "--list" ]; then
	# shellcheck disable=SC2086  # one package a line
	printf '%s\n' $PACKAGES
	exit 0
fi

missing() {
	command -v cc >/dev/null 2>&1 || return 0
	command -v make >/dev/null 2>&1 || return 0
	command -v pkg-config >/dev/null 2>&1 || return 0
	pkg-config --exists check 2>/dev/null || return 0
	[ -e /usr/include/check.h ] || return 0
	[ -e /usr/include/seccomp.h ] || return 0
	[ -e /usr/include/archive.h ] || return 0
	command -v valgrind >/dev/null 2>&1 || return 0
	command -v bwrap >/dev/null 2>&1 || return 0
	command -v xmllint >/dev/null 2>&1 || return 0
	command -v zip >/dev/null 2>&1 || return 0
	command -v unzip >/dev/null 2>&1 || return 0
	command -v prove >/dev/null 2>&1 || return 0
	# msgfmt compiles the French catalogues; xgettext checks them.
	command -v msgfmt >/dev/null 2>&1 || return 0
	command -v xgettext >/dev/null 2>&1 || return 0
	return 1
}

DEV_PACKAGES="gcc-11 clang python3"
dev_missing() {
	[ "${1:-}" = "--dev" ] || return 1
	command -v gcc-11 >/dev/null 2>&1 || return 0
	command -v clang >/dev/null 2>&1 || return 0
	command -v python3 >/dev/null 2>&1 || return 0
	return 1
}

if ! missing && ! dev_missing "${1:-}"; then
	exit 0
fi
[ "${1:-}" = "--check" ] && exit 1
[ "${1:-}" = "--dev" ] && PACKAGES="$PACKAGES $DEV_PACKAGES"

install="apt-get install -y --no-install-recommends $PACKAGES"
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "The kit needs these Debian/Ubuntu packages: $PACKAGES"
	echo "Install them with:"
	echo "    sudo apt-get update && sudo $install"
	exit 1
fi
echo "Installing: $PACKAGES"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq && $sudo $install >/dev/null || {
	echo "apt-get failed; run it by hand: sudo apt-get update && sudo $install"
	exit 1
}

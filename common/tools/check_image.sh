#!/bin/sh
# check_image.sh - the Dockerfile's images build and grade (`make image-check`,
# and a check of `make test`).
#
#     check_image.sh [KIT]
#
# With podman, from a Debian 12 base imported from the root file system
# that `make fresh` caches (fresh.sh --base: mmdebstrap, no registry):
#
#   1. the grader image grades the solutions, mounted read-only, with full
#      marks, in full isolation (/proc unmasked: bubblewrap), and falls back
#      to a process session under the engine's defaults; it shows the
#      starters' report in French with no locale generated; grade-class
#      refuses without namespaces, and grades a folder and an archive with
#      KIT_ALLOW_NO_SANDBOX=1;
#   2. the gradescope stage's /autograder/run_autograder gives full marks;
#   3. the dev container, built from a handout as a student's Codespace or
#      VS Code would build it (.devcontainer/devcontainer.json, its runArgs
#      and postCreateCommand), runs `make` in a lab folder: the solution
#      passes, the starter fails; gdb and valgrind are there.
#
# Needs root (mmdebstrap) and podman, runc and mmdebstrap, which it installs
# when missing, as `make deps` does.  Skipped, with the reason, where it
# cannot run (not root, no apt); a skip fails in CI ($CI set).  Images are
# tagged localhost/mmap-kit-*:check and kept, so the next run reuses their
# layers; KIT_IMAGE_STORE=dir keeps them (and every layer) in dir instead
# of podman's own store: a cold run.
set -u
kit=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
cd "$kit" || exit 2
failures=0
tmp=$(mktemp -d /tmp/kit-image.XXXXXX)
chmod 755 "$tmp"       # the tests' unprivileged user reaches the mounts

cleanup() {
	if findmnt -R "$tmp" >/dev/null 2>&1; then
		echo "check_image: $tmp still has mounts; not removing it" >&2
		return
	fi
	rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT

skip() {
	echo "skipped: $*"
	[ -z "${CI:-}" ] || { echo "(in CI a skipped check fails)"; exit 1; }
	exit 0
}
fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}
ok() {
	printf 'ok    %s\n' "$*"
}
elapsed() {
	printf '%ds' $(($(date +%s) - start))
}
start=$(date +%s)

# --- the tools ----------------------------------------------------------
# Root: mmdebstrap, and podman's own store.  Passwordless sudo (a CI
# runner's user) will do: the check then runs again through it.
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null ||
		skip "needs root or passwordless sudo (mmdebstrap builds the base image)"
	cleanup
	trap - EXIT
	exec sudo -n env CI="${CI:-}" KIT_IMAGE_STORE="${KIT_IMAGE_STORE:-}" \
		KIT_FRESH_CACHE="${KIT_FRESH_CACHE:-}" sh "$kit/common/tools/check_image.sh" "$kit"
fi
need=""
command -v podman >/dev/null 2>&1 || need="$need podman"
command -v runc >/dev/null 2>&1 || need="$need runc"
command -v mmdebstrap >/dev/null 2>&1 || need="$need mmdebstrap"
# Debian's keys, for mmdebstrap on Ubuntu.
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || need="$need debian-archive-keyring"
if [ -n "$need" ]; then
	command -v apt-get >/dev/null 2>&1 || skip "no apt-get to install$need"
	echo "installing:$need"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$need >/dev/null || skip "apt-get install$need failed"
fi

pm() {
	podman ${store:+--root "$store/root" --runroot "$store/run"} $runtime "$@"
}
store=${KIT_IMAGE_STORE:-}
runtime=""
base=localhost/mmap-kit-debian:bookworm

# --- the base image: fresh.sh's Debian 12, imported once per tarball -------
tarball=$(sh common/tools/fresh.sh --base 2>"$tmp/base.log") ||
	{ tail -n 20 "$tmp/base.log"; echo "FAIL: fresh.sh --base"; exit 1; }
stamp=$(stat -c '%s-%Y' "$tarball")
if [ "$(pm image inspect --format '{{index .Config.Labels "kit.base"}}' "$base" 2>/dev/null)" \
	!= "$stamp" ]; then
	pm import --quiet --change "LABEL kit.base=$stamp" "$tarball" "$base" >/dev/null ||
		{ echo "FAIL: podman import $tarball"; exit 1; }
fi
echo "base image $base from $tarball ($(elapsed))"

# --- the options this machine's podman needs --------------------------------
# The engine's defaults first.  On a cgroup v1 or hybrid host crun cannot
# make a container: runc can.  Root without CAP_SYS_RESOURCE (in a
# container, or a VM that withholds it, as the kit's own test machine)
# cannot give containers podman's default limits, above its own: they are
# then set, at most its own.
nofile=$(ulimit -Hn)
[ "$nofile" = unlimited ] && nofile=1048576
limits="--ulimit nofile=$nofile:$nofile --ulimit nproc=16384:16384"
found=""
for rt in "" "--runtime runc"; do
	for lim in "" "$limits"; do
		runtime=$rt
		if pm run --rm --network none $lim "$base" true >"$tmp/probe.log" 2>&1; then
			found=1
			break 2
		fi
	done
done
[ -n "$found" ] || skip "podman cannot run a container here: $(tail -n 1 "$tmp/probe.log")"
run_opts="--network none $lim"
echo "podman options:${runtime:+ $runtime}${lim:+ $lim}"

# --- the images ---------------------------------------------------------
build() {           # build TARGET [CONTEXT [build-args...]]
	target=$1
	context=${2:-.}
	shift
	[ $# = 0 ] || shift
	old=$(pm image inspect --format '{{.Id}}' "localhost/mmap-kit-$target:check" 2>/dev/null)
	if pm build --quiet --network host $lim --build-arg BASE="$base" "$@" \
		--target "$target" -t "localhost/mmap-kit-$target:check" \
		-f "$context/Dockerfile" "$context" >"$tmp/build-$target.log" 2>&1; then
		ok "$target image built ($(elapsed))"
		# The last run's image, now untagged: removed, with its own layers,
		# so that the store does not grow run after run.
		new=$(pm image inspect --format '{{.Id}}' "localhost/mmap-kit-$target:check")
		[ -z "$old" ] || [ "$old" = "$new" ] || pm rmi "$old" >/dev/null 2>&1 || true
	else
		tail -n 20 "$tmp/build-$target.log"
		fail "$target image does not build"
		return 1
	fi
}

# --- 1. the grader image ------------------------------------------------
# Every test passed: the grader's exit status 0 and a Total of N/N.
full_marks() {     # full_marks LOG STATUS
	[ "$2" = 0 ] && grep -Eq '^Total +([0-9]+)/\1 ' "$1"
}
grader=localhost/mmap-kit-grader:check
lab=$(basename "$(ls -d labs/*/ | head -n 1)")
if build grader; then
	mkdir -p "$tmp/out"
	# The documented command; /proc unmasked lets bubblewrap mount its own.
	pm run --rm $run_opts --security-opt 'unmask=/proc/*' \
		-v "$kit/solutions:/submission:ro" -v "$tmp/out:/out" "$grader" \
		make grade SUBMISSION=/submission JSON=/out/results.json >"$tmp/grade.log" 2>&1
	status=$?
	if full_marks "$tmp/grade.log" $status && grep -q '^Total.*isolation: bubblewrap' "$tmp/grade.log" &&
	   perl grader/tests/gradescope_check.pl "$tmp/out/results.json" >/dev/null; then
		ok "grader image: the solutions, full marks with bubblewrap ($(elapsed))"
	else
		tail -n 20 "$tmp/grade.log"
		fail "grader image: the solutions are not graded in full with bubblewrap (status $status)"
	fi

	pm run --rm $run_opts -v "$kit/solutions:/submission:ro" "$grader" \
		make grade SUBMISSION=/submission LAB="$lab" >"$tmp/fallback.log" 2>&1
	status=$?
	if full_marks "$tmp/fallback.log" $status &&
	   grep -q '^Total.*process session only' "$tmp/fallback.log"; then
		ok "grader image, engine's defaults: full marks in a process session"
	else
		tail -n 20 "$tmp/fallback.log"
		fail "grader image, engine's defaults: not full marks, or not the fallback (status $status)"
	fi

	# A fresh Debian has no French locale generated: the report is French
	# all the same, every test of every lab (the starters fail them all).
	pm run --rm $run_opts --security-opt 'unmask=/proc/*' -e LANG=fr_FR.UTF-8 \
		"$grader" make grade >"$tmp/french.log" 2>&1
	status=$?
	# A test's line: its label, its name, its points.
	tests=$(grep -Ec '^  [^ ].* +[a-z0-9_]+ +[0-9]+/[0-9]+ ' "$tmp/french.log")
	english=$(grep -Ec '^  (PASS|FAIL|CRASH|TIMEOUT|NOT RUN|NO GRADE) ' "$tmp/french.log")
	french=$((tests - english))
	if [ $status != 0 ] && [ "$tests" -gt 300 ] && [ "$french" = "$tests" ] &&
	   grep -q 'indice :' "$tmp/french.log" && ! grep -q 'hint:' "$tmp/french.log"; then
		ok "grader image: the starters' report in French, $french tests, no locale generated"
	else
		tail -n 20 "$tmp/french.log"
		fail "grader image: the starters' report is not all French ($french of $tests tests)"
	fi

	mkdir -p "$tmp/class" "$tmp/grades"
	cp -R solutions "$tmp/class/ref"
	# An archive too: the image unpacks it (libarchive) as on a host.
	tar -czf "$tmp/class/packed.tar.gz" -C solutions .
	pm run --rm $run_opts -v "$tmp/class:/submissions:ro" -v "$tmp/grades:/out" \
		"$grader" make grade-class SUBMISSIONS=/submissions OUT=/out LAB="$lab" \
		>"$tmp/class.log" 2>&1
	status=$?
	if [ $status != 0 ] && grep -q KIT_ALLOW_NO_SANDBOX "$tmp/class.log"; then
		ok "grader image, engine's defaults: grade-class refuses without namespaces"
	else
		tail -n 20 "$tmp/class.log"
		fail "grader image, engine's defaults: grade-class ran without namespaces (status $status)"
	fi
	pm run --rm $run_opts -e KIT_ALLOW_NO_SANDBOX=1 -v "$tmp/class:/submissions:ro" \
		-v "$tmp/grades:/out" "$grader" \
		make grade-class SUBMISSIONS=/submissions OUT=/out LAB="$lab" \
		>"$tmp/class.log" 2>&1
	status=$?
	if [ $status = 0 ] && full_marks "$tmp/grades/ref/report.txt" 0 &&
	   full_marks "$tmp/grades/packed/report.txt" 0; then
		ok "grader image: grade-class with KIT_ALLOW_NO_SANDBOX=1, full marks ($(elapsed))"
	else
		tail -n 20 "$tmp/class.log"
		fail "grader image: grade-class with KIT_ALLOW_NO_SANDBOX=1 (status $status)"
	fi
fi

# --- 2. the gradescope stage (Gradescope's base replaced by ours) --------
if build gradescope . --build-arg LAB="$lab"; then
	mkdir -p "$tmp/results"
	pm run --rm $run_opts -v "$kit/solutions:/autograder/submission:ro" \
		-v "$tmp/results:/autograder/results" localhost/mmap-kit-gradescope:check \
		/autograder/run_autograder >"$tmp/gradescope.log" 2>&1
	got=$(perl grader/tests/gradescope_check.pl "$tmp/results/results.json" 2>&1)
	# Each test at its max_score, whatever the top-level score shows.
	if perl -MJSON::PP -e 'local $/; my $d = decode_json(<STDIN>);
		my @t = @{ $d->{tests} }; exit 1 unless @t;
		$_->{score} == $_->{max_score} or exit 1 for @t' \
		<"$tmp/results/results.json" 2>/dev/null; then
		ok "gradescope image: run_autograder, full marks ($got)"
	else
		tail -n 20 "$tmp/gradescope.log"
		fail "gradescope image: run_autograder ($got)"
	fi
fi

# --- 3. the dev container, from a handout ---------------------------------
handout=$tmp/handout
if ! make -s handout OUT="$handout" >"$tmp/handout.log" 2>&1; then
	cat "$tmp/handout.log"
	fail "make handout"
elif [ ! -f "$handout/.devcontainer/devcontainer.json" ]; then
	fail "the handout has no .devcontainer/devcontainer.json"
else
	# What VS Code reads: the stage, the run options, the first command.
	conf=$(perl -MJSON::PP -e 'local $/; my $d = decode_json(<STDIN>);
		print join("\n", $d->{build}{target}, $d->{remoteUser},
			$d->{postCreateCommand}, @{ $d->{runArgs} || [] }), "\n"' \
		<"$handout/.devcontainer/devcontainer.json") ||
		fail "devcontainer.json is not JSON with build.target"
	target=$(printf '%s\n' "$conf" | sed -n 1p)
	user=$(printf '%s\n' "$conf" | sed -n 2p)
	post=$(printf '%s\n' "$conf" | sed -n 3p)
	run_args=$(printf '%s\n' "$conf" | sed -n '4,$p' | tr '\n' ' ')
	if [ "$target" = dev ] && build dev "$handout"; then
		dev=localhost/mmap-kit-dev:check
		lab_dir=labs/$lab
		cp -R "$handout" "$tmp/solved"
		for f in $(sh common/tools/labinfo.sh . "$lab" file); do
			cp "solutions/$lab/$f" "$tmp/solved/$lab_dir/$f"
		done
		chown -R 1000:1000 "$handout" "$tmp/solved"
		# Unquoted: runArgs are words, as VS Code passes them.
		# shellcheck disable=SC2086
		pm run --rm $run_opts $run_args -u "$user" -v "$tmp/solved:/workspaces/labs" \
			-w /workspaces/labs "$dev" sh -c "$post && cd $lab_dir && make" \
			>"$tmp/dev.log" 2>&1
		status=$?
		if [ $status = 0 ]; then
			ok "dev container: make in $lab_dir passes with the solution ($(elapsed))"
		else
			tail -n 20 "$tmp/dev.log"
			fail "dev container: make in $lab_dir, with the solution (status $status)"
		fi
		# shellcheck disable=SC2086
		pm run --rm $run_opts $run_args -u "$user" -v "$handout:/workspaces/labs" \
			-w "/workspaces/labs/$lab_dir" "$dev" make >"$tmp/dev-starter.log" 2>&1
		status=$?
		if [ $status != 0 ] && grep -q FAIL "$tmp/dev-starter.log"; then
			ok "dev container: make in $lab_dir fails with the starter"
		else
			tail -n 20 "$tmp/dev-starter.log"
			fail "dev container: make in $lab_dir, with the starter (status $status)"
		fi
		if pm run --rm $run_opts "$dev" sh -c \
			'gdb --version && valgrind --version && pkg-config --exists check' \
			>"$tmp/dev-tools.log" 2>&1; then
			ok "dev container: gdb, valgrind and Check are there"
		else
			cat "$tmp/dev-tools.log"
			fail "dev container: gdb, valgrind or Check is missing"
		fi
	else
		[ "$target" = dev ] || fail "devcontainer.json builds stage '$target', not dev"
	fi
fi

echo "images: $(elapsed)"
[ "$failures" = 0 ]

# Dockerfile - the kit in a container (INSTRUCTORS.md, "A grader image";
# README.md, "A dev container").  Docker, podman and buildah read it.
#
#   base        Debian 12 and the packages `make deps` installs
#   dev         + gdb, git and a user `student`: the students' dev container
#               (.devcontainer/devcontainer.json builds this stage)
#   gradescope  the autograder of `make gradescope` in /autograder, for
#               Gradescope's "Manual Docker configuration" (build it with
#               BASE=gradescope/autograder-base:ubuntu-22.04)
#   grader      the kit in /kit, built: grades a submission mounted
#               read-only (the last stage: what `docker build .` gives)
#
#   docker build -t mmap-kit-grader .
#   docker run --rm --network none -v "$PWD/alice:/submission:ro" \
#       -v "$PWD/out:/out" mmap-kit-grader \
#       make grade SUBMISSION=/submission JSON=/out/results.json
#
# BASE names the Debian 12 image.  A machine that cannot pull from a
# registry imports one built by mmdebstrap and passes --build-arg BASE=
# (common/tools/check_image.sh does).  .dockerignore keeps solutions/,
# build products and the history out of every stage.
ARG BASE=docker.io/library/debian:bookworm

FROM ${BASE} AS base
ENV LANG=C.UTF-8
# deps.sh alone first: this layer is rebuilt when the package list changes,
# not on every change of the kit.
COPY common/tools/deps.sh /usr/local/share/mmap-kit/deps.sh
RUN sh /usr/local/share/mmap-kit/deps.sh \
	&& sh /usr/local/share/mmap-kit/deps.sh --check \
	&& apt-get clean && rm -rf /var/lib/apt/lists/*

# The students' container: what a lab needs to write, run and debug code.
# A user of its own, not root: VS Code gives it the host user's uid, so the
# files it writes in the workspace stay the student's.
FROM base AS dev
RUN apt-get update \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		gdb git less manpages-dev man-db procps ca-certificates openssh-client \
	&& apt-get clean && rm -rf /var/lib/apt/lists/* \
	&& useradd --create-home --shell /bin/bash --uid 1000 student
USER student

# Gradescope runs /autograder/run_autograder in a container of this image;
# its images must derive from gradescope/autograder-base (an Ubuntu), hence
# BASE.  The zip is made and set up exactly as an upload would be, so this
# stage follows whatever `make gradescope` does.  LAB: one assignment per lab.
# The base image's CMD and ENTRYPOINT are Gradescope's: not set here.
FROM base AS gradescope
ARG LAB=
COPY . /tmp/kit
RUN sh /tmp/kit/common/tools/gradescope.sh /tmp/kit /tmp/autograder.zip "$LAB" \
	&& mkdir -p /autograder/source \
	&& unzip -q /tmp/autograder.zip -d /autograder/source \
	&& rm -rf /tmp/kit /tmp/autograder.zip \
	&& cp /autograder/source/run_autograder /autograder/run_autograder \
	&& sh /autograder/source/setup.sh

# The grader: the kit, its grader and every lab's trusted objects built,
# so that a grade compiles only the student's files.  Runs as root, as the
# grader then runs each grade's tests as an unprivileged user of its own.
FROM base AS grader
COPY . /kit
WORKDIR /kit
RUN make -s grader && build/grader/grader --kit . --kit-only
CMD ["make", "grade", "SUBMISSION=/submission"]

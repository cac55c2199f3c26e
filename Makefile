# The mmap lab kit.
#
#   make grade [LAB=01] [SUBMISSION=dir]   grade labs/ (or a tree like it); reports
#         [JSON=f] [JUNIT=f] [TAP=f] [CSV=f]  for Gradescope, CI and gradebooks too
#   make test                               the kit checks itself
#   make mutants [LAB=01] [J=2] [FLOOR=95]  how many small bugs the tests catch
#   make bugs [LAB=01]                      the bug catalogue is caught by the tests
#   make starters                           regenerate labs/ starters from solutions/
#   make bench                              the grader against the floor
#   make deps                               install the Debian packages it needs
#   make clean
#
# For instructors (INSTRUCTORS.md):
#   make grade-class SUBMISSIONS=dir OUT=dir [J=n] [LAB=..]   a whole class
#   make handout OUT=dir                    the tree students receive
#   make gradescope OUT=file.zip [LAB=..] [TIMEOUT=s]  a Gradescope autograder
#   make classroom50 OUT=dir [LAB=..]       a Classroom 50 course: template, autograders
#   make export-canvas|export-moodle GRADEBOOK=f ROSTER=f OUT=f [TOTAL=1]
#                                           grade-class's gradebook for an LMS import
#   make new-lab NAME=NN-topic              a new lab from the template
#   make image [TARGET=grader|dev|gradescope]  a container image (Dockerfile)
#   make image-check                        the images build and grade (root, podman)
#
# Exit status of `make grade`: 0 every test passed, 1 some failed, 2 the kit is broken.

GRADER := build/grader/grader
# Quoted: a folder or file name may hold spaces.
GRADE_ARGS := --kit . $(if $(SUBMISSION),--submission "$(SUBMISSION)") \
	$(if $(LAB),--lab "$(LAB)") $(if $(JSON),--json "$(JSON)") \
	$(if $(JUNIT),--junit "$(JUNIT)") $(if $(TAP),--tap "$(TAP)") \
	$(if $(CSV),--csv "$(CSV)") $(if $(filter 1 yes,$(VALGRIND)),--valgrind)

.PHONY: all grade grade-class test bench deps deps-dev deps-ok starters check-starters \
	grader handout gradescope classroom50 export-canvas export-moodle new-lab clean fresh mutants bugs

all: grader

# Every target that compiles first makes sure the packages are there.
deps:
	@sh common/tools/deps.sh

# For the kit's authors: also GCC 11 and clang, which make test grades with.
deps-dev:
	@sh common/tools/deps.sh --dev

deps-ok:
	@sh common/tools/deps.sh --check || sh common/tools/deps.sh

grader: deps-ok
	@$(MAKE) -s --no-print-directory -C grader

grade: grader
	@$(GRADER) $(GRADE_ARGS)

# A whole class: every entry of SUBMISSIONS is one student (a folder or an
# archive); J students at a time (default: the number of processors), each
# by a grader process of its own (grader/src/class/).
grade-class: grader
	@test -n "$(SUBMISSIONS)" -a -n "$(OUT)" || \
		{ echo "usage: make grade-class SUBMISSIONS=dir OUT=dir [J=n] [LAB=sel]"; exit 2; }
	@build/grader/grade-class --kit . $(if $(J),--jobs "$(J)") $(if $(LAB),--lab "$(LAB)") \
		$(if $(filter 1 yes,$(KEEP)),--keep) -- "$(SUBMISSIONS)" "$(OUT)"

starters:
	@sh common/tools/mkstarters.sh .

# Gradescope's autograder zip: setup.sh, run_autograder, the kit (INSTRUCTORS.md).
gradescope:
	@test -n "$(OUT)" || { echo "usage: make gradescope OUT=file.zip [LAB=sel] [TIMEOUT=s] [COURSE_LANG=fr]"; exit 2; }
	@sh common/tools/gradescope.sh . "$(OUT)" "$(LAB)" "$(TIMEOUT)" "$(COURSE_LANG)"

# Classroom 50: the template repository, each lab's autograder and its
# runtime (INSTRUCTORS.md).
classroom50:
	@test -n "$(OUT)" || { echo "usage: make classroom50 OUT=dir [LAB=sel] [COURSE_LANG=fr]"; exit 2; }
	@sh common/tools/classroom50.sh . "$(OUT)" "$(LAB)" "$(COURSE_LANG)"

# grade-class's gradebook joined with the LMS's roster, for its CSV import.
export-canvas export-moodle:
	@test -n "$(GRADEBOOK)" -a -n "$(ROSTER)" -a -n "$(OUT)" || { echo "usage: make" \
		"$@ GRADEBOOK=gradebook.csv ROSTER=roster.csv OUT=file.csv [KEY=column]" \
		"[TOTAL=1] [NAME=column]"; exit 2; }
	@sh common/tools/export_grades.sh --format $(@:export-%=%) \
		$(if $(KEY),--key "$(KEY)") $(if $(filter 1 yes,$(TOTAL)),--total) \
		$(if $(NAME),--name "$(NAME)") "$(GRADEBOOK)" "$(ROSTER)" "$(OUT)"

# A lab from the template, already graded by make test (INSTRUCTORS.md).
new-lab:
	@sh common/tools/newlab.sh . "$(NAME)"

# What students receive: no solutions/, no hidden tests (INSTRUCTORS.md).
handout:
	@test -n "$(OUT)" || { echo "usage: make handout OUT=dir"; exit 2; }
	@sh common/tools/handout.sh . "$(OUT)"

test: grader
	@test -d solutions || { echo "make test checks the kit against its solutions:" \
		"it is for the kit's authors (students: make grade)"; exit 2; }
	@sh common/tools/selftest.sh

# A fresh Debian 12, the kit cloned into /root, the README's first steps
# (as root, then as a plain user under a path with spaces): INSTRUCTORS.md.
fresh:
	@sh common/tools/fresh.sh . $(if $(COMMANDS),"$(COMMANDS)")

# A container image from the Dockerfile (INSTRUCTORS.md, "A grader image"):
# TARGET grader (default), dev or gradescope, with docker, or podman where
# no docker daemon answers (ENGINE=...); BASE replaces the Debian 12 base
# image; IMAGE_FLAGS go to the build command.
ENGINE ?= $(shell docker info >/dev/null 2>&1 && echo docker || echo podman)
TARGET ?= grader
.PHONY: image image-check
image:
	$(ENGINE) build --target "$(TARGET)" -t "mmap-kit-$(TARGET)" $(IMAGE_FLAGS) \
		$(if $(BASE),--build-arg BASE="$(BASE)") $(if $(LAB),--build-arg LAB="$(LAB)") .

# The images built with podman from a Debian 12 made by mmdebstrap, the
# solutions graded inside, the dev container used (as root).
image-check:
	@sh common/tools/check_image.sh .

# Mutation analysis (INSTRUCTORS.md): each solution mutated one small change
# at a time, each mutant graded, the survivors listed.  Exit status 1 when a
# lab kills less than FLOOR % of its mutants, 2 when the tool cannot run.
mutants: grader
	@test -d solutions || { echo "make mutants needs solutions/"; exit 2; }
	@perl common/tools/mutants.pl --jobs "$(or $(J),2)" $(if $(LAB),--lab "$(LAB)") \
		$(if $(FLOOR),--floor "$(FLOOR)") $(if $(REPORT),--report "$(REPORT)")

# The bug catalogue (solutions/*/bugs/*.patch): each bug loses points, and
# the tests it names catch it (INSTRUCTORS.md).
bugs: grader
	@test -d solutions || { echo "make bugs needs solutions/"; exit 2; }
	@LAB="$(LAB)" sh common/tools/check_bugs.sh .

bench: grader
	@sh common/tools/bench.sh

clean:
	rm -rf build labs/*/build

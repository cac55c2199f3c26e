# The mmap lab kit.
#
#   make grade [LAB=01] [SUBMISSION=dir] [JSON=file]   grade labs/ (or a tree like it)
#   make test                                          the kit checks itself
#   make starters                                      regenerate labs/ starters from solutions/
#   make deps                                          install the Debian packages it needs
#   make clean
#
# Exit status of `make grade`: 0 every test passed, 1 some failed, 2 the kit is broken.

GRADER := build/grader/grader
GRADE_ARGS := --kit . $(if $(SUBMISSION),--submission $(SUBMISSION)) \
	$(if $(LAB),--lab $(LAB)) $(if $(JSON),--json $(JSON)) \
	$(if $(JUNIT),--junit $(JUNIT)) $(if $(TAP),--tap $(TAP)) \
	$(if $(CSV),--csv $(CSV))

.PHONY: all grade grade-class test deps deps-ok starters check-starters grader clean

all: grader

# Every target that compiles first makes sure the packages are there.
deps:
	@sh common/tools/deps.sh

deps-ok:
	@sh common/tools/deps.sh --check || sh common/tools/deps.sh

grader: deps-ok
	@$(MAKE) -s --no-print-directory -C grader

grade: grader
	@$(GRADER) $(GRADE_ARGS)

# A whole class: every entry of SUBMISSIONS is one student (a folder or an
# archive); J students at a time (default: the number of processors).
grade-class: grader
	@test -n "$(SUBMISSIONS)" -a -n "$(OUT)" || \
		{ echo "usage: make grade-class SUBMISSIONS=dir OUT=dir [J=n] [LAB=sel]"; exit 2; }
	@sh grader/tools/gradeclass.sh . "$(SUBMISSIONS)" "$(OUT)" "$(J)" "$(LAB)"

starters:
	@sh common/tools/mkstarters.sh .

test: grader
	@sh common/tools/selftest.sh

clean:
	rm -rf build labs/*/build

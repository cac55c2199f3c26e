# The mmap lab kit.
#
#   make grade [LAB=01] [SUBMISSION=dir] [JSON=file]   grade labs/ (or a tree like it)
#   make test                                          the kit checks itself
#   make starters                                      regenerate labs/ starters from solutions/
#   make bench                                         the grader against the floor
#   make deps                                          install the Debian packages it needs
#   make clean
#
# Exit status of `make grade`: 0 every test passed, 1 some failed, 2 the kit is broken.

GRADER := build/grader/grader
GRADE_ARGS := --kit . $(if $(SUBMISSION),--submission $(SUBMISSION)) \
	$(if $(LAB),--lab $(LAB)) $(if $(JSON),--json $(JSON))

.PHONY: all grade test bench deps deps-ok starters check-starters grader clean

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

starters:
	@sh common/tools/mkstarters.sh .

test: grader
	@sh common/tools/selftest.sh

bench: grader
	@sh common/tools/bench.sh

clean:
	rm -rf build labs/*/build

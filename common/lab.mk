# common/lab.mk - how every lab is built.  A lab's Makefile is one line:
#     include ../../common/lab.mk
#
# A student runs, inside labs/NN-topic/:
#     make            build and run the lab's tests, with a readable report
#     make T=name     run only the named test(s)
#     make clean
#
# The grader uses the same rules with the lab, the student's sources and the
# build directory kept apart, and the student's files compiled in the jail
# (see grader/src/build.c):
#     make -f common/lab.mk LAB_DIR=<trusted lab> SRC_DIR=<staged student
#          files> BUILD_DIR=<private dir> KIT_BUILD=<trusted build>
#          LAB_NAME=<lab> KIT_JAIL=1 record tests
# "record" alone writes the lab's record (below), which the grader reads
# before it takes anything from a submission.

# Paths stay as given, relative in a lab's folder: make cannot take a path
# with spaces in a word, and a student's folder may have some (the grader
# hands make space-free links: grader/src/makepath.c).
KIT_ROOT  := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))/..
LAB_DIR   ?= .
SRC_DIR   ?= $(LAB_DIR)
BUILD_DIR ?= $(LAB_DIR)/build
KIT_BUILD ?= $(KIT_ROOT)/build/kit

include $(KIT_ROOT)/common/flags.mk

# The student's files: the lab's MANIFEST, one name per line, # comments.
# This is the one place MANIFEST is read: the lab's record (below) says
# its files to every other reader.  STUDENT_FILES= (empty) builds the
# trusted parts alone.
MANIFEST_FILES := $(if $(wildcard $(LAB_DIR)/MANIFEST),$(shell sed -e 's/\#.*//' $(LAB_DIR)/MANIFEST))
STUDENT_FILES ?= $(MANIFEST_FILES)
STUDENT_SRCS  := $(filter %.c,$(STUDENT_FILES))

# One short line per step (CC filemap.c); V=1 shows the whole commands.
# The grader (KIT_JAIL=1) wants neither: only the compiler's own words.
ifeq ($(V),1)
Q   :=
say := @true
else
Q   := @
say := $(if $(filter 1,$(KIT_JAIL)),@true,@echo)
endif

# `make` in a lab folder runs its tests, whatever targets its lab.mk adds.
.DEFAULT_GOAL := check

# A lab may add libraries or programs of its own.
LAB_LDLIBS :=
FORBIDDEN_CALLS :=
VALGRIND_COSTS := 0
-include $(LAB_DIR)/lab.mk

# Trusted objects (the tests and the lab's record) depend on the kit alone:
# they are built once in the kit's build folder and shared by every
# submission graded with it.
LAB_NAME     ?= $(lastword $(notdir $(abspath $(LAB_DIR))))
TRUSTED_DIR  := $(KIT_BUILD)/labs/$(LAB_NAME)
TEST_SRCS    := $(wildcard $(LAB_DIR)/tests/*.c)
TEST_OBJS    := $(patsubst $(LAB_DIR)/tests/%.c,$(TRUSTED_DIR)/%.o,$(TEST_SRCS))
STUDENT_OBJS := $(patsubst %.c,$(BUILD_DIR)/obj/student/%.o,$(STUDENT_SRCS))

# How test binaries link: every call of kit_calls.h through the kit's
# counting wrapper, and Check's libraries (kitlib.mk works them out once).
KIT_LINK_FLAGS = $(file <$(KIT_BUILD)/link.flags)

INCLUDES := -I$(LAB_DIR) -I$(KIT_ROOT)/common/include

# The lab's words in other languages: po/<lang>.po, the catalogue of the
# tests students have, and po/hidden.<lang>.po, that of the hidden tests
# (tests/hidden_*.c), which handouts leave out (INSTRUCTORS.md); both go
# into one catalogue named after the lab, in the kit's build (kit_lang.h).
# Without msgfmt, or without a catalogue, the words stay in English.
LAB_LANGS := $(sort $(patsubst hidden.%,%,$(basename $(notdir \
	$(wildcard $(LAB_DIR)/po/*.po)))))
LAB_MOS   := $(foreach l,$(LAB_LANGS),$(KIT_BUILD)/locale/$(l)/LC_MESSAGES/$(LAB_NAME).mo)

# The kit's library, runner and catalogues (KIT_MOS), shared by every lab.
include $(KIT_ROOT)/common/kitlib.mk

.PHONY: check tests meta record clean kitlib
check: tests record $(KIT_BUILD)/runner $(KIT_MOS)
	@$(KIT_BUILD)/runner --domain $(LAB_NAME) $(TRUSTED_DIR)/record $(BUILD_DIR)/tests $(T)

tests: $(BUILD_DIR)/tests
meta: $(TRUSTED_DIR)/meta
record: $(TRUSTED_DIR)/record $(LAB_MOS)
kitlib: $(KIT_BUILD)/libkit.a $(KIT_BUILD)/kit_main.o $(KIT_BUILD)/reserved.syms \
	$(KIT_BUILD)/allowed.syms $(KIT_BUILD)/inspect $(KIT_BUILD)/link.flags $(KIT_BUILD)/runner $(KIT_BUILD)/kit.syms \
	$(KIT_BUILD)/jail $(KIT_MOS)

# A failed recipe leaves no half-written target behind to be taken as built.
.DELETE_ON_ERROR:

# Student code: warnings are shown, never fatal, so a warning costs nothing.
# The grader (KIT_JAIL=1) compiles it in the jail (common/runner/jail.c):
# the compiler reads only the staged files, the lab's headers and the kit's
# include folder, and writes only the objects' folder.  The object is
# compiled from the preprocessed source, which stays beside it for
# inspect.c to read (its linemarkers keep the student's file and lines).
JAIL_READ := $(SRC_DIR) $(wildcard $(LAB_DIR)/*.h) $(KIT_ROOT)/common/include
STUDENT_JAIL = $(if $(filter 1,$(KIT_JAIL)),$(KIT_BUILD)/jail \
	$(addprefix --read ,$(JAIL_READ)) --write $(BUILD_DIR)/obj/student --)

$(BUILD_DIR)/obj/student/%.o: $(SRC_DIR)/%.c $(if $(filter 1,$(KIT_JAIL)),$(KIT_BUILD)/jail)
	@mkdir -p $(dir $@)
	$(say) "  CC      $(notdir $<)"
	$(Q)$(STUDENT_JAIL) $(CC) $(STUDENT_CFLAGS) $(INCLUDES) -MMD -MP -MT $@ \
		-E $< -o $(@:.o=.i)
	$(Q)$(STUDENT_JAIL) $(CC) $(STUDENT_CFLAGS) -c $(@:.o=.i) -o $@

$(TRUSTED_DIR)/%.o: $(LAB_DIR)/tests/%.c
	@mkdir -p $(dir $@)
	$(say) "  CC      tests/$(notdir $<)"
	$(Q)$(CC) $(KIT_CFLAGS) $(CHECK_CFLAGS) $(INCLUDES) -DKIT_DOMAIN='"$(LAB_NAME)"' \
		-MMD -MP -c $< -o $@

# Student objects are inspected before they are linked with the runner
# (common/tools/inspect.c says what is refused and why).
$(BUILD_DIR)/tests: $(TEST_OBJS) $(STUDENT_OBJS) $(KIT_BUILD)/kit_main.o \
		$(KIT_BUILD)/libkit.a $(KIT_BUILD)/reserved.syms $(KIT_BUILD)/kit.syms \
		$(KIT_BUILD)/allowed.syms $(KIT_BUILD)/inspect $(KIT_BUILD)/link.flags
	@$(KIT_BUILD)/inspect $(KIT_BUILD)/reserved.syms $(KIT_BUILD)/kit.syms \
		$(KIT_BUILD)/allowed.syms \
		"$(FORBIDDEN_CALLS)" $(STUDENT_OBJS)
	$(say) "  LINK    tests"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(TEST_OBJS) $(STUDENT_OBJS) $(KIT_BUILD)/kit_main.o \
		$(KIT_BUILD)/libkit.a $(KIT_LINK_FLAGS) $(LAB_LDLIBS)

# The tests' list comes from a binary without any student code, so the
# grader knows names, points and hints even when the student's files do not
# compile; it is written once per kit, not asked of meta every grade.
$(TRUSTED_DIR)/meta: $(TEST_OBJS) $(KIT_BUILD)/kit_main.o $(KIT_BUILD)/libkit.a \
		$(KIT_BUILD)/link.flags
	$(say) "  LINK    tests --list"
	$(Q)$(CC) -no-pie -o $@ $(TEST_OBJS) $(KIT_BUILD)/kit_main.o $(KIT_BUILD)/libkit.a \
		$(KIT_LINK_FLAGS) -Wl,--unresolved-symbols=ignore-all $(LAB_LDLIBS)

# The lab's record (common/src/kit_lab.h): its files, its policy and its
# tests, which every consumer reads (the grader, the runner, and the shell
# tools through common/tools/labinfo.sh) instead of this folder's files.
# The facts are the kit's own words, one per line, without tabs.
$(TRUSTED_DIR)/record: $(TRUSTED_DIR)/meta $(LAB_DIR)/MANIFEST $(wildcard $(LAB_DIR)/lab.mk)
	$(Q){ printf 'lab\t%s\n' '$(LAB_NAME)'; \
	  for w in $(MANIFEST_FILES); do printf 'file\t%s\n' "$$w"; done; \
	  for w in $(FORBIDDEN_CALLS); do printf 'forbidden\t%s\n' "$$w"; done; \
	  for w in $(LAB_LDLIBS); do printf 'ldlib\t%s\n' "$$w"; done; \
	  printf 'valgrind-costs\t%s\n' '$(VALGRIND_COSTS)'; \
	  $< --list; } > $@

# (LAB_MOS, above: the targets that need them are read before this.)
define lab_catalogue
$(KIT_BUILD)/locale/$(1)/LC_MESSAGES/$(LAB_NAME).mo: \
		$(wildcard $(LAB_DIR)/po/$(1).po $(LAB_DIR)/po/hidden.$(1).po)
	@mkdir -p $$(dir $$@)
	$$(Q)if command -v msgfmt >/dev/null; then \
		msgcat --use-first $$^ | msgfmt -o $$@ -; fi
endef
$(foreach l,$(LAB_LANGS),$(eval $(call lab_catalogue,$(l))))

clean:
	rm -rf $(BUILD_DIR)

-include $(TEST_OBJS:.o=.d) $(STUDENT_OBJS:.o=.d)

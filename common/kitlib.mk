# common/kitlib.mk - the kit's test library, built once for every lab.

KIT_LIB_SRCS := $(filter-out %/kit_main.c,$(wildcard $(KIT_ROOT)/common/src/*.c))
RUNNER_SRCS  := $(filter-out %/jail.c,$(wildcard $(KIT_ROOT)/common/runner/*.c))
JAIL_SRCS    := $(KIT_ROOT)/common/runner/jail.c $(KIT_ROOT)/common/runner/files.c
KIT_LIB_OBJS := $(patsubst $(KIT_ROOT)/common/src/%.c,$(KIT_BUILD)/%.o,$(KIT_LIB_SRCS))

$(KIT_BUILD)/%.o: $(KIT_ROOT)/common/src/%.c
	@mkdir -p $(dir $@)
	$(say) "  CC      kit/$(notdir $<)"
	$(Q)$(CC) $(KIT_CFLAGS) $(CHECK_CFLAGS) -I$(KIT_ROOT)/common/include -MMD -MP -c $< -o $@

$(KIT_BUILD)/libkit.a: $(KIT_LIB_OBJS)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

-include $(KIT_LIB_OBJS:.o=.d) $(KIT_BUILD)/kit_main.d

# The names object inspection reads: what student code may not define, may
# not refer to, and may call (common/tools/libsyms.sh says which is which).
$(KIT_BUILD)/reserved.syms $(KIT_BUILD)/kit.syms $(KIT_BUILD)/allowed.syms &: \
		$(KIT_BUILD)/libkit.a $(KIT_BUILD)/kit_main.o $(KIT_ROOT)/common/tools/libsyms.sh
	$(Q)sh $(KIT_ROOT)/common/tools/libsyms.sh $(KIT_BUILD) $(CC) \
		"$$(pkg-config --variable=libdir check 2>/dev/null || echo /usr/lib)"

# The inspector of student objects: the kit's own compiler flags, no Check.
$(KIT_BUILD)/inspect: $(KIT_ROOT)/common/tools/inspect.c
	@mkdir -p $(dir $@)
	$(say) "  CC      kit/inspect.c"
	$(Q)$(CC) $(KIT_CFLAGS) -o $@ $<

# The link flags of every test binary, worked out once per kit rather than
# at every link: a --wrap for each call of KIT_CALL_LIST, then Check's
# libraries (CHECK_LIBS, flags.mk).
$(KIT_BUILD)/link.flags: $(KIT_ROOT)/common/include/kit_calls.h
	@mkdir -p $(dir $@)
	$(Q){ sed -n '/define KIT_CALL_LIST/,/^$$/p' $< | grep -o 'X([a-z_]*)' | \
		sed 's/X(\(.*\))/-Wl,--wrap=\1/'; \
	  echo $(CHECK_LIBS); } | \
		tr '\n' ' ' > $@

# The trusted runner: no student code, no Check, no wrapped calls; only the
# record format from the kit library (common/runner/runner.c).
$(KIT_BUILD)/runner: $(RUNNER_SRCS) $(KIT_ROOT)/common/runner/runner.h $(KIT_BUILD)/libkit.a
	@mkdir -p $(dir $@)
	$(say) "  CC      kit/runner"
	$(Q)$(CC) $(KIT_CFLAGS) $(CHECK_CFLAGS) -I$(KIT_ROOT)/common/include \
		-I$(KIT_ROOT)/common/src -o $@ $(RUNNER_SRCS) $(KIT_BUILD)/libkit.a -lseccomp

# The compile jail of student files (common/runner/jail.c).
$(KIT_BUILD)/jail: $(JAIL_SRCS) $(KIT_ROOT)/common/runner/runner.h
	@mkdir -p $(dir $@)
	$(say) "  CC      kit/jail"
	$(Q)$(CC) $(KIT_CFLAGS) $(CHECK_CFLAGS) -I$(KIT_ROOT)/common/include \
		-I$(KIT_ROOT)/common/src -o $@ $(JAIL_SRCS)

# The kit's own words in other languages (kit_lang.h): common/po/<lang>.po
# compiled into the kit's build, where the grader, the runner and the
# tests' processes look.  Without msgfmt (Debian's gettext) the words stay
# in English: a missing catalogue is never a failure.
KIT_POS  := $(wildcard $(KIT_ROOT)/common/po/*.po)
KIT_MOS  := $(patsubst $(KIT_ROOT)/common/po/%.po,$(KIT_BUILD)/locale/%/LC_MESSAGES/mmap-kit.mo,$(KIT_POS))

$(KIT_BUILD)/locale/%/LC_MESSAGES/mmap-kit.mo: $(KIT_ROOT)/common/po/%.po
	@mkdir -p $(dir $@)
	$(Q)if command -v msgfmt >/dev/null; then msgfmt -o $@ $<; fi

# lab.mk - lab 08 builds a second program from the student's files: a tiny
# pmap (pmap_main.c, kit code, around maps_load and maps_print).
#
#     make pmap       builds $(BUILD_DIR)/pmap
#
# The tests run that program, so building the tests builds it too.

PMAP_OBJS := $(BUILD_DIR)/obj/pmap_main.o \
	     $(patsubst %.c,$(BUILD_DIR)/obj/student/%.o,$(STUDENT_SRCS))

.PHONY: pmap
pmap: $(BUILD_DIR)/pmap

$(BUILD_DIR)/obj/pmap_main.o: $(LAB_DIR)/pmap_main.c
	@mkdir -p $(dir $@)
	$(CC) $(KIT_CFLAGS) -I$(LAB_DIR) -MMD -MP -c $< -o $@

$(BUILD_DIR)/pmap: $(PMAP_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(PMAP_OBJS)

$(BUILD_DIR)/tests: $(BUILD_DIR)/pmap

-include $(BUILD_DIR)/obj/pmap_main.d

# lab 05: `make curve` times copy-on-write faults with your cow.c.
#
# It builds curve (the kit's curve.c, linked with your cow.c), writes its
# measures to build/curve.csv, then draws them: with gnuplot when it is
# installed (build/curve.svg, and a sketch in the terminal), otherwise as a
# text chart.  The timings are for you to read: no test ever grades them.

CURVE      := $(BUILD_DIR)/curve
CURVE_CSV  := $(BUILD_DIR)/curve.csv
CURVE_OBJS := $(BUILD_DIR)/obj/curve.o \
	      $(patsubst %.c,$(BUILD_DIR)/obj/student/%.o,$(STUDENT_SRCS))

.PHONY: curve
curve: $(CURVE)
	$(CURVE) > $(CURVE_CSV)
	@cat $(CURVE_CSV)
	@if command -v gnuplot >/dev/null 2>&1; then \
		gnuplot -e "csv='$(CURVE_CSV)'; svg='$(BUILD_DIR)/curve.svg'" \
			$(LAB_DIR)/curve.gp && \
		echo "curve drawn in $(BUILD_DIR)/curve.svg"; \
	else \
		$(CURVE) --chart $(CURVE_CSV); \
	fi

$(BUILD_DIR)/obj/curve.o: $(LAB_DIR)/curve.c $(LAB_DIR)/cow.h
	@mkdir -p $(dir $@)
	$(CC) $(KIT_CFLAGS) -I$(LAB_DIR) -c $< -o $@

$(CURVE): $(CURVE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(CURVE_OBJS) -lm

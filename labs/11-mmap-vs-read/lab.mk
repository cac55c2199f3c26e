# lab.mk - lab 11's extra target: `make bench` times the four functions of
# fileio.c on files in the page cache (see "The bench" in README.md).
#
#     make bench                   files of 1 MiB up to 1024 MiB
#     make bench MAX_MB=256        smaller files (less disk, less time)
#     make bench BENCH_DIR=/var/tmp   where the files go ($TMPDIR or /tmp)
#     make bench GNUPLOT=          a text chart even if gnuplot is installed
#
# The bench is linked with the student's objects, with read, write and mmap
# wrapped so that it counts their calls.

MAX_MB     ?= 1024
BENCH_REPS ?= 3
BENCH_DIR  ?= $(or $(TMPDIR),/tmp)
GNUPLOT    ?= $(shell command -v gnuplot 2>/dev/null)

BENCH_OBJS := $(patsubst %.c,$(BUILD_DIR)/obj/student/%.o,$(STUDENT_SRCS))
BENCH_WRAP := -Wl,--wrap=read -Wl,--wrap=write -Wl,--wrap=mmap

$(BUILD_DIR)/bench: $(LAB_DIR)/bench/bench.c $(LAB_DIR)/fileio.h $(BENCH_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(KIT_CFLAGS) $(INCLUDES) -o $@ $< $(BENCH_OBJS) $(BENCH_WRAP)

.PHONY: bench
bench: $(BUILD_DIR)/bench
	$(BUILD_DIR)/bench --max-mb $(MAX_MB) --dir $(BENCH_DIR) \
		--reps $(BENCH_REPS) --csv $(BUILD_DIR)/bench.csv \
		--plot-data $(BUILD_DIR)/bench.dat $(if $(GNUPLOT),,--text-chart)
	$(if $(GNUPLOT),$(GNUPLOT) -e "data='$(BUILD_DIR)/bench.dat'; \
		png='$(BUILD_DIR)/bench.png'" $(LAB_DIR)/bench/plot.gp)
	@echo "CSV: $(BUILD_DIR)/bench.csv"

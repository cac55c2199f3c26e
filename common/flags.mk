# common/flags.mk - compiler flags shared by the kit, the labs and the grader.

CC ?= cc
STD_FLAGS      := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
KIT_CFLAGS     := $(STD_FLAGS) -O2 -g -Wall -Wextra -Werror
STUDENT_CFLAGS := $(STD_FLAGS) -O1 -g -Wall -Wextra -fno-omit-frame-pointer

# Asked of pkg-config only when a recipe needs them, and then once: most
# make runs of a regrade have nothing to compile and need neither.
CHECK_CFLAGS = $(eval CHECK_CFLAGS := $$(shell pkg-config --cflags check 2>/dev/null))$(CHECK_CFLAGS)
CHECK_LIBS = $(eval CHECK_LIBS := $$(shell pkg-config --libs check 2>/dev/null || \
	echo -lcheck -lsubunit -lm -lrt -pthread))$(CHECK_LIBS)

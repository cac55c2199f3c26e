# common/flags.mk - compiler flags shared by the kit, the labs and the grader.

CC ?= cc
STD_FLAGS      := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
KIT_CFLAGS     := $(STD_FLAGS) -O2 -g -Wall -Wextra -Werror
STUDENT_CFLAGS := $(STD_FLAGS) -O1 -g -Wall -Wextra -fno-omit-frame-pointer
CHECK_CFLAGS   := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS     := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -pthread)

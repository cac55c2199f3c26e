# common/flags.mk - compiler flags shared by the kit, the labs and the grader.

CC ?= cc
STD_FLAGS      := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
# Warnings in the kit's own code are errors in the kit's checks (make test
# sets KIT_WERROR=1), never when grading: a newer or older compiler's new
# warning must not cost a student a lab.
KIT_CFLAGS     := $(STD_FLAGS) -O2 -g -Wall -Wextra $(if $(KIT_WERROR),-Werror)
# Student code: -Og, so that the line a crash report names is the line that
# faulted (at -O1 and above, inlining and reordering may name another); the
# kit's own code, where the time goes, stays at -O2.
# -U_FORTIFY_SOURCE: Ubuntu's compilers fortify by default, and a fortified
# call (__read_chk for read) would go around the kit's call counters.
STUDENT_CFLAGS := $(STD_FLAGS) -Og -g -Wall -Wextra -fno-omit-frame-pointer -U_FORTIFY_SOURCE

# Asked of pkg-config only when a recipe needs them, and then once: most
# make runs of a regrade have nothing to compile and need neither.
CHECK_CFLAGS = $(eval CHECK_CFLAGS := $$(shell pkg-config --cflags check 2>/dev/null))$(CHECK_CFLAGS)
CHECK_LIBS = $(eval CHECK_LIBS := $$(shell pkg-config --libs check 2>/dev/null || \
	echo -lcheck -lsubunit -lm -lrt -pthread))$(CHECK_LIBS)

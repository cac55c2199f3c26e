# lab.mk - lab 03 builds a second program, shm_peer, that the tests start
# with fork + exec: a process that shares nothing with them but a name.
#
# peer.c has its own main(), so it stays out of the test binary: it is
# linked on its own with the student's other files, without the kit's call
# wrappers (only peer_fail.c's), and lands next to the tests, where they
# look for it.

# sem_init(3) and friends: part of libc today, of libpthread on older glibc.
PEER_LDLIBS := -pthread

# The test binary also routes the semaphore calls of ring.c through
# wrappers of the lab's test file (__wrap_sem_init...), which count them and
# make them fail on request, as the kit's own wrappers do for its calls.
comma       := ,
SEM_WRAPPED := sem_init sem_destroy sem_wait sem_trywait sem_post
LAB_LDLIBS  += $(PEER_LDLIBS) $(addprefix -Wl$(comma)--wrap=,$(SEM_WRAPPED))

STUDENT_SRCS := $(filter-out peer.c,$(STUDENT_SRCS))
PEER_OBJS    := $(patsubst %.c,$(BUILD_DIR)/obj/student/%.o,peer.c $(STUDENT_SRCS))

$(BUILD_DIR)/tests: $(BUILD_DIR)/shm_peer

# peer_fail.c (the kit's, not the student's) lets a test make shm_peer's
# Nth sem_wait fail, through its environment: see that file.
PEER_FAIL := $(BUILD_DIR)/obj/kit/peer_fail.o

$(PEER_FAIL): $(LAB_DIR)/peer_fail.c
	@mkdir -p $(dir $@)
	$(CC) $(KIT_CFLAGS) -c $< -o $@

$(BUILD_DIR)/shm_peer: $(PEER_OBJS) $(PEER_FAIL)
	$(CC) $(LDFLAGS) -o $@ $(PEER_OBJS) $(PEER_FAIL) -Wl,--wrap=sem_wait \
		$(PEER_LDLIBS)

-include $(BUILD_DIR)/obj/student/peer.d

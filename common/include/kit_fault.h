/*
 * kit_fault.h - probing accesses that must (or must not) fault.
 *
 * A probe arms a SIGSEGV/SIGBUS handler, runs a statement, and disarms it.
 * If the statement faults, the handler records signal, si_code and si_addr
 * and siglongjmps back, so one test can probe as many addresses as it likes
 * (the technique of the Linux mm selftests).  Outside an armed probe a fault
 * is a real crash, and Check reports the test as killed by the signal.
 */
#ifndef KIT_FAULT_H
#define KIT_FAULT_H

#include <setjmp.h>
#include <signal.h>
#include <stddef.h>

#include "kit_lang.h"

struct kit_fault {
	int signo;              /* 0: the statement ran without a fault */
	int code;               /* si_code, e.g. SEGV_ACCERR            */
	void *addr;             /* si_addr: the faulting address        */
	int tampered;           /* the handler was replaced meanwhile   */
};

void kit_probe_arm(sigjmp_buf *env);
struct kit_fault kit_probe_disarm(void);

/* Runs STMT under a probe and stores what happened in RESULT. */
#define KIT_PROBE(result, stmt)                                              \
	do {                                                                 \
		sigjmp_buf kit_env_;                                         \
		kit_probe_arm(&kit_env_);                                    \
		if (sigsetjmp(kit_env_, 1) == 0) {                           \
			stmt;                                                \
		}                                                            \
		(result) = kit_probe_disarm();                               \
	} while (0)

/*
 * NULL when FAULT is what was expected, else a sentence saying what was
 * expected and what happened instead.  ADDR NULL means "any address".
 */
const char *kit_fault_mismatch(const struct kit_fault *fault, int signo,
			       int code, const void *addr);
const char *kit_fault_describe(const struct kit_fault *fault);

/* Names for reports: "SIGSEGV", "SEGV_ACCERR". */
const char *kit_signal_name(int signo);
const char *kit_code_name(int signo, int code);

/* STMT must fault with SIGNO / CODE at ADDR (NULL: anywhere). */
#define ck_assert_fault(stmt, signo, code, addr)                             \
	do {                                                                 \
		struct kit_fault kit_f_;                                     \
		KIT_PROBE(kit_f_, stmt);                                     \
		const char *kit_why_ =                                       \
		    kit_fault_mismatch(&kit_f_, signo, code, addr);          \
		ck_assert_msg(kit_why_ == NULL, "`%s`: %s", #stmt, kit_why_);\
	} while (0)

/* STMT must complete without any fault. */
#define ck_assert_no_fault(stmt)                                             \
	do {                                                                 \
		struct kit_fault kit_f_;                                     \
		KIT_PROBE(kit_f_, stmt);                                     \
		ck_assert_msg(kit_f_.signo == 0 && !kit_f_.tampered,         \
			      K_("`%s` should run without a fault, but %s"), \
			      #stmt, kit_fault_describe(&kit_f_));           \
	} while (0)

/* One-byte accesses that the compiler cannot drop or merge. */
static inline void kit_touch_read(const void *p)
{
	(void)*(const volatile char *)p;
}

static inline void kit_touch_write(void *p, char value)
{
	*(volatile char *)p = value;
}

#endif

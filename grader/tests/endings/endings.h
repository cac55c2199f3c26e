/* endings.h - what the submissions of grader/tests/endings.sh define. */
#ifndef ENDINGS_H
#define ENDINGS_H

int e_count(void);              /* 3 */
unsigned e_mode(void);          /* 0640 */
int e_open_missing(void);       /* -1, errno ENOENT */
int e_second(void);             /* 2 */
void e_null(void);              /* returns */
void e_map_failed(void);        /* returns */
void e_loop(void);              /* returns */
void e_kill(void);              /* returns */
void e_memory(void);            /* returns, using little memory */
void e_output(void);            /* returns, printing little */
void e_child(void);             /* in a child: returns */
void e_perror(void);            /* says why open failed, leaks nothing */

#endif

/*
 * class.h - grade-class: a whole class, one grader process per student.
 *
 * The parts, one file each:
 *   main.c     options, OUT, the namespace check, the trusted build, the
 *              class's files at the end
 *   student.c  an entry of SUBMISSIONS: its id, what to grade (a folder,
 *              an unpacked archive, or a reason to reject it), its grader
 *   slots.c    J graders at a time, each job slot on a processor
 */
#ifndef CLASS_H
#define CLASS_H

#include <sys/types.h>

struct class {
	const char *kit;        /* absolute                                */
	const char *grader;     /* the grader program                      */
	const char *unpack;     /* the archive program (tools/unpack.c)    */
	const char *lab;        /* --lab, or NULL: every lab               */
	char *out;              /* absolute, ours (claimed)                */
	char *work;             /* OUT/.work: scratch, removed at the end  */
	char *results;          /* OUT/.work/results: the graders' CSV
				 * files, readable by us alone             */
	char **labs;            /* the kit's lab folders' names            */
	int nlabs;
	int jobs;
	int keep;               /* --keep: leave OUT/.work                 */
};

enum student_state { WAITING, GRADED, UNGRADED };

struct student {
	char *entry;            /* absolute path of the entry              */
	char *id;               /* [A-Za-z0-9._-], unique in the class     */
	char *dir;              /* OUT/.work/s/<id>: build, unpacked...    */
	enum student_state state;
};

/* student.c */
char *student_id(const char *name, struct student *taken, int ntaken);
void student_grade(const struct class *c, const struct student *s)
	__attribute__((noreturn));
void student_finish(const struct class *c, struct student *s, int status);
char *student_file(const struct class *c, const struct student *s,
		   const char *what);

/* slots.c: grades every student, JOBS at a time. */
void slots_run(const struct class *c, struct student *students, int n);

/* main.c */
void make_writable(const char *path);

#endif

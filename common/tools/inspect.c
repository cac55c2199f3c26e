/*
 * inspect.c - rejects student object files that could subvert the tests.
 *
 *     inspect RESERVED_SYMS KIT_SYMS ALLOWED_SYMS "FORBIDDEN CALLS" student.o...
 *
 * Student code is linked into the test binary, so it must not:
 *   - define main() or any name trusted code defines or refers to
 *     (RESERVED_SYMS: the C library, the other libraries of the link,
 *     Check, the kit): its definition would replace theirs (a fake
 *     waitpid() could fake a pass); nor any identifier C reserves for the
 *     implementation (__x, _X): the runtime calls some such hooks before
 *     main() when they exist;
 *   - refer to anything of the kit, Check or subunit (KIT_SYMS), whose
 *     functions and data decide the verdict, nor to syscall() or the
 *     dynamic loader (dlsym...), routes around the call counters;
 *   - refer to anything but an allowlist: the public functions of the C
 *     library and libm (ALLOWED_SYMS), the student's own functions, and the
 *     few internal names that compilers and the C library's headers emit
 *     for ordinary C (__errno_location, __printf_chk...): not the library's
 *     inner aliases (__mmap, __libc_read), which skip the call counters;
 *   - hold any section but the ordinary ones (code, data, debug info...):
 *     an allowlist, since the runtime walks some sections by itself;
 *   - carry code that runs before main() or after exit(): constructors and
 *     destructors (.init_array, .ctors, ...), fragments of .init and .fini,
 *     or indirect functions (ifunc), whose resolvers run while the program
 *     loads; all of it would run in the trusted runner, outside any test;
 *   - hold assembly (__asm__): a raw system call skips the call counters
 *     and what the lab forbids.  Compilers leave no trace of it in the
 *     object, so the preprocessed source the build keeps beside it
 *     (lab.mk compiles filemap.o from filemap.i, and keeps it) is read instead, its
 *     system headers' lines left out;
 *   - call what the lab forbids (the sheet says: map the file, no read()).
 *     "@read" in FORBIDDEN CALLS stands for every libc route to reading a
 *     file's bytes (read, pread, readv, fread, fgetc, getline, ...).
 * The lists hold one name per line, sorted by byte value
 * (common/tools/libsyms.sh writes them once per kit).
 *
 * It reads the ELF symbol and section tables itself, through a read-only
 * mapping of each object, rather than running nm and readelf: a regrade
 * inspects every student object, and one process beats a dozen.  The
 * objects come from the kit's compiler, yet every offset is checked
 * against the file's size all the same.
 *
 * Exit status: 0 nothing refused, 1 something refused, 2 a file that cannot
 * be read as an object of this machine.
 */
#define _POSIX_C_SOURCE 200809L
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if __SIZEOF_POINTER__ == 8
#define ELF_CLASS ELFCLASS64
typedef Elf64_Ehdr Ehdr;
typedef Elf64_Shdr Shdr;
typedef Elf64_Sym Sym;
#define SYM_BIND ELF64_ST_BIND
#define SYM_TYPE ELF64_ST_TYPE
#else
#define ELF_CLASS ELFCLASS32
typedef Elf32_Ehdr Ehdr;
typedef Elf32_Shdr Shdr;
typedef Elf32_Sym Sym;
#define SYM_BIND ELF32_ST_BIND
#define SYM_TYPE ELF32_ST_TYPE
#endif

/* A sorted list of names, searched with bsearch. */
struct names {
	char **name;
	size_t count;
};

/* One object file, mapped, with the tables the checks read. */
struct object {
	const char *source;      /* "filemap.c": what the student wrote */
	const unsigned char *bytes;
	size_t size;
	const Shdr *sections;
	size_t section_count;
	const char *section_names;
	size_t section_names_size;
};

static void *must(void *p)
{
	if (p == NULL) {
		perror("inspect");
		exit(2);
	}
	return p;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_listed(const struct names *list, const char *name)
{
	return list->count > 0 &&
	       bsearch(&name, list->name, list->count, sizeof *list->name,
		       compare_names) != NULL;
}

/* Splits TEXT (modified in place) into words: lines or blanks. */
static void split(char *text, const char *separators, struct names *out)
{
	size_t cap = 16;

	out->name = must(malloc(cap * sizeof *out->name));
	out->count = 0;
	for (char *word = strtok(text, separators); word != NULL;
	     word = strtok(NULL, separators)) {
		if (out->count == cap)
			out->name = must(realloc(out->name, (cap *= 2) * sizeof *out->name));
		out->name[out->count++] = word;
	}
	qsort(out->name, out->count, sizeof *out->name, compare_names);
}

/* The whole of the file at PATH, as a string. */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t used = 0, cap = 1 << 16;
	char *text = must(malloc(cap));

	if (f == NULL) {
		fprintf(stderr, "inspect: cannot read %s\n", path);
		exit(2);
	}
	while ((used += fread(text + used, 1, cap - used - 1, f)) == cap - 1)
		text = must(realloc(text, cap *= 2));
	text[used] = '\0';
	fclose(f);
	return text;
}

/* Is [offset, offset + length) inside the file? */
static int inside(const struct object *obj, size_t offset, size_t length)
{
	return offset <= obj->size && length <= obj->size - offset;
}

/* The name at OFFSET of a string table [table, table + size), or NULL. */
static const char *string_at(const char *table, size_t size, size_t offset)
{
	if (offset >= size || memchr(table + offset, '\0', size - offset) == NULL)
		return NULL;
	return table + offset;
}

static const char *section_name(const struct object *obj, const Shdr *s)
{
	const char *name = string_at(obj->section_names,
				     obj->section_names_size, s->sh_name);

	return name ? name : "";
}

/* Maps PATH and finds its section table; false if it is no object of ours. */
static int open_object(const char *path, struct object *obj)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	const Ehdr *eh;

	if (fd < 0 || fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof *eh) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	obj->size = (size_t)st.st_size;
	obj->bytes = mmap(NULL, obj->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);   /* the mapping keeps the file */
	if (obj->bytes == MAP_FAILED)
		return 0;
	eh = (const Ehdr *)obj->bytes;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELF_CLASS || eh->e_type != ET_REL ||
	    eh->e_shentsize != sizeof(Shdr) || eh->e_shnum == 0 ||
	    eh->e_shoff % _Alignof(Shdr) != 0 ||
	    !inside(obj, eh->e_shoff, (size_t)eh->e_shnum * sizeof(Shdr)) ||
	    eh->e_shstrndx >= eh->e_shnum)
		return 0;
	obj->sections = (const Shdr *)(obj->bytes + eh->e_shoff);
	obj->section_count = eh->e_shnum;
	const Shdr *names = &obj->sections[eh->e_shstrndx];
	if (!inside(obj, names->sh_offset, names->sh_size))
		return 0;
	obj->section_names = (const char *)obj->bytes + names->sh_offset;
	obj->section_names_size = names->sh_size;
	return 1;
}

/* Words of .init_array and its kind, as a section name may contain them:
 * the linker runs what these sections hold before main() or after exit(). */
static const char *const ctor_words[] = {
	".preinit_array", ".init_array", ".fini_array", ".ctors", ".dtors",
	".init", ".fini",
};

/* The constructor word NAME holds (".init_array.00100", ".rela.ctors"). */
static const char *ctor_word(const char *name)
{
	for (size_t i = 0; i < sizeof ctor_words / sizeof *ctor_words; i++) {
		const char *at = strstr(name, ctor_words[i]);
		size_t len = strlen(ctor_words[i]);

		if (at != NULL && (at[len] == '\0' || at[len] == '.'))
			return ctor_words[i];
	}
	return NULL;
}

/* The sections a C compiler makes for ordinary code and data. */
static const char *const ordinary_sections[] = {
	".text", ".data", ".bss", ".rodata", ".rela", ".rel.", ".symtab",
	".strtab", ".shstrtab", ".comment", ".note.GNU-stack",
	".note.gnu.property", ".debug_", ".eh_frame", ".group", ".tbss",
	".tdata", ".gcc_except_table", ".llvm_addrsig", ".sframe",
	".data.rel.ro", ".gnu.lto", ".gnu.debuglto",
};

static int is_ordinary(const char *name)
{
	if (*name == '\0')
		return 1;
	for (size_t i = 0; i < sizeof ordinary_sections / sizeof *ordinary_sections; i++) {
		size_t len = strlen(ordinary_sections[i]);

		if (strncmp(name, ordinary_sections[i], len) == 0 &&
		    (name[len] == '\0' || name[len] == '.' ||
		     strchr("._", ordinary_sections[i][len - 1])))
			return 1;
	}
	return 0;
}

static int check_sections(const struct object *obj)
{
	int refused = 0;

	for (size_t i = 0; i < obj->section_count; i++) {
		const char *name = section_name(obj, &obj->sections[i]);

		if (name != NULL && !is_ordinary(name) && ctor_word(name) == NULL) {
			fprintf(stderr, "%s: has a section '%s', which plain C code "
				"does not need: only code and data are accepted\n",
				obj->source, name);
			refused = 1;
		}
	}

	/* One line per kind, however many sections carry it. */
	for (size_t w = 0; w < sizeof ctor_words / sizeof *ctor_words; w++) {
		for (size_t i = 0; i < obj->section_count; i++) {
			const Shdr *s = &obj->sections[i];
			const char *word = ctor_word(section_name(obj, s));
			int typed = s->sh_type == SHT_INIT_ARRAY ||
				    s->sh_type == SHT_FINI_ARRAY ||
				    s->sh_type == SHT_PREINIT_ARRAY;

			if (word == ctor_words[w] ||
			    (word == NULL && typed && w == 1)) {
				fprintf(stderr, "%s: has a constructor or destructor (%s): "
					"code may run only when the tests call it\n",
					obj->source, ctor_words[w]);
				refused = 1;
				break;
			}
		}
	}
	return refused;
}

/* The symbol's name without a version ("read@@GLIBC_2.2.5" is "read"). */
static void bare_name(const char *name, char *out, size_t size)
{
	size_t len = strcspn(name, "@");

	if (len >= size)
		len = size - 1;
	memcpy(out, name, len);
	out[len] = '\0';
}

/*
 * Other names of calls the kit counts (kit_calls.h): on a 64-bit system the
 * same functions, but out of the counters' sight, so a test could neither
 * see the call nor make it fail.  The student calls the plain name.
 */
static const char *const aliases[][2] = {
	{ "mmap64", "mmap" }, { "open64", "open" }, { "openat64", "openat" },
	{ "pread64", "pread" }, { "pwrite64", "pwrite" }, { "lseek64", "lseek" },
	{ "ftruncate64", "ftruncate" }, { "fstat64", "fstat" }, { "vfork", "fork" },
	{ "__mmap", "mmap" }, { "__open_2", "open" }, { "__open64_2", "open" },
	{ "__openat_2", "openat" }, { "__openat64_2", "openat" },
};

/* Names no student object may refer to, whatever the lab. */
static const char *const never_called[] = {
	"syscall", "dlopen", "dlsym", "dlvsym", "dlmopen", "__libc_dlsym",
};

/* C11 7.1.3: identifiers reserved for the implementation. */
static int reserved_identifier(const char *name)
{
	return name[0] == '_' && (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z'));
}

/*
 * Internal names that ordinary C compiles into: what the C library's
 * headers expand to (errno, assert, fortified and C99 scanf calls, the
 * ctype tables, SIGRTMIN, CPU_COUNT, stat on glibc before 2.33) and what
 * the compiler calls for its built-ins and stack protection.  Exact names,
 * then prefixes and suffixes of families.
 */
static const char *const emitted_names[] = {
	"_Exit", "_GLOBAL_OFFSET_TABLE_", "_IO_getc", "_IO_putc", "__assert",
	"__assert_fail", "__assert_perror_fail", "__cxa_atexit", "__dso_handle",
	"__errno_location", "__fpending", "__fxstat", "__fxstat64",
	"__fxstatat", "__fxstatat64", "__h_errno_location",
	"__libc_current_sigrtmax", "__libc_current_sigrtmin", "__lxstat",
	"__lxstat64", "__mempcpy", "__overflow", "__rawmemchr", "__sched_cpualloc",
	"__sched_cpucount", "__sched_cpufree", "__sigsetjmp", "__stack_chk_fail",
	"__stack_chk_fail_local", "__stack_chk_guard", "__stpcpy", "__strdup",
	"__strndup", "__strtok_r", "__sysv_signal", "__tls_get_addr", "__uflow",
	"__xpg_basename", "__xpg_sigpause", "__xpg_strerror_r", "__xstat",
	"__xstat64",
};
static const char *const emitted_prefixes[] = {
	"__isoc99_", "__isoc23_", "__ctype_", "__fpclassify", "__signbit",
	"__isnan", "__isinf", "__finite", "__atomic_", "__sync_", "__popcount",
	"__clz", "__ctz", "__ffs", "__parity", "__bswap", "__div", "__udiv",
	"__mod", "__umod", "__mul", "__neg", "__ashl", "__ashr", "__lshr",
	"__cmp", "__ucmp", "__float", "__fix", "__extend", "__trunc", "__add",
	"__sub", "__pow", "__strcspn_c", "__strspn_c", "__strpbrk_c",
	"__strsep_", "__x86.get_pc_thunk", "__cpu_",
};
/* Not "_chk": student files are compiled with -U_FORTIFY_SOURCE (flags.mk),
 * and a fortified call (__read_chk) would skip the call counters. */
static const char *const emitted_suffixes[] = { "_internal" };

static int has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && strcmp(name + n - k, suffix) == 0;
}

static int emitted_by_compiler(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof emitted_names / sizeof *emitted_names; i++)
		if (strcmp(name, emitted_names[i]) == 0)
			return 1;
	for (i = 0; i < sizeof emitted_prefixes / sizeof *emitted_prefixes; i++)
		if (strncmp(name, emitted_prefixes[i], strlen(emitted_prefixes[i])) == 0)
			return 1;
	for (i = 0; i < sizeof emitted_suffixes / sizeof *emitted_suffixes; i++)
		if (has_suffix(name, emitted_suffixes[i]) && name[0] == '_' &&
		    name[1] == '_')
			return 1;
	return 0;
}

/* What inspection knows: the name lists and the student's own names. */
struct lists {
	struct names reserved, kit, allowed, forbidden;
	struct names own;   /* global definitions of all the student's objects */
};

static int check_reference(const struct object *obj, const char *bare,
			   const struct lists *l)
{
	for (size_t i = 0; i < sizeof never_called / sizeof *never_called; i++)
		if (strcmp(bare, never_called[i]) == 0) {
			fprintf(stderr, "%s: calls %s(), a way around the kit's "
				"checks that no lab needs\n", obj->source, bare);
			return 1;
		}
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(bare, aliases[i][0]) == 0) {
			fprintf(stderr, "%s: calls %s(), another name of %s() that the "
				"tests cannot observe: call %s()\n", obj->source, bare,
				aliases[i][1], aliases[i][1]);
			return 1;
		}
	if (is_listed(&l->kit, bare) || strncmp(bare, "__real_", 7) == 0 ||
	    strncmp(bare, "__wrap_", 7) == 0 || strncmp(bare, "kit_", 4) == 0) {
		fprintf(stderr, "%s: refers to '%s', a name of the test kit: the "
			"lab's code may use only the C library\n", obj->source, bare);
		return 1;
	}
	if (is_listed(&l->forbidden, bare)) {
		fprintf(stderr, "%s: calls %s(), which this lab forbids (see the sheet)\n",
			obj->source, bare);
		return 1;
	}
	if (is_listed(&l->own, bare) || emitted_by_compiler(bare))
		return 0;
	if (reserved_identifier(bare)) {
		fprintf(stderr, "%s: refers to '%s', an internal name of the C "
			"library: call the function its manual page documents\n",
			obj->source, bare);
		return 1;
	}
	if (is_listed(&l->allowed, bare))
		return 0;
	fprintf(stderr, "%s: refers to '%s', which is neither a function of the "
		"C library nor one of the lab's files\n", obj->source, bare);
	return 1;
}

static int check_symbol(const struct object *obj, const Sym *sym,
			const char *bare, const struct lists *l)
{
	if (SYM_TYPE(sym->st_info) == STT_GNU_IFUNC) {
		fprintf(stderr, "%s: defines '%s' as an indirect function (ifunc): its "
			"resolver would run as the program loads; write a plain "
			"function\n", obj->source, bare);
		return 1;
	}
	if (sym->st_shndx == SHN_UNDEF)
		return check_reference(obj, bare, l);
	if (strcmp(bare, "main") == 0) {
		fprintf(stderr, "%s: defines main(): the kit supplies it; remove yours\n",
			obj->source);
	} else if (reserved_identifier(bare) && strncmp(bare, "__real_", 7) != 0 &&
		   strncmp(bare, "__wrap_", 7) != 0) {
		fprintf(stderr, "%s: defines '%s': names that begin with __ or _ "
			"and a capital are the C implementation's; rename it\n",
			obj->source, bare);
	} else if (is_listed(&l->reserved, bare) || reserved_identifier(bare)) {
		/* __real_ and __wrap_ names are the kit's call counters (--wrap). */
		fprintf(stderr, "%s: defines '%s', a name of the C library or the "
			"test kit: rename it or make it static\n", obj->source, bare);
	} else {
		return 0;
	}
	return 1;
}

/* Calls VISIT on every global symbol of the object (a relocatable object
 * has one symbol table) with its bare name; -1 if the table is damaged. */
static int each_global(const struct object *obj,
		       int (*visit)(const struct object *, const Sym *, const char *,
				    void *),
		       void *arg)
{
	int result = 0;

	for (size_t i = 0; i < obj->section_count; i++) {
		const Shdr *tab = &obj->sections[i];

		if (tab->sh_type != SHT_SYMTAB)
			continue;
		if (tab->sh_link >= obj->section_count ||
		    tab->sh_entsize != sizeof(Sym) ||
		    !inside(obj, tab->sh_offset, tab->sh_size) ||
		    tab->sh_offset % _Alignof(Sym) != 0)
			return -1;
		const Shdr *str = &obj->sections[tab->sh_link];
		if (!inside(obj, str->sh_offset, str->sh_size))
			return -1;
		const Sym *syms = (const Sym *)(obj->bytes + tab->sh_offset);
		const char *strings = (const char *)obj->bytes + str->sh_offset;

		for (size_t k = 1; k < tab->sh_size / sizeof(Sym); k++) {
			const char *name = string_at(strings, str->sh_size,
						     syms[k].st_name);
			int bind = SYM_BIND(syms[k].st_info);
			char bare[512];

			if (name == NULL)
				return -1;
			if (*name == '\0')
				continue;
			if (bind != STB_GLOBAL && bind != STB_WEAK &&
			    bind != STB_GNU_UNIQUE &&
			    SYM_TYPE(syms[k].st_info) != STT_GNU_IFUNC)
				continue;
			bare_name(name, bare, sizeof bare);
			result |= visit(obj, &syms[k], bare, arg);
		}
	}
	return result;
}

static int check_one(const struct object *obj, const Sym *sym, const char *bare,
		     void *lists)
{
	return check_symbol(obj, sym, bare, lists);
}

/* Adds each defined global name to the student's own names. */
static int add_own(const struct object *obj, const Sym *sym, const char *bare,
		   void *own)
{
	struct names *names = own;

	(void)obj;
	if (sym->st_shndx == SHN_UNDEF)
		return 0;
	names->name = must(realloc(names->name, (names->count + 1) * sizeof *names->name));
	names->name[names->count++] = must(strdup(bare));
	return 0;
}

static void close_object(struct object *obj)
{
	if (obj->bytes != NULL && obj->bytes != MAP_FAILED)
		munmap((void *)obj->bytes, obj->size);
	free((char *)obj->source);
}

/* "build/obj/student/filemap.o" was compiled from "filemap.c". */
static char *source_of(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t len = strlen(base);
	char *source = must(malloc(len + 3));

	if (len > 2 && strcmp(base + len - 2, ".o") == 0)
		len -= 2;
	memcpy(source, base, len);
	strcpy(source + len, ".c");
	return source;
}

/* Is the identifier WORD at LINE[at, at + len) one of the assembly
 * keywords?  (Plain "asm" is no keyword in ISO C: a variable may be named
 * so, and a call to it does not link.) */
static int is_asm_keyword(const char *word, size_t len)
{
	return (len == 5 && strncmp(word, "__asm", 5) == 0) ||
	       (len == 7 && strncmp(word, "__asm__", 7) == 0);
}

/* The first assembly keyword of a preprocessed LINE, outside string and
 * character literals; NULL if none. */
static const char *asm_in_line(const char *line)
{
	for (const char *p = line; *p != '\0' && *p != '\n';) {
		if (*p == '"' || *p == '\'') {
			char quote = *p++;

			while (*p != '\0' && *p != '\n' && *p != quote)
				p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
			if (*p == quote)
				p++;
		} else if (*p == '_' || (*p >= 'a' && *p <= 'z') ||
			   (*p >= 'A' && *p <= 'Z')) {
			const char *word = p;

			while (*p == '_' || (*p >= 'a' && *p <= 'z') ||
			       (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
				p++;
			if (is_asm_keyword(word, (size_t)(p - word)))
				return word;
		} else {
			p++;
		}
	}
	return NULL;
}

/* "build/obj/student/filemap.o" was preprocessed into ".../filemap.i". */
static char *preprocessed_of(const char *path)
{
	size_t len = strlen(path);
	char *out = must(malloc(len + 3));

	strcpy(out, path);
	if (len > 2 && strcmp(out + len - 2, ".o") == 0)
		out[len - 1] = 'i';
	else
		strcat(out, ".i");
	return out;
}

/*
 * The first line of the C source at PATH that holds a line directive
 * ("#line 1 \"x.h\"", or GNU's "# 1 \"x.h\" 3"), or 0.  Such a directive
 * could make the student's own lines pass for a system header's in the
 * preprocessed source, where assembly is not looked for.  Directives are
 * found as the preprocessor finds them: lines spliced at a backslash-
 * newline, comments gone, string and character literals left whole.
 */
static long line_directive_in(const char *path)
{
	char *text = read_text(path);
	long line = 1, start = 1;
	int at_line_start = 1, after_hash = 0;

	for (char *p = text; *p != '\0';) {
		if (p[0] == '\\' && p[1] == '\n') {           /* splice */
			p += 2;
			line++;
		} else if (p[0] == '/' && p[1] == '*') {        /* comment */
			for (p += 2; *p != '\0' && !(p[0] == '*' && p[1] == '/'); p++)
				line += *p == '\n';
			p += *p != '\0' ? 2 : 0;
		} else if (p[0] == '/' && p[1] == '/') {
			while (*p != '\0' && *p != '\n')
				p++;
		} else if (*p == '\n') {
			p++;
			line++;
			at_line_start = 1;
			after_hash = 0;
		} else if (*p == ' ' || *p == '\t' || *p == '\f' || *p == '\v' || *p == '\r') {
			p++;
		} else if (at_line_start && *p == '#') {
			p++;
			start = line;
			at_line_start = 0;
			after_hash = 1;
		} else if (after_hash && ((*p >= '0' && *p <= '9') ||
			   (strncmp(p, "line", 4) == 0 && !(p[4] == '_' ||
			    (p[4] >= 'a' && p[4] <= 'z') || (p[4] >= 'A' && p[4] <= 'Z') ||
			    (p[4] >= '0' && p[4] <= '9'))))) {
			free(text);
			return start;
		} else if (*p == '"' || *p == '\'') {          /* a literal */
			char quote = *p++;

			while (*p != '\0' && *p != '\n' && *p != quote)
				p += (p[0] == '\\' && p[1] != '\0') ? 2 : 1;
			p += *p == quote;
			at_line_start = after_hash = 0;
		} else {
			p++;
			at_line_start = after_hash = 0;
		}
	}
	free(text);
	return 0;
}

/* Refuses a line directive in FILE, named by a linemarker of the
 * preprocessed source as one of the program's own files; each file once. */
static int check_line_directives(const char *file, struct names *seen)
{
	long at;

	if (file[0] == '<' || is_listed(seen, file))
		return 0;
	seen->name = must(realloc(seen->name, (seen->count + 1) * sizeof *seen->name));
	seen->name[seen->count++] = must(strdup(file));
	qsort(seen->name, seen->count, sizeof *seen->name, compare_names);
	if (access(file, R_OK) != 0 || (at = line_directive_in(file)) == 0)
		return 0;
	fprintf(stderr, "%s:%ld: holds a line directive (#line): it would make "
		"the kit take your lines for a system header's\n",
		strrchr(file, '/') ? strrchr(file, '/') + 1 : file, at);
	return 1;
}

/* Refuses assembly in the student's lines of the preprocessed source.
 * Linemarkers ("# 12 \"filemap.c\" 2 3") say where each line comes from;
 * the flag 3 marks a system header, whose lines are the C library's. */
static int check_assembly(const char *path, const char *source)
{
	char *ipath = preprocessed_of(path);
	FILE *f = fopen(ipath, "r");
	char *line = NULL, *file = must(strdup(source));
	size_t cap = 0;
	long number = 0;
	int system = 0, refused = 0;
	struct names seen = { NULL, 0 };

	if (f == NULL) {
		fprintf(stderr, "inspect: cannot read %s, the preprocessed source "
			"of %s (common/lab.mk keeps it beside the object)\n", ipath, source);
		free(ipath);
		free(file);
		return 2;
	}
	while (!refused && getline(&line, &cap, f) > 0) {
		long n;
		char name[PATH_MAX];
		int used = 0;

		if (line[0] == '#' &&
		    sscanf(line, "# %ld \"%4095[^\"]\"%n", &n, name, &used) >= 2) {
			free(file);
			file = must(strdup(name));
			number = n;
			system = used > 0 && strstr(line + used, " 3") != NULL;
			if (!system)
				refused |= check_line_directives(file, &seen);
			continue;
		}
		if (!system && asm_in_line(line) != NULL) {
			const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;

			fprintf(stderr, "%s:%ld: uses assembly (__asm__): the lab is "
				"written in C, and assembly could go around the kit's "
				"checks\n", base, number);
			refused = 1;
		}
		number++;
	}
	for (size_t i = 0; i < seen.count; i++)
		free(seen.name[i]);
	free(seen.name);
	free(line);
	free(file);
	free(ipath);
	fclose(f);
	return refused;
}

static int inspect(const char *path, const struct lists *l)
{
	struct object obj = { .source = source_of(path) };
	int refused;

	if (!open_object(path, &obj)) {
		fprintf(stderr, "inspect: %s: not an object file of this machine\n", path);
		refused = 2;
	} else {
		refused = each_global(&obj, check_one, (void *)l);
		if (refused < 0) {
			fprintf(stderr, "inspect: %s: damaged symbol table\n", path);
			refused = 2;
		} else {
			refused |= check_sections(&obj);
			int asm_refused = check_assembly(path, obj.source);

			if (asm_refused > refused)
				refused = asm_refused;
		}
	}
	close_object(&obj);
	return refused;
}

/* The global names the student's objects define, all of them: one file may
 * call a function of another. */
static void collect_own(char **paths, int count, struct names *own)
{
	own->name = NULL;
	own->count = 0;
	for (int i = 0; i < count; i++) {
		struct object obj = { .source = source_of(paths[i]) };

		if (open_object(paths[i], &obj))
			each_global(&obj, add_own, own);
		close_object(&obj);
	}
	if (own->count > 0)
		qsort(own->name, own->count, sizeof *own->name, compare_names);
}

/* Every libc route to the bytes of a file without mapping it. */
static const char read_family[] =
	"read pread pread64 readv preadv preadv64 preadv2 fread fread_unlocked "
	"fgetc fgetc_unlocked getc getc_unlocked _IO_getc __uflow __underflow "
	"fgets fgets_unlocked "
	"getline getdelim __getdelim fscanf vfscanf __isoc99_fscanf "
	"__isoc99_vfscanf __isoc23_fscanf __isoc23_vfscanf sendfile sendfile64 "
	"splice copy_file_range __read_chk __pread_chk __pread64_chk "
	"__fread_chk __fread_unlocked_chk __fgets_chk __fgets_unlocked_chk "
	"__getdelim_chk getchar getchar_unlocked gets fgetwc fgetws getwc "
	"getwchar getw scanf vscanf __isoc99_scanf __isoc99_vscanf "
	"__isoc23_scanf __isoc23_vscanf";

/* The FORBIDDEN argument, with "@read" replaced by the family. */
static char *expand_forbidden(const char *arg)
{
	size_t len = strlen(arg) + sizeof read_family + 2;
	char *out = must(malloc(len)), *copy = must(strdup(arg)), *save = NULL;

	*out = '\0';
	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		strcat(out, strcmp(w, "@read") == 0 ? read_family : w);
		strcat(out, " ");
	}
	free(copy);
	return out;
}

int main(int argc, char **argv)
{
	struct lists l;
	int status = 0;

	if (argc < 5) {
		fprintf(stderr, "usage: inspect RESERVED_SYMS KIT_SYMS ALLOWED_SYMS "
			"\"FORBIDDEN CALLS\" object.o...\n");
		return 2;
	}
	split(read_text(argv[1]), "\n", &l.reserved);
	split(read_text(argv[2]), "\n", &l.kit);
	split(read_text(argv[3]), "\n", &l.allowed);
	split(expand_forbidden(argv[4]), " \t\n", &l.forbidden);
	collect_own(argv + 5, argc - 5, &l.own);
	for (int i = 5; i < argc; i++) {
		int refused = inspect(argv[i], &l);

		if (refused > status)
			status = refused;
	}
	return status;
}

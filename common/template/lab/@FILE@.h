/*
 * @FILE@.h - lab @NUM@: @TITLE@.
 *
 * TODO(author): say in two lines what the student builds, and the rules
 * every function follows (e.g. on failure: -1 or NULL with errno set, no
 * mapping and no descriptor left behind).
 */
#ifndef @GUARD@
#define @GUARD@

#include <stddef.h>

/*
 * Maps NPAGES pages of zero-filled memory, private, readable and writable,
 * and returns their address; the caller releases them with munmap(2).
 * Returns NULL with errno set: EINVAL for 0 pages, mmap's errno otherwise.
 */
void *@PREFIX@_map_pages(size_t npages);

#endif

# Memory in this lab comes from mmap(2) only: the arena is a replacement for
# malloc, not a wrapper around it.
FORBIDDEN_CALLS := malloc calloc realloc reallocarray aligned_alloc \
		   posix_memalign memalign valloc pvalloc brk sbrk

FORBIDDEN_CALLS := read pread

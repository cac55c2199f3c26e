# Every route to the file's bytes but the mapping (inspect.c: @read).
FORBIDDEN_CALLS := @read

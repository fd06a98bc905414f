/*
** jsonout.h - a fast compact writer of jansson values.
**
** jsonout_compact appends to b the very bytes json_dumps(value, JSON_COMPACT | flags)
** gives, where flags may only hold JSON_REAL_PRECISION(n), and fails where it fails
** (a value neither an array nor an object at the top, a string that is not UTF-8). It
** writes straight into the buffer, a run of plain characters at a time, where jansson
** calls back once per piece and checks every character of every string; responses are
** dumped by it. The value is not changed. Nesting deeper than JSONOUT_MAX_DEPTH fails,
** so a value that contains itself ends in an error, not a crash.
*/
#ifndef SD_JSONOUT_H
#define SD_JSONOUT_H

#include <jansson.h>

#include "buf.h"

#define JSONOUT_MAX_DEPTH 2048

/* 0 on success; -1 (b unchanged in length) when the value cannot be written or memory
** runs out. */
int jsonout_compact(struct buf *b, const json_t *value, size_t flags);

#endif

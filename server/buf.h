/*
** buf.h - a growable byte buffer, the one place responses and generated text are built.
**
** A struct buf owns its memory. All append functions return 0 on success and -1 when
** memory runs out; after a failure the buffer is marked failed, later appends are
** no-ops that also return -1, and buf_failed() reports it, so a caller may check once
** at the end. The data is always NUL-terminated (the NUL is not counted in len).
*/
#ifndef SD_BUF_H
#define SD_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char   *data;   /* bytes, NUL-terminated when non-NULL */
	size_t  len;    /* bytes in use, not counting the NUL */
	size_t  cap;    /* bytes allocated */
	int     failed; /* an allocation failed; content is incomplete */
};

#define BUF_INIT { NULL, 0, 0, 0 }

int   buf_grow(struct buf *b, size_t extra);   /* buf_reserve when there is no room */
int   buf_puts(struct buf *b, const char *s);
int   buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int   buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int   buf_failed(const struct buf *b);
void  buf_reset(struct buf *b);           /* len = 0, keeps memory, clears failed */
char *buf_detach(struct buf *b, size_t *len); /* caller owns the result (never NULL unless failed) */
void  buf_free(struct buf *b);

/* The three below are called for every piece of every response and document, most often
** for a few bytes: inline, they cost a comparison when the room is there. */

/* Room for extra more bytes and the NUL. */
static inline int
buf_reserve(struct buf *b, size_t extra)
{
	if (!b->failed && b->cap > b->len && extra < b->cap - b->len)
		return 0;
	return buf_grow(b, extra);
}

static inline int
buf_append(struct buf *b, const void *data, size_t len)
{
	if (buf_reserve(b, len) != 0)
		return -1;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

static inline int
buf_putc(struct buf *b, char c)
{
	if (buf_reserve(b, 1) != 0)
		return -1;
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
	return 0;
}

#endif

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

struct buf {
	char   *data;   /* bytes, NUL-terminated when non-NULL */
	size_t  len;    /* bytes in use, not counting the NUL */
	size_t  cap;    /* bytes allocated */
	int     failed; /* an allocation failed; content is incomplete */
};

#define BUF_INIT { NULL, 0, 0, 0 }

int   buf_reserve(struct buf *b, size_t extra);
int   buf_append(struct buf *b, const void *data, size_t len);
int   buf_puts(struct buf *b, const char *s);
int   buf_putc(struct buf *b, char c);
int   buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int   buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int   buf_failed(const struct buf *b);
void  buf_reset(struct buf *b);           /* len = 0, keeps memory, clears failed */
char *buf_detach(struct buf *b, size_t *len); /* caller owns the result (never NULL unless failed) */
void  buf_free(struct buf *b);

#endif

/*
** apierror.c - filling in a request error (see apierror.h).
*/
#include <stdarg.h>
#include <stdio.h>

#include "apierror.h"

void
api_error_set(struct api_error *e, int status, const char *code, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	e->code = code;
	e->param = NULL;
	e->nsuggestions = 0;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

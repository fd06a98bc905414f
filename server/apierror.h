/*
** apierror.h - the error a request handler reports: an HTTP status, a stable code for
** programs ("bad_parameter"), and a message for people. The message may repeat the
** offending value to the visitor who sent it, but it is never written anywhere else.
*/
#ifndef SD_APIERROR_H
#define SD_APIERROR_H

#define API_ERROR_MAX_SUGGESTIONS 5

struct api_error {
	int         status;        /* HTTP status, e.g. 400 */
	const char *code;          /* constant string, e.g. "bad_parameter" */
	char        message[300];  /* human-readable, in English */
	const char *param;         /* the parameter at fault, or NULL */
	const char *suggestions[API_ERROR_MAX_SUGGESTIONS]; /* values to try instead (borrowed
	                                                    ** from data that outlives the request) */
	size_t      nsuggestions;
};

/* Set status, code and message; param and suggestions are cleared. */
void api_error_set(struct api_error *e, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif

/*
** minify.h - make the stylesheets and scripts the pages load smaller at build time
** (tools/embed.c): comments and the whitespace a browser ignores go, strings stay as
** they are. Linked into the library too, so the unit tests can check it.
*/
#ifndef SD_MINIFY_H
#define SD_MINIFY_H

#include <stddef.h>

/* Minify CSS text in place; returns the new length. Whitespace is kept where it can
** separate tokens (descendant selectors, calc() operators); it goes around { } ; , */
size_t minify_css(char *text, size_t len);

/* Minify JavaScript in place; returns the new length. Removes comments, indentation
** and empty lines; keeps every line break (no reliance on semicolon insertion
** changing). A "//" counts as a comment only at a line start or after whitespace, so
** the scripts must not hold a regular expression literal like / \/\/ / after a space. */
size_t minify_js(char *text, size_t len);

#endif

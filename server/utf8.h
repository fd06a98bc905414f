/*
** utf8.h - the one strict UTF-8 decoder, shared by the validators, the text folding and
** the search-term builder, so that all three agree on what a character is.
*/
#ifndef SD_UTF8_H
#define SD_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the strictly valid UTF-8 sequence at s[0..len), with its code point in *cp;
** 0 when s does not start with one (stray continuation byte, overlong form, surrogate,
** above U+10FFFF, cut short) or len is 0. ASCII bytes, NUL included, are sequences of
** length 1. */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

#endif

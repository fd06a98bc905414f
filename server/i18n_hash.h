/*
** i18n_hash.h - the hash of a catalog key, shared by tools/pocompile, which places each
** key of a language in its table of slots, and i18n.c, which finds it there without
** building the key (msgctxt "\004" msgid) it hashes.
*/
#ifndef SD_I18N_HASH_H
#define SD_I18N_HASH_H

#include <stdint.h>

#define I18N_HASH_SEED 2166136261u  /* FNV-1a, 32 bits */

/* Hash in the bytes of s, up to its terminating zero, after those hashed into h. */
static inline uint32_t
i18n_hash_more(uint32_t h, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/* The hash of the key ctxt "\004" msgid (of msgid alone when ctxt is NULL). */
static inline uint32_t
i18n_hash_key(const char *ctxt, const char *msgid)
{
	uint32_t h = I18N_HASH_SEED;

	if (ctxt != NULL)
		h = (i18n_hash_more(h, ctxt) ^ 4u) * 16777619u;
	return i18n_hash_more(h, msgid);
}

#endif

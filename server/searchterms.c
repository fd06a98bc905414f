/*
** searchterms.c - from what a person typed to a safe FTS5 MATCH expression (see
** searchterms.h), and the synonym groups that widen it.
**
** The words of the typed text are the runs of characters FTS5's unicode61 tokenizer
** keeps in tokens, so each word is exactly one FTS5 token: written back in double
** quotes it can never be read as FTS5 syntax, and never as an empty phrase (a quoted
** "«" or "😀" is one, and an empty phrase ANDed with the rest matches nothing).
*/
#include "searchterms.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

struct cp_range {
	uint32_t first; /* first code point of the range */
	uint32_t last;  /* last code point of the range */
};

/*
** Code points >= U+0080 that separate words: every one that FTS5 unicode61 (SQLite
** 3.40.1) treats as a separator, which is roughly what is neither a letter, a number,
** private use, nor one of the accents remove_diacritics removes; plus the punctuation,
** symbols, spaces and format characters of Unicode 14 that SQLite's older tables still
** count as token characters (newer emoji such as U+1F929), so that no word is made of
** them alone. Unassigned code points lying between two such ranges are included.
** Derived by tokenizing every code point; tests/unit/test_searchterms.c checks it
** against the linked SQLite. Sorted; ranges do not overlap.
*/
static const struct cp_range separator_ranges[] = {
	{ 0x00080, 0x000A9 }, { 0x000AB, 0x000B1 }, { 0x000B4, 0x000B4 }, { 0x000B6, 0x000B8 },
	{ 0x000BB, 0x000BB }, { 0x000BF, 0x000BF }, { 0x000D7, 0x000D7 }, { 0x000F7, 0x000F7 },
	{ 0x002C2, 0x002C5 }, { 0x002D2, 0x002DF }, { 0x002E5, 0x002EB }, { 0x002ED, 0x002ED },
	{ 0x002EF, 0x002FF }, { 0x00305, 0x00305 }, { 0x0030D, 0x0030E }, { 0x00310, 0x00310 },
	{ 0x00312, 0x0031A }, { 0x0031C, 0x00322 }, { 0x00329, 0x0032C }, { 0x0032F, 0x0032F },
	{ 0x00332, 0x0036F }, { 0x00375, 0x00375 }, { 0x0037E, 0x0037E }, { 0x00384, 0x00385 },
	{ 0x00387, 0x00387 }, { 0x003F6, 0x003F6 }, { 0x00482, 0x00489 }, { 0x0055A, 0x0055F },
	{ 0x00589, 0x005C7 }, { 0x005F3, 0x0061F }, { 0x0064B, 0x0065F }, { 0x0066A, 0x0066D },
	{ 0x00670, 0x00670 }, { 0x006D4, 0x006D4 }, { 0x006D6, 0x006E4 }, { 0x006E7, 0x006ED },
	{ 0x006FD, 0x006FE }, { 0x00700, 0x0070F }, { 0x00711, 0x00711 }, { 0x00730, 0x0074A },
	{ 0x007A6, 0x007B0 }, { 0x007EB, 0x007F3 }, { 0x007F6, 0x007F9 }, { 0x007FE, 0x007FF },
	{ 0x00816, 0x00819 }, { 0x0081B, 0x00823 }, { 0x00825, 0x00827 }, { 0x00829, 0x0083E },
	{ 0x00859, 0x0085E }, { 0x00888, 0x00888 }, { 0x00890, 0x00891 }, { 0x008E2, 0x008E2 },
	{ 0x008E4, 0x008FE }, { 0x00900, 0x00903 }, { 0x0093A, 0x0093C }, { 0x0093E, 0x0094F },
	{ 0x00951, 0x00957 }, { 0x00962, 0x00965 }, { 0x00970, 0x00970 }, { 0x00981, 0x00983 },
	{ 0x009BC, 0x009BC }, { 0x009BE, 0x009CD }, { 0x009D7, 0x009D7 }, { 0x009E2, 0x009E3 },
	{ 0x009F2, 0x009F3 }, { 0x009FA, 0x009FB }, { 0x009FD, 0x009FD }, { 0x00A01, 0x00A03 },
	{ 0x00A3C, 0x00A51 }, { 0x00A70, 0x00A71 }, { 0x00A75, 0x00A83 }, { 0x00ABC, 0x00ABC },
	{ 0x00ABE, 0x00ACD }, { 0x00AE2, 0x00AE3 }, { 0x00AF0, 0x00AF1 }, { 0x00B01, 0x00B03 },
	{ 0x00B3C, 0x00B3C }, { 0x00B3E, 0x00B4D }, { 0x00B56, 0x00B57 }, { 0x00B62, 0x00B63 },
	{ 0x00B70, 0x00B70 }, { 0x00B82, 0x00B82 }, { 0x00BBE, 0x00BCD }, { 0x00BD7, 0x00BD7 },
	{ 0x00BF3, 0x00BFA }, { 0x00C01, 0x00C03 }, { 0x00C3E, 0x00C56 }, { 0x00C62, 0x00C63 },
	{ 0x00C77, 0x00C77 }, { 0x00C7F, 0x00C7F }, { 0x00C82, 0x00C84 }, { 0x00CBC, 0x00CBC },
	{ 0x00CBE, 0x00CD6 }, { 0x00CE2, 0x00CE3 }, { 0x00D02, 0x00D03 }, { 0x00D3E, 0x00D4D },
	{ 0x00D4F, 0x00D4F }, { 0x00D57, 0x00D57 }, { 0x00D62, 0x00D63 }, { 0x00D79, 0x00D79 },
	{ 0x00D82, 0x00D83 }, { 0x00DCA, 0x00DDF }, { 0x00DF2, 0x00DF4 }, { 0x00E31, 0x00E31 },
	{ 0x00E34, 0x00E3F }, { 0x00E47, 0x00E4F }, { 0x00E5A, 0x00E5B }, { 0x00EB1, 0x00EB1 },
	{ 0x00EB4, 0x00EB9 }, { 0x00EBB, 0x00EBC }, { 0x00EC8, 0x00ECD }, { 0x00F01, 0x00F1F },
	{ 0x00F34, 0x00F3F }, { 0x00F71, 0x00F87 }, { 0x00F8D, 0x00FDA }, { 0x0102B, 0x0103E },
	{ 0x0104A, 0x0104F }, { 0x01056, 0x01059 }, { 0x0105E, 0x01060 }, { 0x01062, 0x01064 },
	{ 0x01067, 0x0106D }, { 0x01071, 0x01074 }, { 0x01082, 0x0108D }, { 0x0108F, 0x0108F },
	{ 0x0109A, 0x0109F }, { 0x010FB, 0x010FB }, { 0x0135D, 0x01368 }, { 0x01390, 0x01399 },
	{ 0x01400, 0x01400 }, { 0x0166D, 0x0166E }, { 0x01680, 0x01680 }, { 0x0169B, 0x0169C },
	{ 0x016EB, 0x016ED }, { 0x01712, 0x01714 }, { 0x01732, 0x01736 }, { 0x01752, 0x01753 },
	{ 0x01772, 0x01773 }, { 0x017B4, 0x017D6 }, { 0x017D8, 0x017DB }, { 0x017DD, 0x017DD },
	{ 0x01800, 0x0180E }, { 0x018A9, 0x018A9 }, { 0x01920, 0x01945 }, { 0x019B0, 0x019C0 },
	{ 0x019C8, 0x019C9 }, { 0x019DE, 0x019FF }, { 0x01A17, 0x01A1F }, { 0x01A55, 0x01A7F },
	{ 0x01AA0, 0x01AA6 }, { 0x01AA8, 0x01AAD }, { 0x01B00, 0x01B04 }, { 0x01B34, 0x01B44 },
	{ 0x01B5A, 0x01B82 }, { 0x01BA1, 0x01BAD }, { 0x01BE6, 0x01BFF }, { 0x01C24, 0x01C3F },
	{ 0x01C7E, 0x01C7F }, { 0x01CC0, 0x01CE8 }, { 0x01CED, 0x01CED }, { 0x01CF2, 0x01CF4 },
	{ 0x01DC0, 0x01DE6 }, { 0x01DFC, 0x01DFF }, { 0x01FBD, 0x01FBD }, { 0x01FBF, 0x01FC1 },
	{ 0x01FCD, 0x01FCF }, { 0x01FDD, 0x01FDF }, { 0x01FED, 0x01FEF }, { 0x01FFD, 0x0206F },
	{ 0x0207A, 0x0207E }, { 0x0208A, 0x0208E }, { 0x020A0, 0x02101 }, { 0x02103, 0x02106 },
	{ 0x02108, 0x02109 }, { 0x02114, 0x02114 }, { 0x02116, 0x02118 }, { 0x0211E, 0x02123 },
	{ 0x02125, 0x02125 }, { 0x02127, 0x02127 }, { 0x02129, 0x02129 }, { 0x0212E, 0x0212E },
	{ 0x0213A, 0x0213B }, { 0x02140, 0x02144 }, { 0x0214A, 0x0214D }, { 0x0214F, 0x0214F },
	{ 0x0218A, 0x0244A }, { 0x0249C, 0x024E9 }, { 0x02500, 0x02775 }, { 0x02794, 0x02BFF },
	{ 0x02CE5, 0x02CEA }, { 0x02CEF, 0x02CF1 }, { 0x02CF9, 0x02CFC }, { 0x02CFE, 0x02CFF },
	{ 0x02D70, 0x02D7F }, { 0x02DE0, 0x02E2E }, { 0x02E30, 0x03004 }, { 0x03008, 0x03020 },
	{ 0x0302A, 0x03030 }, { 0x03036, 0x03037 }, { 0x0303D, 0x0303F }, { 0x03099, 0x0309C },
	{ 0x030A0, 0x030A0 }, { 0x030FB, 0x030FB }, { 0x03190, 0x03191 }, { 0x03196, 0x0319F },
	{ 0x031C0, 0x031E3 }, { 0x03200, 0x0321E }, { 0x0322A, 0x03247 }, { 0x03250, 0x03250 },
	{ 0x03260, 0x0327F }, { 0x0328A, 0x032B0 }, { 0x032C0, 0x033FF }, { 0x04DC0, 0x04DFF },
	{ 0x0A490, 0x0A4C6 }, { 0x0A4FE, 0x0A4FF }, { 0x0A60D, 0x0A60F }, { 0x0A66F, 0x0A67E },
	{ 0x0A69F, 0x0A69F }, { 0x0A6F0, 0x0A716 }, { 0x0A720, 0x0A721 }, { 0x0A789, 0x0A78A },
	{ 0x0A802, 0x0A802 }, { 0x0A806, 0x0A806 }, { 0x0A80B, 0x0A80B }, { 0x0A823, 0x0A82B },
	{ 0x0A836, 0x0A839 }, { 0x0A874, 0x0A881 }, { 0x0A8B4, 0x0A8C4 }, { 0x0A8CE, 0x0A8CF },
	{ 0x0A8E0, 0x0A8F1 }, { 0x0A8F8, 0x0A8FA }, { 0x0A8FC, 0x0A8FC }, { 0x0A926, 0x0A92F },
	{ 0x0A947, 0x0A95F }, { 0x0A980, 0x0A983 }, { 0x0A9B3, 0x0A9CD }, { 0x0A9DE, 0x0A9DF },
	{ 0x0AA29, 0x0AA36 }, { 0x0AA43, 0x0AA43 }, { 0x0AA4C, 0x0AA4D }, { 0x0AA5C, 0x0AA5F },
	{ 0x0AA77, 0x0AA79 }, { 0x0AA7B, 0x0AA7B }, { 0x0AAB0, 0x0AAB0 }, { 0x0AAB2, 0x0AAB4 },
	{ 0x0AAB7, 0x0AAB8 }, { 0x0AABE, 0x0AABF }, { 0x0AAC1, 0x0AAC1 }, { 0x0AADE, 0x0AADF },
	{ 0x0AAEB, 0x0AAF1 }, { 0x0AAF5, 0x0AAF6 }, { 0x0AB5B, 0x0AB5B }, { 0x0AB6A, 0x0AB6B },
	{ 0x0ABE3, 0x0ABED }, { 0x0D800, 0x0DFFF }, { 0x0FB1E, 0x0FB1E }, { 0x0FB29, 0x0FB29 },
	{ 0x0FBB2, 0x0FBC2 }, { 0x0FD3E, 0x0FD4F }, { 0x0FDCF, 0x0FDCF }, { 0x0FDFC, 0x0FE26 },
	{ 0x0FE30, 0x0FE6B }, { 0x0FEFF, 0x0FF0F }, { 0x0FF1A, 0x0FF20 }, { 0x0FF3B, 0x0FF40 },
	{ 0x0FF5B, 0x0FF65 }, { 0x0FFE0, 0x0FFFF }, { 0x10100, 0x10102 }, { 0x10137, 0x1013F },
	{ 0x10179, 0x10189 }, { 0x1018C, 0x101FD }, { 0x1039F, 0x1039F }, { 0x103D0, 0x103D0 },
	{ 0x1056F, 0x1056F }, { 0x10857, 0x10857 }, { 0x10877, 0x10878 }, { 0x1091F, 0x1091F },
	{ 0x1093F, 0x1093F }, { 0x10A01, 0x10A0F }, { 0x10A38, 0x10A3F }, { 0x10A50, 0x10A58 },
	{ 0x10A7F, 0x10A7F }, { 0x10AC8, 0x10AC8 }, { 0x10AF0, 0x10AF6 }, { 0x10B39, 0x10B3F },
	{ 0x10B99, 0x10B9C }, { 0x10EAD, 0x10EAD }, { 0x10F55, 0x10F59 }, { 0x10F86, 0x10F89 },
	{ 0x11000, 0x11002 }, { 0x11038, 0x1104D }, { 0x11080, 0x11082 }, { 0x110B0, 0x110C1 },
	{ 0x110CD, 0x110CD }, { 0x11100, 0x11102 }, { 0x11127, 0x11134 }, { 0x11140, 0x11143 },
	{ 0x11174, 0x11175 }, { 0x11180, 0x11182 }, { 0x111B3, 0x111C0 }, { 0x111C5, 0x111C8 },
	{ 0x111CD, 0x111CD }, { 0x111DB, 0x111DB }, { 0x111DD, 0x111DF }, { 0x11238, 0x1123D },
	{ 0x112A9, 0x112A9 }, { 0x1144B, 0x1144F }, { 0x1145A, 0x1145D }, { 0x114C6, 0x114C6 },
	{ 0x115C1, 0x115D7 }, { 0x11641, 0x11643 }, { 0x11660, 0x1166C }, { 0x116AB, 0x116B7 },
	{ 0x116B9, 0x116B9 }, { 0x1173C, 0x1173F }, { 0x1183B, 0x1183B }, { 0x11944, 0x11946 },
	{ 0x119E2, 0x119E2 }, { 0x11A3F, 0x11A46 }, { 0x11A9A, 0x11A9C }, { 0x11A9E, 0x11AA2 },
	{ 0x11C41, 0x11C45 }, { 0x11C70, 0x11C71 }, { 0x11EF7, 0x11EF8 }, { 0x11FD5, 0x11FFF },
	{ 0x12470, 0x12474 }, { 0x12FF1, 0x12FF2 }, { 0x13430, 0x13438 }, { 0x16A6E, 0x16A6F },
	{ 0x16AF5, 0x16AF5 }, { 0x16B37, 0x16B3F }, { 0x16B44, 0x16B45 }, { 0x16E97, 0x16E9A },
	{ 0x16F51, 0x16F7E }, { 0x16F8F, 0x16F92 }, { 0x16FE2, 0x16FE2 }, { 0x1BC9C, 0x1BC9C },
	{ 0x1BC9F, 0x1BCA3 }, { 0x1CF50, 0x1D245 }, { 0x1D300, 0x1D356 }, { 0x1D6C1, 0x1D6C1 },
	{ 0x1D6DB, 0x1D6DB }, { 0x1D6FB, 0x1D6FB }, { 0x1D715, 0x1D715 }, { 0x1D735, 0x1D735 },
	{ 0x1D74F, 0x1D74F }, { 0x1D76F, 0x1D76F }, { 0x1D789, 0x1D789 }, { 0x1D7A9, 0x1D7A9 },
	{ 0x1D7C3, 0x1D7C3 }, { 0x1D800, 0x1D9FF }, { 0x1DA37, 0x1DA3A }, { 0x1DA6D, 0x1DA74 },
	{ 0x1DA76, 0x1DA83 }, { 0x1DA85, 0x1DA8B }, { 0x1E14F, 0x1E14F }, { 0x1E2FF, 0x1E2FF },
	{ 0x1E95E, 0x1E95F }, { 0x1ECAC, 0x1ECAC }, { 0x1ECB0, 0x1ECB0 }, { 0x1ED2E, 0x1ED2E },
	{ 0x1EEF0, 0x1F0F5 }, { 0x1F10D, 0x1FBCA }, { 0xE0001, 0xE01EF },
};

#define SEPARATOR_RANGES (sizeof separator_ranges / sizeof separator_ranges[0])

/* The accents remove_diacritics removes all lie in U+0300..U+036F, and every other code
** point of that block is in separator_ranges. */
#define REMOVED_ACCENT_FIRST 0x0300
#define REMOVED_ACCENT_LAST  0x036f

struct syn_term {
	char   *text;  /* folded words joined by single spaces; owned */
	size_t  words; /* how many words text holds */
	size_t  group; /* index of the term's group */
};

struct synonyms {
	struct syn_term        *terms;       /* every term, group after group, as loaded */
	size_t                  nterms;      /* entries in terms */
	size_t                 *group_first; /* index in terms of each group's first term,
	                                        then nterms: ngroups + 1 entries */
	size_t                  ngroups;     /* number of groups */
	const struct syn_term **by_text;     /* the terms ordered by strcmp of text */
	size_t                  max_words;   /* the most words in one term */
};

/* A word as the expression writers use it: text[0..len) without NUL bytes. */
struct word {
	const char *text;  /* the word's bytes (not NUL-terminated here) */
	size_t      len;   /* its length in bytes */
	size_t      index; /* its index in the JSON array of words */
};

/* A run of consecutive words, the key of a synonym lookup. */
struct word_run {
	const struct word *first; /* the run's first word */
	size_t             count; /* how many words it holds */
};

/* Where a word scan of s[0..len) has got to. */
struct word_scan {
	const unsigned char *s;   /* the text */
	size_t               len; /* its length in bytes */
	size_t               pos; /* the next byte to look at */
};

static int
is_separator(uint32_t cp)
{
	size_t lo = 0, hi = SEPARATOR_RANGES, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < separator_ranges[mid].first)
			hi = mid;
		else if (cp > separator_ranges[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static int
is_ascii_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 if the character at s[0..len) (len > 0) belongs to a word, 0 if it separates
** words; *n is set to its length in bytes (1 for an invalid byte, a separator). *cp
** gets its code point. */
static int
at_word_char(const unsigned char *s, size_t len, size_t *n, uint32_t *cp)
{
	*n = utf8_decode(s, len, cp);
	if (*n == 0) {
		*n = 1;
		return 0;
	}
	if (*cp < 0x80)
		return is_ascii_alnum(*cp);
	return !is_separator(*cp);
}

/* Find the next word of the scan: 1 with its bytes in *word and *len, or 0 at the end. */
static int
next_word(struct word_scan *scan, const char **word, size_t *len)
{
	size_t start, n;
	uint32_t cp;

	while (scan->pos < scan->len &&
	    !at_word_char(scan->s + scan->pos, scan->len - scan->pos, &n, &cp))
		scan->pos += n;
	if (scan->pos >= scan->len)
		return 0;
	start = scan->pos;
	while (scan->pos < scan->len &&
	    at_word_char(scan->s + scan->pos, scan->len - scan->pos, &n, &cp))
		scan->pos += n;
	*word = (const char *)scan->s + start;
	*len = scan->pos - start;
	return 1;
}

static void
scan_init(struct word_scan *scan, const char *s, size_t len)
{
	scan->s = (const unsigned char *)(s != NULL ? s : "");
	scan->len = s != NULL ? len : 0;
	scan->pos = 0;
}

/* 1 if s[0..len) holds a character FTS5 keeps in a token: a word character that is not
** one of the accents folding removes. Such a string quoted is never an empty phrase. */
static int
has_token_char(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (at_word_char(p + i, len - i, &n, &cp) &&
		    (cp < REMOVED_ACCENT_FIRST || cp > REMOVED_ACCENT_LAST))
			return 1;
		i += n;
	}
	return 0;
}

int
searchterms_is_token(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf folded = BUF_INIT;
	size_t i = 0, n;
	uint32_t cp;
	int same;

	if (len == 0)
		return 0;
	while (i < len) {
		if (!at_word_char(p + i, len - i, &n, &cp))
			return 0;
		i += n;
	}
	same = fold_text(&folded, s, len) == 0 && folded.len == len &&
	    memcmp(folded.data, s, len) == 0;
	buf_free(&folded);
	return same;
}

int
searchterms_words(const char *s, size_t len, json_t **words)
{
	struct word_scan scan;
	struct buf folded = BUF_INIT;
	const char *word;
	size_t wlen;
	json_t *list;
	int rc = 0;

	*words = NULL;
	list = json_array();
	if (list == NULL)
		return -1;
	scan_init(&scan, s, len);
	while (json_array_size(list) < SEARCHTERMS_MAX_WORDS && next_word(&scan, &word, &wlen)) {
		buf_reset(&folded);
		if (fold_text(&folded, word, wlen) != 0) {
			rc = -1;
			break;
		}
		if (folded.len == 0)
			continue; /* only accents that folding removes */
		if (json_array_append_new(list, json_stringn(folded.data, folded.len)) != 0) {
			rc = -1;
			break;
		}
	}
	buf_free(&folded);
	if (rc != 0) {
		json_decref(list);
		return -1;
	}
	*words = list;
	return 0;
}

/* ---- synonyms ---------------------------------------------------------------------- */

static void set_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

void
synonyms_free(struct synonyms *syn)
{
	size_t i;

	if (syn == NULL)
		return;
	for (i = 0; i < syn->nterms; i++)
		free(syn->terms[i].text);
	free(syn->terms);
	free(syn->group_first);
	free(syn->by_text);
	free(syn);
}

/* Check the shape {"groups": [[string, ...], ...]}; count the terms into *nterms.
** 0, or -1 with a message in err. */
static int
check_groups(const json_t *groups, size_t *nterms, char *err, size_t errlen)
{
	const json_t *group, *term;
	size_t g, t;

	if (!json_is_array(groups)) {
		set_error(err, errlen, "synonyms: \"groups\" must be an array");
		return -1;
	}
	*nterms = 0;
	json_array_foreach(groups, g, group) {
		if (!json_is_array(group) || json_array_size(group) == 0) {
			set_error(err, errlen, "synonyms: groups[%zu] must be a non-empty array", g);
			return -1;
		}
		json_array_foreach(group, t, term) {
			if (!json_is_string(term)) {
				set_error(err, errlen, "synonyms: groups[%zu][%zu] must be a string", g, t);
				return -1;
			}
		}
		*nterms += json_array_size(group);
	}
	return 0;
}

/* Append the words of s[0..len), folded, to out, separated by single spaces; *nwords
** gets their number. 0, or -1 on OOM. */
static int
put_folded_words(struct buf *out, const char *s, size_t len, size_t *nwords)
{
	struct word_scan scan;
	struct buf folded = BUF_INIT;
	const char *word;
	size_t wlen;
	int rc = 0;

	*nwords = 0;
	scan_init(&scan, s, len);
	while (rc == 0 && next_word(&scan, &word, &wlen)) {
		buf_reset(&folded);
		rc = fold_text(&folded, word, wlen);
		if (rc != 0 || folded.len == 0)
			continue;
		if (*nwords > 0)
			buf_putc(out, ' ');
		rc = buf_append(out, folded.data, folded.len);
		(*nwords)++;
	}
	buf_free(&folded);
	return rc;
}

/* Fill term from the JSON string. 0, or -1 with a message in err. */
static int
load_term(struct syn_term *term, const json_t *value, size_t g, size_t t, char *err,
    size_t errlen)
{
	struct buf text = BUF_INIT;

	if (put_folded_words(&text, json_string_value(value), json_string_length(value),
	    &term->words) != 0) {
		buf_free(&text);
		set_error(err, errlen, "synonyms: out of memory");
		return -1;
	}
	if (term->words == 0 || term->words > SEARCHTERMS_MAX_WORDS) {
		buf_free(&text);
		set_error(err, errlen, "synonyms: groups[%zu][%zu] must have 1 to %d words",
		    g, t, SEARCHTERMS_MAX_WORDS);
		return -1;
	}
	term->text = buf_detach(&text, NULL);
	term->group = g;
	if (term->text == NULL) {
		set_error(err, errlen, "synonyms: out of memory");
		return -1;
	}
	return 0;
}

/* Load every term, group after group. 0, or -1 with a message in err. */
static int
load_terms(struct synonyms *syn, const json_t *groups, char *err, size_t errlen)
{
	const json_t *group, *value;
	size_t g, t;

	json_array_foreach(groups, g, group) {
		syn->group_first[g] = syn->nterms;
		json_array_foreach(group, t, value) {
			if (load_term(&syn->terms[syn->nterms], value, g, t, err, errlen) != 0)
				return -1;
			if (syn->terms[syn->nterms].words > syn->max_words)
				syn->max_words = syn->terms[syn->nterms].words;
			syn->nterms++;
		}
	}
	syn->group_first[syn->ngroups] = syn->nterms;
	return 0;
}

static int
compare_terms(const void *a, const void *b)
{
	const struct syn_term *ta = *(const struct syn_term *const *)a;
	const struct syn_term *tb = *(const struct syn_term *const *)b;

	return strcmp(ta->text, tb->text);
}

/* Order the terms by text for lookups; a term seen twice is an error. 0, or -1 with a
** message in err. */
static int
index_terms(struct synonyms *syn, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < syn->nterms; i++)
		syn->by_text[i] = &syn->terms[i];
	qsort(syn->by_text, syn->nterms, sizeof syn->by_text[0], compare_terms);
	for (i = 1; i < syn->nterms; i++) {
		if (strcmp(syn->by_text[i - 1]->text, syn->by_text[i]->text) == 0) {
			set_error(err, errlen, "synonyms: \"%s\" appears twice (groups[%zu] and "
			    "groups[%zu])", syn->by_text[i]->text, syn->by_text[i - 1]->group,
			    syn->by_text[i]->group);
			return -1;
		}
	}
	return 0;
}

struct synonyms *
synonyms_load(const json_t *root, char *err, size_t errlen)
{
	const json_t *groups;
	struct synonyms *syn;
	size_t nterms;

	if (!json_is_object(root)) {
		set_error(err, errlen, "synonyms: the document must be an object");
		return NULL;
	}
	groups = json_object_get(root, "groups");
	if (check_groups(groups, &nterms, err, errlen) != 0)
		return NULL;
	syn = calloc(1, sizeof *syn);
	if (syn == NULL) {
		set_error(err, errlen, "synonyms: out of memory");
		return NULL;
	}
	syn->ngroups = json_array_size(groups);
	syn->terms = calloc(nterms + 1, sizeof syn->terms[0]);
	syn->group_first = calloc(syn->ngroups + 1, sizeof syn->group_first[0]);
	syn->by_text = calloc(nterms + 1, sizeof syn->by_text[0]);
	if (syn->terms == NULL || syn->group_first == NULL || syn->by_text == NULL) {
		set_error(err, errlen, "synonyms: out of memory");
		synonyms_free(syn);
		return NULL;
	}
	if (load_terms(syn, groups, err, errlen) != 0 || index_terms(syn, err, errlen) != 0) {
		synonyms_free(syn);
		return NULL;
	}
	return syn;
}

int
synonyms_each_phrase(const struct synonyms *syn, int (*fn)(void *ctx, const char *phrase),
    void *ctx)
{
	size_t i;
	int rc;

	for (i = 0; syn != NULL && i < syn->nterms; i++)
		if (syn->terms[i].words > 1 && (rc = fn(ctx, syn->terms[i].text)) != 0)
			return rc;
	return 0;
}

/* Order of the run's words joined by single spaces against term, as strcmp orders. */
static int
compare_run_to_term(const void *key, const void *elem)
{
	const struct word_run *run = key;
	const unsigned char *t;
	size_t i, j;

	t = (const unsigned char *)(*(const struct syn_term *const *)elem)->text;
	for (i = 0; i < run->count; i++) {
		if (i > 0) {
			if (*t != ' ')
				return (int)' ' - (int)*t;
			t++;
		}
		for (j = 0; j < run->first[i].len; j++, t++) {
			unsigned char c = (unsigned char)run->first[i].text[j];

			if (c != *t)
				return (int)c - (int)*t;
		}
	}
	return *t == '\0' ? 0 : -1;
}

/* The term equal to the count words starting at first, or NULL. */
static const struct syn_term *
find_term(const struct synonyms *syn, const struct word *first, size_t count)
{
	struct word_run run = { first, count };
	const struct syn_term *const *found;

	found = bsearch(&run, syn->by_text, syn->nterms, sizeof syn->by_text[0],
	    compare_run_to_term);
	return found != NULL ? *found : NULL;
}

/* ---- expressions ------------------------------------------------------------------- */

/* Append s[0..len) as an FTS5 string: in double quotes, each '"' doubled. This is the
** only place user text enters an expression. */
static void
put_quoted(struct buf *out, const char *s, size_t len)
{
	const char *quote;

	buf_putc(out, '"');
	while ((quote = memchr(s, '"', len)) != NULL) {
		buf_append(out, s, (size_t)(quote - s) + 1);
		buf_putc(out, '"');
		len -= (size_t)(quote - s) + 1;
		s = quote + 1;
	}
	buf_append(out, s, len);
	buf_putc(out, '"');
}

static void
put_prefix_query(struct buf *out, const struct word *w)
{
	put_quoted(out, w->text, w->len);
	buf_putc(out, '*');
}

/* 1 if v is a string that can stand in an expression: not empty, no NUL byte, and
** holding a character FTS5 keeps in a token; its bytes go to *s and *len. */
static int
usable_string(const json_t *v, const char **s, size_t *len)
{
	if (!json_is_string(v))
		return 0;
	*s = json_string_value(v);
	*len = json_string_length(v);
	return *len > 0 && memchr(*s, '\0', *len) == NULL && has_token_char(*s, *len);
}

/* Collect the usable words among the first SEARCHTERMS_MAX_WORDS elements of the array
** into w; their number. */
static size_t
collect_words(const json_t *words, struct word w[SEARCHTERMS_MAX_WORDS])
{
	size_t i, n = 0;

	for (i = 0; i < json_array_size(words) && i < SEARCHTERMS_MAX_WORDS; i++) {
		if (!usable_string(json_array_get(words, i), &w[n].text, &w[n].len))
			continue;
		w[n].index = i;
		n++;
	}
	return n;
}

/* Append the OR of every term of the group, in parentheses. */
static void
put_group(struct buf *out, const struct synonyms *syn, size_t group)
{
	size_t i;

	buf_putc(out, '(');
	for (i = syn->group_first[group]; i < syn->group_first[group + 1]; i++) {
		if (i > syn->group_first[group])
			buf_puts(out, " OR ");
		put_quoted(out, syn->terms[i].text, strlen(syn->terms[i].text));
		if (syn->terms[i].words == 1)
			buf_putc(out, '*');
	}
	buf_putc(out, ')');
}

/* Append the query for the words from w[0]: the group of the longest run of them that
** is a synonym term, or w[0]'s prefix query. The number of words used. */
static size_t
put_words_query(struct buf *out, const struct synonyms *syn, const struct word *w,
    size_t left)
{
	const struct syn_term *term;
	size_t count;

	count = (syn != NULL && syn->max_words < left) ? syn->max_words : left;
	for (; syn != NULL && count > 0; count--) {
		term = find_term(syn, w, count);
		if (term != NULL) {
			put_group(out, syn, term->group);
			return count;
		}
	}
	put_prefix_query(out, w);
	return 1;
}

int
searchterms_expr(const json_t *words, const struct synonyms *syn, struct buf *out)
{
	struct word w[SEARCHTERMS_MAX_WORDS];
	size_t n, i;

	if (buf_failed(out))
		return -1;
	n = collect_words(words, w);
	for (i = 0; i < n;) {
		if (i > 0)
			buf_puts(out, " AND ");
		i += put_words_query(out, syn, w + i, n - i);
	}
	return buf_failed(out) ? -1 : 0;
}

/* Append ("alt" OR "alt" ...) for the usable strings of the array; 0 if there is none
** (nothing is appended), 1 otherwise. */
static int
put_alternatives(struct buf *out, const json_t *alternatives)
{
	const json_t *v;
	const char *s;
	size_t i, len, used = 0;

	json_array_foreach(alternatives, i, v) {
		if (!usable_string(v, &s, &len))
			continue;
		buf_puts(out, used == 0 ? "(" : " OR ");
		put_quoted(out, s, len);
		used++;
	}
	if (used > 0)
		buf_putc(out, ')');
	return used > 0;
}

int
searchterms_expr_alternatives(const json_t *words, const json_t *alternatives,
    struct buf *out)
{
	struct word w[SEARCHTERMS_MAX_WORDS];
	size_t n, i;

	if (buf_failed(out))
		return -1;
	n = collect_words(words, w);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(out, " AND ");
		if (!put_alternatives(out, json_array_get(alternatives, w[i].index)))
			put_prefix_query(out, &w[i]);
	}
	return buf_failed(out) ? -1 : 0;
}

/* ---- edit distance ----------------------------------------------------------------- */

/* Length in bytes of the code point at the start of the NUL-terminated s (1 for a byte
** that does not start valid UTF-8, 0 at the end). */
static size_t
cp_length(const char *s)
{
	uint32_t cp;
	size_t n;

	if (*s == '\0')
		return 0;
	n = utf8_decode((const unsigned char *)s, strnlen(s, 4), &cp);
	return n > 0 ? n : 1;
}

static size_t
count_code_points(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s += cp_length(s))
		n++;
	return n;
}

/* 1 if a and b, of the same length in code points and differing in their first, are
** one substitution or one swap of adjacent code points apart. */
static int
one_substitution_or_swap(const char *a, const char *b)
{
	size_t a1 = cp_length(a), b1 = cp_length(b), a2, b2;

	if (strcmp(a + a1, b + b1) == 0)
		return 1;
	a2 = cp_length(a + a1);
	b2 = cp_length(b + b1);
	if (a2 == 0 || a2 != b1 || b2 != a1)
		return 0;
	return memcmp(a + a1, b, b1) == 0 && memcmp(b + b1, a, a1) == 0 &&
	    strcmp(a + a1 + a2, b + b1 + b2) == 0;
}

int
searchterms_within_one_edit(const char *a, const char *b)
{
	size_t na, nb, la, lb;

	if (a == NULL || b == NULL)
		return 0;
	na = count_code_points(a);
	nb = count_code_points(b);
	if (na + 1 < nb || nb + 1 < na)
		return 0;
	if (nb > na)
		return searchterms_within_one_edit(b, a);
	for (;;) {
		la = cp_length(a);
		lb = cp_length(b);
		if (la == 0 || la != lb || memcmp(a, b, la) != 0)
			break;
		a += la;
		b += lb;
	}
	if (la == 0)
		return 1; /* equal */
	if (na > nb)
		return strcmp(a + la, b) == 0; /* one deletion from a */
	return one_substitution_or_swap(a, b);
}

int
searchterms_alternatives_only(const char *expr)
{
	int quoted = 0;

	for (; *expr != '\0'; expr++) {
		if (*expr == '"')
			quoted = !quoted;
		else if (!quoted && strncmp(expr, "AND", 3) == 0)
			return 0;
	}
	return 1;
}

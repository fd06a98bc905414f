/*
** fold.c - folding of text for search and sorting (see fold.h).
**
** The folding is SQLite FTS5's own: the tokenizer `unicode61 remove_diacritics 2` lower-
** cases and strips diacritics one code point at a time, and so does fold_text, from the
** table below. The table was derived from SQLite 3.40.1 by tokenizing every code point
** U+0080..U+10FFFF and keeping the ones FTS5 changes; tests/unit/test_fold.c checks it
** against the linked SQLite, code point by code point.
*/
#include "fold.h"
#include "utf8.h"

#include <stdint.h>

enum fold_how {
	FOLD_TO, /* each code point of the range becomes value (0: it is removed) */
	FOLD_BY  /* each code point of the range moves by value */
};

struct fold_range {
	uint32_t first; /* first code point of the range */
	uint32_t last;  /* last code point of the range */
	uint8_t  step;  /* 1: every code point in the range, 2: every other one from first */
	uint8_t  how;   /* enum fold_how */
	int32_t  value; /* target code point or offset, as how says */
};

/* Sorted by first; ranges do not overlap. */
static const struct fold_range fold_ranges[] = {
	{ 0x000B5, 0x000B5, 1, FOLD_BY, +775 },	/* µ -> μ */
	{ 0x000C0, 0x000C5, 1, FOLD_TO, 'a' },	/* À..Å -> a */
	{ 0x000C6, 0x000C6, 1, FOLD_BY, +32 },	/* Æ -> æ */
	{ 0x000C7, 0x000C7, 1, FOLD_TO, 'c' },	/* Ç -> c */
	{ 0x000C8, 0x000CB, 1, FOLD_TO, 'e' },	/* È..Ë -> e */
	{ 0x000CC, 0x000CF, 1, FOLD_TO, 'i' },	/* Ì..Ï -> i */
	{ 0x000D0, 0x000D0, 1, FOLD_BY, +32 },	/* Ð -> ð */
	{ 0x000D1, 0x000D1, 1, FOLD_TO, 'n' },	/* Ñ -> n */
	{ 0x000D2, 0x000D6, 1, FOLD_TO, 'o' },	/* Ò..Ö -> o */
	{ 0x000D8, 0x000D8, 1, FOLD_BY, +32 },	/* Ø -> ø */
	{ 0x000D9, 0x000DC, 1, FOLD_TO, 'u' },	/* Ù..Ü -> u */
	{ 0x000DD, 0x000DD, 1, FOLD_TO, 'y' },	/* Ý -> y */
	{ 0x000DE, 0x000DE, 1, FOLD_BY, +32 },	/* Þ -> þ */
	{ 0x000E0, 0x000E5, 1, FOLD_TO, 'a' },	/* à..å -> a */
	{ 0x000E7, 0x000E7, 1, FOLD_TO, 'c' },	/* ç -> c */
	{ 0x000E8, 0x000EB, 1, FOLD_TO, 'e' },	/* è..ë -> e */
	{ 0x000EC, 0x000EF, 1, FOLD_TO, 'i' },	/* ì..ï -> i */
	{ 0x000F1, 0x000F1, 1, FOLD_TO, 'n' },	/* ñ -> n */
	{ 0x000F2, 0x000F6, 1, FOLD_TO, 'o' },	/* ò..ö -> o */
	{ 0x000F9, 0x000FC, 1, FOLD_TO, 'u' },	/* ù..ü -> u */
	{ 0x000FD, 0x000FD, 1, FOLD_TO, 'y' },	/* ý -> y */
	{ 0x000FF, 0x000FF, 1, FOLD_TO, 'y' },	/* ÿ -> y */
	{ 0x00100, 0x00105, 1, FOLD_TO, 'a' },	/* Ā..ą -> a */
	{ 0x00106, 0x0010D, 1, FOLD_TO, 'c' },	/* Ć..č -> c */
	{ 0x0010E, 0x0010F, 1, FOLD_TO, 'd' },	/* Ď..ď -> d */
	{ 0x00110, 0x00110, 1, FOLD_BY, +1 },	/* Đ -> đ */
	{ 0x00112, 0x0011B, 1, FOLD_TO, 'e' },	/* Ē..ě -> e */
	{ 0x0011C, 0x00123, 1, FOLD_TO, 'g' },	/* Ĝ..ģ -> g */
	{ 0x00124, 0x00125, 1, FOLD_TO, 'h' },	/* Ĥ..ĥ -> h */
	{ 0x00126, 0x00126, 1, FOLD_BY, +1 },	/* Ħ -> ħ */
	{ 0x00128, 0x00130, 1, FOLD_TO, 'i' },	/* Ĩ..İ -> i */
	{ 0x00132, 0x00132, 1, FOLD_BY, +1 },	/* Ĳ -> ĳ */
	{ 0x00134, 0x00135, 1, FOLD_TO, 'j' },	/* Ĵ..ĵ -> j */
	{ 0x00136, 0x00137, 1, FOLD_TO, 'k' },	/* Ķ..ķ -> k */
	{ 0x00139, 0x0013E, 1, FOLD_TO, 'l' },	/* Ĺ..ľ -> l */
	{ 0x0013F, 0x00141, 2, FOLD_BY, +1 },	/* Ŀ..Ł -> ŀ..ł */
	{ 0x00143, 0x00148, 1, FOLD_TO, 'n' },	/* Ń..ň -> n */
	{ 0x0014A, 0x0014A, 1, FOLD_BY, +1 },	/* Ŋ -> ŋ */
	{ 0x0014C, 0x00151, 1, FOLD_TO, 'o' },	/* Ō..ő -> o */
	{ 0x00152, 0x00152, 1, FOLD_BY, +1 },	/* Œ -> œ */
	{ 0x00154, 0x00159, 1, FOLD_TO, 'r' },	/* Ŕ..ř -> r */
	{ 0x0015A, 0x00161, 1, FOLD_TO, 's' },	/* Ś..š -> s */
	{ 0x00162, 0x00165, 1, FOLD_TO, 't' },	/* Ţ..ť -> t */
	{ 0x00166, 0x00166, 1, FOLD_BY, +1 },	/* Ŧ -> ŧ */
	{ 0x00168, 0x00173, 1, FOLD_TO, 'u' },	/* Ũ..ų -> u */
	{ 0x00174, 0x00175, 1, FOLD_TO, 'w' },	/* Ŵ..ŵ -> w */
	{ 0x00176, 0x00178, 1, FOLD_TO, 'y' },	/* Ŷ..Ÿ -> y */
	{ 0x00179, 0x0017E, 1, FOLD_TO, 'z' },	/* Ź..ž -> z */
	{ 0x0017F, 0x0017F, 1, FOLD_TO, 's' },	/* ſ -> s */
	{ 0x00181, 0x00181, 1, FOLD_BY, +210 },	/* Ɓ -> ɓ */
	{ 0x00182, 0x00184, 2, FOLD_BY, +1 },	/* Ƃ..Ƅ -> ƃ..ƅ */
	{ 0x00186, 0x00186, 1, FOLD_BY, +206 },	/* Ɔ -> ɔ */
	{ 0x00187, 0x00187, 1, FOLD_BY, +1 },	/* Ƈ -> ƈ */
	{ 0x00189, 0x0018A, 1, FOLD_BY, +205 },	/* Ɖ..Ɗ -> ɖ..ɗ */
	{ 0x0018B, 0x0018B, 1, FOLD_BY, +1 },	/* Ƌ -> ƌ */
	{ 0x0018E, 0x0018E, 1, FOLD_BY, +79 },	/* Ǝ -> ǝ */
	{ 0x0018F, 0x0018F, 1, FOLD_BY, +202 },	/* Ə -> ə */
	{ 0x00190, 0x00190, 1, FOLD_BY, +203 },	/* Ɛ -> ɛ */
	{ 0x00191, 0x00191, 1, FOLD_BY, +1 },	/* Ƒ -> ƒ */
	{ 0x00193, 0x00193, 1, FOLD_BY, +205 },	/* Ɠ -> ɠ */
	{ 0x00194, 0x00194, 1, FOLD_BY, +207 },	/* Ɣ -> ɣ */
	{ 0x00196, 0x00196, 1, FOLD_BY, +211 },	/* Ɩ -> ɩ */
	{ 0x00197, 0x00197, 1, FOLD_BY, +209 },	/* Ɨ -> ɨ */
	{ 0x00198, 0x00198, 1, FOLD_BY, +1 },	/* Ƙ -> ƙ */
	{ 0x0019C, 0x0019C, 1, FOLD_BY, +211 },	/* Ɯ -> ɯ */
	{ 0x0019D, 0x0019D, 1, FOLD_BY, +213 },	/* Ɲ -> ɲ */
	{ 0x0019F, 0x0019F, 1, FOLD_BY, +214 },	/* Ɵ -> ɵ */
	{ 0x001A0, 0x001A1, 1, FOLD_TO, 'o' },	/* Ơ..ơ -> o */
	{ 0x001A2, 0x001A4, 2, FOLD_BY, +1 },	/* Ƣ..Ƥ -> ƣ..ƥ */
	{ 0x001A6, 0x001A6, 1, FOLD_BY, +218 },	/* Ʀ -> ʀ */
	{ 0x001A7, 0x001A7, 1, FOLD_BY, +1 },	/* Ƨ -> ƨ */
	{ 0x001A9, 0x001A9, 1, FOLD_BY, +218 },	/* Ʃ -> ʃ */
	{ 0x001AC, 0x001AC, 1, FOLD_BY, +1 },	/* Ƭ -> ƭ */
	{ 0x001AE, 0x001AE, 1, FOLD_BY, +218 },	/* Ʈ -> ʈ */
	{ 0x001AF, 0x001B0, 1, FOLD_TO, 'u' },	/* Ư..ư -> u */
	{ 0x001B1, 0x001B2, 1, FOLD_BY, +217 },	/* Ʊ..Ʋ -> ʊ..ʋ */
	{ 0x001B3, 0x001B5, 2, FOLD_BY, +1 },	/* Ƴ..Ƶ -> ƴ..ƶ */
	{ 0x001B7, 0x001B7, 1, FOLD_BY, +219 },	/* Ʒ -> ʒ */
	{ 0x001B8, 0x001B8, 1, FOLD_BY, +1 },	/* Ƹ -> ƹ */
	{ 0x001BC, 0x001BC, 1, FOLD_BY, +1 },	/* Ƽ -> ƽ */
	{ 0x001C4, 0x001C4, 1, FOLD_BY, +2 },	/* Ǆ -> ǆ */
	{ 0x001C5, 0x001C5, 1, FOLD_BY, +1 },	/* ǅ -> ǆ */
	{ 0x001C7, 0x001C7, 1, FOLD_BY, +2 },	/* Ǉ -> ǉ */
	{ 0x001C8, 0x001C8, 1, FOLD_BY, +1 },	/* ǈ -> ǉ */
	{ 0x001CA, 0x001CA, 1, FOLD_BY, +2 },	/* Ǌ -> ǌ */
	{ 0x001CB, 0x001CB, 1, FOLD_BY, +1 },	/* ǋ -> ǌ */
	{ 0x001CD, 0x001CE, 1, FOLD_TO, 'a' },	/* Ǎ..ǎ -> a */
	{ 0x001CF, 0x001D0, 1, FOLD_TO, 'i' },	/* Ǐ..ǐ -> i */
	{ 0x001D1, 0x001D2, 1, FOLD_TO, 'o' },	/* Ǒ..ǒ -> o */
	{ 0x001D3, 0x001DC, 1, FOLD_TO, 'u' },	/* Ǔ..ǜ -> u */
	{ 0x001DE, 0x001DF, 1, FOLD_TO, 'a' },	/* Ǟ..ǟ -> a */
	{ 0x001E0, 0x001E4, 2, FOLD_BY, +1 },	/* Ǡ..Ǥ -> ǡ..ǥ */
	{ 0x001E6, 0x001E7, 1, FOLD_TO, 'g' },	/* Ǧ..ǧ -> g */
	{ 0x001E8, 0x001E9, 1, FOLD_TO, 'k' },	/* Ǩ..ǩ -> k */
	{ 0x001EA, 0x001ED, 1, FOLD_TO, 'o' },	/* Ǫ..ǭ -> o */
	{ 0x001EE, 0x001EE, 1, FOLD_BY, +1 },	/* Ǯ -> ǯ */
	{ 0x001F0, 0x001F0, 1, FOLD_TO, 'j' },	/* ǰ -> j */
	{ 0x001F1, 0x001F1, 1, FOLD_BY, +2 },	/* Ǳ -> ǳ */
	{ 0x001F2, 0x001F2, 1, FOLD_BY, +1 },	/* ǲ -> ǳ */
	{ 0x001F4, 0x001F5, 1, FOLD_TO, 'g' },	/* Ǵ..ǵ -> g */
	{ 0x001F6, 0x001F6, 1, FOLD_BY, -97 },	/* Ƕ -> ƕ */
	{ 0x001F7, 0x001F7, 1, FOLD_BY, -56 },	/* Ƿ -> ƿ */
	{ 0x001F8, 0x001F9, 1, FOLD_TO, 'n' },	/* Ǹ..ǹ -> n */
	{ 0x001FA, 0x001FB, 1, FOLD_TO, 'a' },	/* Ǻ..ǻ -> a */
	{ 0x001FC, 0x001FE, 2, FOLD_BY, +1 },	/* Ǽ..Ǿ -> ǽ..ǿ */
	{ 0x00200, 0x00203, 1, FOLD_TO, 'a' },	/* Ȁ..ȃ -> a */
	{ 0x00204, 0x00207, 1, FOLD_TO, 'e' },	/* Ȅ..ȇ -> e */
	{ 0x00208, 0x0020B, 1, FOLD_TO, 'i' },	/* Ȉ..ȋ -> i */
	{ 0x0020C, 0x0020F, 1, FOLD_TO, 'o' },	/* Ȍ..ȏ -> o */
	{ 0x00210, 0x00213, 1, FOLD_TO, 'r' },	/* Ȑ..ȓ -> r */
	{ 0x00214, 0x00217, 1, FOLD_TO, 'u' },	/* Ȕ..ȗ -> u */
	{ 0x00218, 0x00219, 1, FOLD_TO, 's' },	/* Ș..ș -> s */
	{ 0x0021A, 0x0021B, 1, FOLD_TO, 't' },	/* Ț..ț -> t */
	{ 0x0021C, 0x0021C, 1, FOLD_BY, +1 },	/* Ȝ -> ȝ */
	{ 0x0021E, 0x0021F, 1, FOLD_TO, 'h' },	/* Ȟ..ȟ -> h */
	{ 0x00220, 0x00220, 1, FOLD_BY, -130 },	/* Ƞ -> ƞ */
	{ 0x00222, 0x00224, 2, FOLD_BY, +1 },	/* Ȣ..Ȥ -> ȣ..ȥ */
	{ 0x00226, 0x00227, 1, FOLD_TO, 'a' },	/* Ȧ..ȧ -> a */
	{ 0x00228, 0x00229, 1, FOLD_TO, 'e' },	/* Ȩ..ȩ -> e */
	{ 0x0022A, 0x00231, 1, FOLD_TO, 'o' },	/* Ȫ..ȱ -> o */
	{ 0x00232, 0x00233, 1, FOLD_TO, 'y' },	/* Ȳ..ȳ -> y */
	{ 0x0023A, 0x0023A, 1, FOLD_BY, +10795 },	/* Ⱥ -> ⱥ */
	{ 0x0023B, 0x0023B, 1, FOLD_BY, +1 },	/* Ȼ -> ȼ */
	{ 0x0023D, 0x0023D, 1, FOLD_BY, -163 },	/* Ƚ -> ƚ */
	{ 0x0023E, 0x0023E, 1, FOLD_BY, +10792 },	/* Ⱦ -> ⱦ */
	{ 0x00241, 0x00241, 1, FOLD_BY, +1 },	/* Ɂ -> ɂ */
	{ 0x00243, 0x00243, 1, FOLD_BY, -195 },	/* Ƀ -> ƀ */
	{ 0x00244, 0x00244, 1, FOLD_BY, +69 },	/* Ʉ -> ʉ */
	{ 0x00245, 0x00245, 1, FOLD_BY, +71 },	/* Ʌ -> ʌ */
	{ 0x00246, 0x0024E, 2, FOLD_BY, +1 },	/* Ɇ..Ɏ -> ɇ..ɏ */
	{ 0x00300, 0x00304, 1, FOLD_TO, 0 },	/* U+0300..U+0304 -> removed */
	{ 0x00306, 0x0030C, 1, FOLD_TO, 0 },	/* U+0306..U+030C -> removed */
	{ 0x0030F, 0x0030F, 1, FOLD_TO, 0 },	/* U+030F -> removed */
	{ 0x00311, 0x00311, 1, FOLD_TO, 0 },	/* U+0311 -> removed */
	{ 0x0031B, 0x0031B, 1, FOLD_TO, 0 },	/* U+031B -> removed */
	{ 0x00323, 0x00328, 1, FOLD_TO, 0 },	/* U+0323..U+0328 -> removed */
	{ 0x0032D, 0x0032E, 1, FOLD_TO, 0 },	/* U+032D..U+032E -> removed */
	{ 0x00330, 0x00331, 1, FOLD_TO, 0 },	/* U+0330..U+0331 -> removed */
	{ 0x00370, 0x00372, 2, FOLD_BY, +1 },	/* Ͱ..Ͳ -> ͱ..ͳ */
	{ 0x00376, 0x00376, 1, FOLD_BY, +1 },	/* Ͷ -> ͷ */
	{ 0x00386, 0x00386, 1, FOLD_BY, +38 },	/* Ά -> ά */
	{ 0x00388, 0x0038A, 1, FOLD_BY, +37 },	/* Έ..Ί -> έ..ί */
	{ 0x0038C, 0x0038C, 1, FOLD_BY, +64 },	/* Ό -> ό */
	{ 0x0038E, 0x0038F, 1, FOLD_BY, +63 },	/* Ύ..Ώ -> ύ..ώ */
	{ 0x00391, 0x003A1, 1, FOLD_BY, +32 },	/* Α..Ρ -> α..ρ */
	{ 0x003A3, 0x003AB, 1, FOLD_BY, +32 },	/* Σ..Ϋ -> σ..ϋ */
	{ 0x003C2, 0x003C2, 1, FOLD_BY, +1 },	/* ς -> σ */
	{ 0x003CF, 0x003CF, 1, FOLD_BY, +8 },	/* Ϗ -> ϗ */
	{ 0x003D0, 0x003D0, 1, FOLD_BY, -30 },	/* ϐ -> β */
	{ 0x003D1, 0x003D1, 1, FOLD_BY, -25 },	/* ϑ -> θ */
	{ 0x003D5, 0x003D5, 1, FOLD_BY, -15 },	/* ϕ -> φ */
	{ 0x003D6, 0x003D6, 1, FOLD_BY, -22 },	/* ϖ -> π */
	{ 0x003D8, 0x003EE, 2, FOLD_BY, +1 },	/* Ϙ..Ϯ -> ϙ..ϯ */
	{ 0x003F0, 0x003F0, 1, FOLD_BY, -54 },	/* ϰ -> κ */
	{ 0x003F1, 0x003F1, 1, FOLD_BY, -48 },	/* ϱ -> ρ */
	{ 0x003F4, 0x003F4, 1, FOLD_BY, -60 },	/* ϴ -> θ */
	{ 0x003F5, 0x003F5, 1, FOLD_BY, -64 },	/* ϵ -> ε */
	{ 0x003F7, 0x003F7, 1, FOLD_BY, +1 },	/* Ϸ -> ϸ */
	{ 0x003F9, 0x003F9, 1, FOLD_BY, -7 },	/* Ϲ -> ϲ */
	{ 0x003FA, 0x003FA, 1, FOLD_BY, +1 },	/* Ϻ -> ϻ */
	{ 0x003FD, 0x003FF, 1, FOLD_BY, -130 },	/* Ͻ..Ͽ -> ͻ..ͽ */
	{ 0x00400, 0x0040F, 1, FOLD_BY, +80 },	/* Ѐ..Џ -> ѐ..џ */
	{ 0x00410, 0x0042F, 1, FOLD_BY, +32 },	/* А..Я -> а..я */
	{ 0x00460, 0x00480, 2, FOLD_BY, +1 },	/* Ѡ..Ҁ -> ѡ..ҁ */
	{ 0x0048A, 0x004BE, 2, FOLD_BY, +1 },	/* Ҋ..Ҿ -> ҋ..ҿ */
	{ 0x004C0, 0x004C0, 1, FOLD_BY, +15 },	/* Ӏ -> ӏ */
	{ 0x004C1, 0x004CD, 2, FOLD_BY, +1 },	/* Ӂ..Ӎ -> ӂ..ӎ */
	{ 0x004D0, 0x00526, 2, FOLD_BY, +1 },	/* Ӑ..Ԧ -> ӑ..ԧ */
	{ 0x00531, 0x00556, 1, FOLD_BY, +48 },	/* Ա..Ֆ -> ա..ֆ */
	{ 0x010A0, 0x010C5, 1, FOLD_BY, +7264 },	/* Ⴀ..Ⴥ -> ⴀ..ⴥ */
	{ 0x010C7, 0x010C7, 1, FOLD_BY, +7264 },	/* Ⴧ -> ⴧ */
	{ 0x010CD, 0x010CD, 1, FOLD_BY, +7264 },	/* Ⴭ -> ⴭ */
	{ 0x01E00, 0x01E01, 1, FOLD_TO, 'a' },	/* Ḁ..ḁ -> a */
	{ 0x01E02, 0x01E07, 1, FOLD_TO, 'b' },	/* Ḃ..ḇ -> b */
	{ 0x01E08, 0x01E09, 1, FOLD_TO, 'c' },	/* Ḉ..ḉ -> c */
	{ 0x01E0A, 0x01E13, 1, FOLD_TO, 'd' },	/* Ḋ..ḓ -> d */
	{ 0x01E14, 0x01E1D, 1, FOLD_TO, 'e' },	/* Ḕ..ḝ -> e */
	{ 0x01E1E, 0x01E1F, 1, FOLD_TO, 'f' },	/* Ḟ..ḟ -> f */
	{ 0x01E20, 0x01E21, 1, FOLD_TO, 'g' },	/* Ḡ..ḡ -> g */
	{ 0x01E22, 0x01E2B, 1, FOLD_TO, 'h' },	/* Ḣ..ḫ -> h */
	{ 0x01E2C, 0x01E2F, 1, FOLD_TO, 'i' },	/* Ḭ..ḯ -> i */
	{ 0x01E30, 0x01E35, 1, FOLD_TO, 'k' },	/* Ḱ..ḵ -> k */
	{ 0x01E36, 0x01E3D, 1, FOLD_TO, 'l' },	/* Ḷ..ḽ -> l */
	{ 0x01E3E, 0x01E43, 1, FOLD_TO, 'm' },	/* Ḿ..ṃ -> m */
	{ 0x01E44, 0x01E4B, 1, FOLD_TO, 'n' },	/* Ṅ..ṋ -> n */
	{ 0x01E4C, 0x01E53, 1, FOLD_TO, 'o' },	/* Ṍ..ṓ -> o */
	{ 0x01E54, 0x01E57, 1, FOLD_TO, 'p' },	/* Ṕ..ṗ -> p */
	{ 0x01E58, 0x01E5F, 1, FOLD_TO, 'r' },	/* Ṙ..ṟ -> r */
	{ 0x01E60, 0x01E69, 1, FOLD_TO, 's' },	/* Ṡ..ṩ -> s */
	{ 0x01E6A, 0x01E71, 1, FOLD_TO, 't' },	/* Ṫ..ṱ -> t */
	{ 0x01E72, 0x01E7B, 1, FOLD_TO, 'u' },	/* Ṳ..ṻ -> u */
	{ 0x01E7C, 0x01E7F, 1, FOLD_TO, 'v' },	/* Ṽ..ṿ -> v */
	{ 0x01E80, 0x01E89, 1, FOLD_TO, 'w' },	/* Ẁ..ẉ -> w */
	{ 0x01E8A, 0x01E8D, 1, FOLD_TO, 'x' },	/* Ẋ..ẍ -> x */
	{ 0x01E8E, 0x01E8F, 1, FOLD_TO, 'y' },	/* Ẏ..ẏ -> y */
	{ 0x01E90, 0x01E95, 1, FOLD_TO, 'z' },	/* Ẑ..ẕ -> z */
	{ 0x01E96, 0x01E96, 1, FOLD_TO, 'h' },	/* ẖ -> h */
	{ 0x01E97, 0x01E97, 1, FOLD_TO, 't' },	/* ẗ -> t */
	{ 0x01E98, 0x01E98, 1, FOLD_TO, 'w' },	/* ẘ -> w */
	{ 0x01E99, 0x01E99, 1, FOLD_TO, 'y' },	/* ẙ -> y */
	{ 0x01E9B, 0x01E9B, 1, FOLD_TO, 's' },	/* ẛ -> s */
	{ 0x01E9E, 0x01E9E, 1, FOLD_BY, -7615 },	/* ẞ -> ß */
	{ 0x01EA0, 0x01EB7, 1, FOLD_TO, 'a' },	/* Ạ..ặ -> a */
	{ 0x01EB8, 0x01EC7, 1, FOLD_TO, 'e' },	/* Ẹ..ệ -> e */
	{ 0x01EC8, 0x01ECB, 1, FOLD_TO, 'i' },	/* Ỉ..ị -> i */
	{ 0x01ECC, 0x01EE3, 1, FOLD_TO, 'o' },	/* Ọ..ợ -> o */
	{ 0x01EE4, 0x01EF1, 1, FOLD_TO, 'u' },	/* Ụ..ự -> u */
	{ 0x01EF2, 0x01EF9, 1, FOLD_TO, 'y' },	/* Ỳ..ỹ -> y */
	{ 0x01EFA, 0x01EFE, 2, FOLD_BY, +1 },	/* Ỻ..Ỿ -> ỻ..ỿ */
	{ 0x01F08, 0x01F0F, 1, FOLD_BY, -8 },	/* Ἀ..Ἇ -> ἀ..ἇ */
	{ 0x01F18, 0x01F1D, 1, FOLD_BY, -8 },	/* Ἐ..Ἕ -> ἐ..ἕ */
	{ 0x01F28, 0x01F2F, 1, FOLD_BY, -8 },	/* Ἠ..Ἧ -> ἠ..ἧ */
	{ 0x01F38, 0x01F3F, 1, FOLD_BY, -8 },	/* Ἰ..Ἷ -> ἰ..ἷ */
	{ 0x01F48, 0x01F4D, 1, FOLD_BY, -8 },	/* Ὀ..Ὅ -> ὀ..ὅ */
	{ 0x01F59, 0x01F5F, 2, FOLD_BY, -8 },	/* Ὑ..Ὗ -> ὑ..ὗ */
	{ 0x01F68, 0x01F6F, 1, FOLD_BY, -8 },	/* Ὠ..Ὧ -> ὠ..ὧ */
	{ 0x01F88, 0x01F8F, 1, FOLD_BY, -8 },	/* ᾈ..ᾏ -> ᾀ..ᾇ */
	{ 0x01F98, 0x01F9F, 1, FOLD_BY, -8 },	/* ᾘ..ᾟ -> ᾐ..ᾗ */
	{ 0x01FA8, 0x01FAF, 1, FOLD_BY, -8 },	/* ᾨ..ᾯ -> ᾠ..ᾧ */
	{ 0x01FB8, 0x01FB9, 1, FOLD_BY, -8 },	/* Ᾰ..Ᾱ -> ᾰ..ᾱ */
	{ 0x01FBA, 0x01FBB, 1, FOLD_BY, -74 },	/* Ὰ..Ά -> ὰ..ά */
	{ 0x01FBC, 0x01FBC, 1, FOLD_BY, -9 },	/* ᾼ -> ᾳ */
	{ 0x01FBE, 0x01FBE, 1, FOLD_BY, -7173 },	/* ι -> ι */
	{ 0x01FC8, 0x01FCB, 1, FOLD_BY, -86 },	/* Ὲ..Ή -> ὲ..ή */
	{ 0x01FCC, 0x01FCC, 1, FOLD_BY, -9 },	/* ῌ -> ῃ */
	{ 0x01FD8, 0x01FD9, 1, FOLD_BY, -8 },	/* Ῐ..Ῑ -> ῐ..ῑ */
	{ 0x01FDA, 0x01FDB, 1, FOLD_BY, -100 },	/* Ὶ..Ί -> ὶ..ί */
	{ 0x01FE8, 0x01FE9, 1, FOLD_BY, -8 },	/* Ῠ..Ῡ -> ῠ..ῡ */
	{ 0x01FEA, 0x01FEB, 1, FOLD_BY, -112 },	/* Ὺ..Ύ -> ὺ..ύ */
	{ 0x01FEC, 0x01FEC, 1, FOLD_BY, -7 },	/* Ῥ -> ῥ */
	{ 0x01FF8, 0x01FF9, 1, FOLD_BY, -128 },	/* Ὸ..Ό -> ὸ..ό */
	{ 0x01FFA, 0x01FFB, 1, FOLD_BY, -126 },	/* Ὼ..Ώ -> ὼ..ώ */
	{ 0x01FFC, 0x01FFC, 1, FOLD_BY, -9 },	/* ῼ -> ῳ */
	{ 0x02126, 0x02126, 1, FOLD_BY, -7517 },	/* Ω -> ω */
	{ 0x0212A, 0x0212A, 1, FOLD_TO, 'k' },	/* K -> k */
	{ 0x0212B, 0x0212B, 1, FOLD_TO, 'a' },	/* Å -> a */
	{ 0x02132, 0x02132, 1, FOLD_BY, +28 },	/* Ⅎ -> ⅎ */
	{ 0x02160, 0x0216F, 1, FOLD_BY, +16 },	/* Ⅰ..Ⅿ -> ⅰ..ⅿ */
	{ 0x02183, 0x02183, 1, FOLD_BY, +1 },	/* Ↄ -> ↄ */
	{ 0x02C00, 0x02C2E, 1, FOLD_BY, +48 },	/* Ⰰ..Ⱞ -> ⰰ..ⱞ */
	{ 0x02C60, 0x02C60, 1, FOLD_BY, +1 },	/* Ⱡ -> ⱡ */
	{ 0x02C62, 0x02C62, 1, FOLD_BY, -10743 },	/* Ɫ -> ɫ */
	{ 0x02C63, 0x02C63, 1, FOLD_BY, -3814 },	/* Ᵽ -> ᵽ */
	{ 0x02C64, 0x02C64, 1, FOLD_BY, -10727 },	/* Ɽ -> ɽ */
	{ 0x02C67, 0x02C6B, 2, FOLD_BY, +1 },	/* Ⱨ..Ⱬ -> ⱨ..ⱬ */
	{ 0x02C6D, 0x02C6D, 1, FOLD_BY, -10780 },	/* Ɑ -> ɑ */
	{ 0x02C6E, 0x02C6E, 1, FOLD_BY, -10749 },	/* Ɱ -> ɱ */
	{ 0x02C6F, 0x02C6F, 1, FOLD_BY, -10783 },	/* Ɐ -> ɐ */
	{ 0x02C70, 0x02C70, 1, FOLD_BY, -10782 },	/* Ɒ -> ɒ */
	{ 0x02C72, 0x02C72, 1, FOLD_BY, +1 },	/* Ⱳ -> ⱳ */
	{ 0x02C75, 0x02C75, 1, FOLD_BY, +1 },	/* Ⱶ -> ⱶ */
	{ 0x02C7E, 0x02C7F, 1, FOLD_BY, -10815 },	/* Ȿ..Ɀ -> ȿ..ɀ */
	{ 0x02C80, 0x02CE2, 2, FOLD_BY, +1 },	/* Ⲁ..Ⳣ -> ⲁ..ⳣ */
	{ 0x02CEB, 0x02CED, 2, FOLD_BY, +1 },	/* Ⳬ..Ⳮ -> ⳬ..ⳮ */
	{ 0x02CF2, 0x02CF2, 1, FOLD_BY, +1 },	/* Ⳳ -> ⳳ */
	{ 0x0A640, 0x0A66C, 2, FOLD_BY, +1 },	/* Ꙁ..Ꙭ -> ꙁ..ꙭ */
	{ 0x0A680, 0x0A696, 2, FOLD_BY, +1 },	/* Ꚁ..Ꚗ -> ꚁ..ꚗ */
	{ 0x0A722, 0x0A72E, 2, FOLD_BY, +1 },	/* Ꜣ..Ꜯ -> ꜣ..ꜯ */
	{ 0x0A732, 0x0A76E, 2, FOLD_BY, +1 },	/* Ꜳ..Ꝯ -> ꜳ..ꝯ */
	{ 0x0A779, 0x0A77B, 2, FOLD_BY, +1 },	/* Ꝺ..Ꝼ -> ꝺ..ꝼ */
	{ 0x0A77D, 0x0A77D, 1, FOLD_BY, -35332 },	/* Ᵹ -> ᵹ */
	{ 0x0A77E, 0x0A786, 2, FOLD_BY, +1 },	/* Ꝿ..Ꞇ -> ꝿ..ꞇ */
	{ 0x0A78B, 0x0A78B, 1, FOLD_BY, +1 },	/* Ꞌ -> ꞌ */
	{ 0x0A78D, 0x0A78D, 1, FOLD_BY, -42280 },	/* Ɥ -> ɥ */
	{ 0x0A790, 0x0A792, 2, FOLD_BY, +1 },	/* Ꞑ..Ꞓ -> ꞑ..ꞓ */
	{ 0x0A7A0, 0x0A7A8, 2, FOLD_BY, +1 },	/* Ꞡ..Ꞩ -> ꞡ..ꞩ */
	{ 0x0A7AA, 0x0A7AA, 1, FOLD_BY, -42308 },	/* Ɦ -> ɦ */
	{ 0x0FF21, 0x0FF3A, 1, FOLD_BY, +32 },	/* Ａ..Ｚ -> ａ..ｚ */
	{ 0x10400, 0x10427, 1, FOLD_BY, +40 },	/* 𐐀..𐐧 -> 𐐨..𐑏 */
};

#define FOLD_RANGES (sizeof fold_ranges / sizeof fold_ranges[0])

static int
put_utf8(struct buf *out, uint32_t cp)
{
	char s[4];

	if (cp < 0x80) {
		s[0] = (char)cp;
		return buf_append(out, s, 1);
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		return buf_append(out, s, 2);
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		return buf_append(out, s, 3);
	}
	s[0] = (char)(0xf0 | (cp >> 18));
	s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	s[3] = (char)(0x80 | (cp & 0x3f));
	return buf_append(out, s, 4);
}

/* The range holding cp, or NULL. */
static const struct fold_range *
find_range(uint32_t cp)
{
	size_t lo = 0, hi = FOLD_RANGES, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < fold_ranges[mid].first)
			hi = mid;
		else if (cp > fold_ranges[mid].last)
			lo = mid + 1;
		else
			return &fold_ranges[mid];
	}
	return NULL;
}

/* The folded form of cp: a code point, or 0 when cp is removed. */
static uint32_t
fold_code_point(uint32_t cp)
{
	const struct fold_range *r;

	if (cp >= 'A' && cp <= 'Z')
		return cp + ('a' - 'A');
	if (cp < 0x80)
		return cp;
	if (cp == 0x2018 || cp == 0x2019)
		return '\'';
	r = find_range(cp);
	if (r == NULL || (cp - r->first) % r->step != 0)
		return cp;
	if (r->how == FOLD_TO)
		return (uint32_t)r->value;
	return (uint32_t)((int32_t)cp + r->value);
}

int
fold_text(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp, folded;

	buf_reserve(out, len);
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			buf_append(out, p + i, 1); /* invalid byte: copied */
			i++;
			continue;
		}
		folded = fold_code_point(cp);
		if (folded == cp)
			buf_append(out, p + i, n);
		else if (folded != 0)
			put_utf8(out, folded);
		i += n;
	}
	return buf_failed(out) ? -1 : 0;
}

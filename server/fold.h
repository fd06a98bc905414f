/*
** fold.h - text folding for search and sorting: lower case and without diacritics, so
** that "Médecins", "MEDECINS" and "medecins" compare equal. The folding is the one
** SQLite's unicode61 tokenizer applies with remove_diacritics 2, code point for code
** point, because folded words are compared with the terms of the FTS5 index. Where
** FTS5 does not decompose a letter (œ, æ, ß, ø, ł...), neither does this.
*/
#ifndef SD_FOLD_H
#define SD_FOLD_H

#include <stddef.h>
#include "buf.h"

/* Append the folded form of the UTF-8 text s[0..len) to out, code point by code point,
** exactly as FTS5 `unicode61 remove_diacritics 2` folds token characters (checked for
** every code point by tests/unit/test_fold.c against the linked SQLite):
**   - ASCII upper case to lower case;
**   - Latin letters with diacritics, upper or lower case, to their base ASCII letter:
**     é→e, Ç→c, ñ→n, İ→i, ſ→s, and beyond Latin Extended-A: ǘ→u, ș→s, ạ→a, ở→o;
**   - Latin letters that FTS5 counts as letters of their own are only lower-cased:
**     Œ→œ, Æ→æ, Ø→ø, Ł→ł, Đ→đ, Þ→þ, Ð→ð, Ĳ→ĳ, Ħ→ħ, Ŋ→ŋ, ẞ→ß, and ß, ı, ĸ stay as they
**     are. So "Straße" folds to "straße", "Œuvre" to "œuvre", "Łódź" to "łodz" (not
**     "strasse", "oeuvre", "lodz": those would never equal an indexed term);
**   - the combining accents FTS5 removes are dropped (U+0300..U+0304, U+0306..U+030C,
**     U+030F, U+0311, U+031B, U+0323..U+0328, U+032D, U+032E, U+0330, U+0331), so a
**     decomposed "e" + U+0301 folds to "e"; other combining marks are copied;
**   - every other script FTS5 knows is lower-cased as FTS5 does it, diacritics kept:
**     Greek (Ά→ά, Σ→σ, and final ς→σ), Cyrillic (Ё→ё), Armenian, Georgian, Coptic,
**     Glagolitic, Deseret, fullwidth Latin (Ａ→ａ), and µ (U+00B5) → μ (U+03BC);
**   - typographic apostrophes U+2018/U+2019 become "'" (FTS5 treats all three as
**     separators, so this changes no token);
**   - everything else is copied: Arabic (no case), digits, punctuation, emoji.
** Invalid UTF-8 bytes are copied as they are. The output may be longer or shorter than
** the input. 0, or -1 on OOM. */
int fold_text(struct buf *out, const char *s, size_t len);

#endif

#!/bin/sh
# test_pocompile.sh - adding an interface language is adding one .po file: tools/pocompile
# run on a copy of client-web/i18n plus a German catalog gives one more language, which
# the server's own lookup code then serves (check_language.c). And a broken catalog stops
# the build: exit status 1, "file:line: problem", and no output written.
#
#   sh tests/tools/test_pocompile.sh BUILD/pocompile
#
# CC and CFLAGS come from the environment (the Makefile passes its own).
set -u
POCOMPILE=$1
CC=${CC:-cc}
CFLAGS=${CFLAGS:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-pocompile-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0

fail() {
	echo "FAIL: $*"
	failed=1
}

# nlang HEADER: the value of UI_NLANG in a generated languages.h.
nlang() {
	sed -n 's/^[[:space:]]*UI_NLANG = \([0-9]*\)$/\1/p' "$1"
}

# A small German catalog: the header fields pocompile reads and a few entries.
write_de() {
	cat > "$1" <<'PO'
msgid ""
msgstr ""
"Language: de\n"
"X-Language-Name: Deutsch\n"
"X-Text-Direction: ltr\n"
"Content-Type: text/plain; charset=UTF-8\n"

msgid "Search"
msgstr "Suchen"

msgctxt "category"
msgid "Health care"
msgstr "Gesundheit"

#, fuzzy
msgid "Free"
msgstr "Kostenlos?"
PO
}

# --- one more .po file, one more language -------------------------------------------
mkdir "$tmp/base" "$tmp/de" "$tmp/po"
cp client-web/i18n/*.po "$tmp/po/"
"$POCOMPILE" "$tmp/base/languages.h" "$tmp/base/catalogs.c" "$tmp"/po/*.po || fail "pocompile on the catalogs"
write_de "$tmp/po/de.po"
"$POCOMPILE" "$tmp/de/languages.h" "$tmp/de/catalogs.c" "$tmp"/po/*.po || fail "pocompile with de.po"
base=$(nlang "$tmp/base/languages.h")
more=$(nlang "$tmp/de/languages.h")
[ -n "$base" ] && [ "$more" = $((base + 1)) ] || fail "UI_NLANG: $base without de.po, $more with it"
grep -q '^	UI_DE = ' "$tmp/de/languages.h" || fail "no UI_DE in languages.h"
grep -q '{ "de", "Deutsch", 0, messages_de, 2, slots_de, 4 }' "$tmp/de/catalogs.c" ||
	fail "the de entry (2 messages, the fuzzy one left out) is not in catalogs.c"
grep -q 'UI_CODES_TEXT "ar, de, en, es, fr"' "$tmp/de/languages.h" || fail "UI_CODES_TEXT"

# The server's lookups, compiled against the new tables, serve German.
if $CC $CFLAGS -I"$tmp/de" -Iserver -o "$tmp/check_language" tests/tools/check_language.c \
    server/i18n.c server/catalog.c "$tmp/de/catalogs.c"; then
	"$tmp/check_language" || fail "check_language"
else
	fail "check_language does not build against the generated tables"
fi

# --- broken catalogs stop the build with file:line ----------------------------------
# expect_error NAME WANTED: pocompile on $tmp/bad/NAME fails with WANTED in its message.
expect_error() {
	rm -f "$tmp/bad/languages.h" "$tmp/bad/catalogs.c"
	if "$POCOMPILE" "$tmp/bad/languages.h" "$tmp/bad/catalogs.c" "$tmp/bad/$1" 2> "$tmp/err"; then
		fail "$1 was accepted"
	elif ! grep -qF -- "$2" "$tmp/err"; then
		fail "$1: expected \"$2\", got: $(cat "$tmp/err")"
	fi
	[ -e "$tmp/bad/languages.h" ] || [ -e "$tmp/bad/catalogs.c" ] && fail "$1: output written"
	rm -f "$tmp/bad/$1"
}
mkdir "$tmp/bad"

write_de "$tmp/bad/de.po"
printf 'msgid "Unclosed\nmsgstr "x"\n' >> "$tmp/bad/de.po"
expect_error de.po "$tmp/bad/de.po:18: the string has no closing quote"

write_de "$tmp/bad/de.po"
sed -i '/X-Language-Name/d' "$tmp/bad/de.po"
expect_error de.po "$tmp/bad/de.po:1: the header needs a \"X-Language-Name:\" field"

write_de "$tmp/bad/de.po"
sed -i 's/Language: de/Language: fr/' "$tmp/bad/de.po"
expect_error de.po "$tmp/bad/de.po:1: \"Language: fr\" does not match the file name (de.po)"

write_de "$tmp/bad/de.po"
sed -i 's/X-Text-Direction: ltr/X-Text-Direction: sideways/' "$tmp/bad/de.po"
expect_error de.po "$tmp/bad/de.po:1: X-Text-Direction must be ltr or rtl"

write_de "$tmp/bad/de.po"
printf '\nmsgctxt "category"\nmsgid "Health care"\nmsgstr "Gesundheitswesen"\n' >> "$tmp/bad/de.po"
expect_error de.po "$tmp/bad/de.po:20: msgid \"Health care\" (msgctxt \"category\") appears twice (first at line 12)"

printf 'msgid "Search"\nmsgstr "Suchen"\n' > "$tmp/bad/de.po"
expect_error de.po "$tmp/bad/de.po:1: no header entry"

write_de "$tmp/bad/Deutsch.po"
expect_error Deutsch.po "$tmp/bad/Deutsch.po:1: the file must be named CODE.po"

write_de "$tmp/bad/en.po"
sed -i 's/Language: de/Language: en/' "$tmp/bad/en.po"
expect_error en.po "$tmp/bad/en.po:1: English is the source language"

if [ "$failed" -eq 0 ]; then
	echo "pocompile: a new .po file adds a language; broken catalogs stop the build"
fi
exit "$failed"

/*
** minify.c - build-time minification of CSS and JavaScript (see minify.h). Each is a
** small state machine over the text that writes its output over its input.
*/
#include <string.h>

#include "minify.h"

/* Copy the quoted string starting at in[*i] (its quote) to out; stops at its closing
** quote or at the end of the text. */
static void
copy_string(const char *in, size_t len, size_t *i, char *out, size_t *o)
{
	char quote = in[*i];

	out[(*o)++] = in[(*i)++];
	while (*i < len && in[*i] != quote) {
		if (in[*i] == '\\' && *i + 1 < len)
			out[(*o)++] = in[(*i)++];
		out[(*o)++] = in[(*i)++];
	}
	if (*i < len)
		out[(*o)++] = in[(*i)++];
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

#define CSS_MAX_DEPTH 16

/* Where the CSS minifier is: how deep in braces, and whether each open block holds
** declarations (a rule's block) or rules (an at-rule's block, such as @media). */
struct css_state {
	int  depth;
	char declarations[CSS_MAX_DEPTH];
	int  at_rule;  /* the current prelude is a grouping at-rule (@media…): its block
	               ** holds rules */
	int  space;    /* whitespace was seen since the last character written */
};

static int
in_declarations(const struct css_state *st)
{
	return st->depth > 0 && st->depth <= CSS_MAX_DEPTH && st->declarations[st->depth - 1];
}

/* Structure and the characters around which no whitespace is needed: { } ; , and,
** inside a declaration block, the colon. */
static int
css_tight(const struct css_state *st, char c)
{
	return c == '{' || c == '}' || c == ';' || c == ',' || (c == ':' && in_declarations(st));
}

/* 1 when the at-rule at text ("@media…") holds rules rather than declarations. */
static int
at_rule_holds_rules(const char *text, size_t len)
{
	static const char *const grouping[] = { "@media", "@supports", "@container", "@layer",
		"@document", NULL };
	size_t i, n;

	for (i = 0; grouping[i] != NULL; i++) {
		n = strlen(grouping[i]);
		if (len >= n && memcmp(text, grouping[i], n) == 0)
			return 1;
	}
	return 0;
}

/* Follow the structure at text[i] (input), before it is written at text[*o] (output). */
static void
css_structure(struct css_state *st, char *text, size_t i, size_t len, size_t *o)
{
	if (text[i] == '{') {
		if (st->depth < CSS_MAX_DEPTH)
			st->declarations[st->depth] = !st->at_rule;
		st->depth++;
		st->at_rule = 0;
	} else if (text[i] == '}') {
		if (*o > 0 && text[*o - 1] == ';')
			(*o)--;
		if (st->depth > 0)
			st->depth--;
	} else if (text[i] == ';') {
		st->at_rule = 0;
	} else if (text[i] == '@' && !in_declarations(st)) {
		st->at_rule = at_rule_holds_rules(text + i, len - i);
	}
}

size_t
minify_css(char *text, size_t len)
{
	struct css_state st = { 0, { 0 }, 0, 0 };
	size_t i = 0, o = 0;

	while (i < len) {
		if (text[i] == '/' && i + 1 < len && text[i + 1] == '*') {
			for (i += 2; i + 1 < len && !(text[i] == '*' && text[i + 1] == '/'); i++)
				;
			i = i + 1 < len ? i + 2 : len;
			st.space = 1;
			continue;
		}
		if (is_space(text[i])) {
			st.space = 1;
			i++;
			continue;
		}
		if (st.space && o > 0 && !css_tight(&st, text[o - 1]) && !css_tight(&st, text[i]))
			text[o++] = ' ';
		st.space = 0;
		if (text[i] == '"' || text[i] == '\'')
			copy_string(text, len, &i, text, &o);
		else {
			css_structure(&st, text, i, len, &o);
			text[o++] = text[i++];
		}
	}
	return o;
}

/* Skip a comment starting at text[*i], if there is one there; 1 if skipped. A block
** comment leaves nothing, a line comment leaves its line break. */
static int
skip_js_comment(const char *text, size_t len, size_t *i, int at_space)
{
	if (text[*i] != '/' || *i + 1 >= len)
		return 0;
	if (text[*i + 1] == '*') {
		for (*i += 2; *i + 1 < len && !(text[*i] == '*' && text[*i + 1] == '/'); (*i)++)
			;
		*i = *i + 1 < len ? *i + 2 : len;
		return 1;
	}
	if (text[*i + 1] == '/' && at_space) {
		while (*i < len && text[*i] != '\n')
			(*i)++;
		return 1;
	}
	return 0;
}

static int
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

size_t
minify_js(char *text, size_t len)
{
	size_t i = 0, o = 0;
	int line_start = 1;

	while (i < len) {
		if (skip_js_comment(text, len, &i, line_start || (o > 0 && is_space(text[o - 1])))) {
			/* A comment between two words separates them, as a space would. */
			if (!line_start && o > 0 && is_word(text[o - 1]) && i < len && is_word(text[i]))
				text[o++] = ' ';
			continue;
		}
		if (text[i] == '\n') {
			while (o > 0 && (text[o - 1] == ' ' || text[o - 1] == '\t'))
				o--;
			if (o > 0 && text[o - 1] != '\n')
				text[o++] = '\n';
			line_start = 1;
			i++;
			continue;
		}
		if (line_start && is_space(text[i])) {
			i++;
			continue;
		}
		line_start = 0;
		if (text[i] == '"' || text[i] == '\'' || text[i] == '`')
			copy_string(text, len, &i, text, &o);
		else
			text[o++] = text[i++];
	}
	while (o > 0 && (text[o - 1] == ' ' || text[o - 1] == '\t'))
		o--;
	return o;
}

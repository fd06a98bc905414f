/*
** template.c - the HTML template engine (see template.h for the language and contract).
**
** tmpl_set_add compiles a template once into a flat array of nodes, in the manner of a
** SQLite VDBE program: a run of text, a value tag and an include are one node each, and a
** section node records the index just past its body, so rendering is a loop over a range
** of nodes and a section is the same loop over its body. tmpl_set_link turns include
** names into pointers and rejects missing templates, cycles and over-long include chains,
** which makes every rendering finite. After linking a set is only read: the state of a
** rendering (output, callback, context stack) lives on the caller's stack, so any number
** of threads may render from one set at once. Nothing here prints anything.
*/
#include "template.h"
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TMPL_MAX_DEPTH   32 /* sections nested inside one template */
#define TMPL_MAX_INCLUDE 32 /* includes nested inside one rendering */
#define TMPL_QUOTE_MAX   40 /* bytes of a tag quoted in an error message */

enum node_kind {
	NODE_TEXT,     /* copy text[0..len) */
	NODE_VALUE,    /* {{path}} */
	NODE_URL,      /* {{%path}} */
	NODE_SECTION,  /* {{#path}}: the body is the nodes up to end */
	NODE_INVERTED, /* {{^path}}: the body is the nodes up to end */
	NODE_INCLUDE,  /* {{>name}} */
	NODE_TRANSLATE /* {{_ text}} */
};

enum path_kind {
	PATH_KEYS,   /* nseg keys, NUL-separated in arg */
	PATH_DOT,    /* "." the current context */
	PATH_INDEX,  /* "@index" */
	PATH_NUMBER, /* "@number" */
	PATH_FIRST,  /* "@first" */
	PATH_LAST    /* "@last" */
};

enum link_mark {
	MARK_NEW,  /* not reached yet by tmpl_set_link */
	MARK_OPEN, /* on the include chain being walked */
	MARK_DONE  /* it and everything it includes checked */
};

struct tmpl;

struct node {
	enum node_kind  kind;   /* what the node does */
	unsigned        line;   /* line of the tag, for link errors */
	const char     *text;   /* NODE_TEXT: bytes inside the template's src */
	size_t          len;    /* NODE_TEXT: how many */
	char           *arg;    /* path keys, include name or msgid; owned */
	enum path_kind  path;   /* how arg is read by the tags that take a path */
	size_t          nseg;   /* PATH_KEYS: number of keys in arg */
	size_t          end;    /* sections: index of the first node after the body */
	struct tmpl    *target; /* NODE_INCLUDE: the template, set by tmpl_set_link */
	struct ahead   *ahead;  /* NODE_TRANSLATE: its escaped translation in each language
	                        ** of tmpl_set_translate_ahead, or NULL; owned */
};

/* A translation made ahead, escaped: the bytes a rendering writes. */
struct ahead {
	char   *text;  /* owned */
	size_t  len;
};

struct tmpl {
	char           *name;   /* owned */
	char           *src;    /* owned copy of the source; text nodes point into it */
	struct node    *anode;  /* owned array of nodes */
	size_t          nnode;  /* nodes in use */
	size_t          ncap;   /* nodes allocated */
	enum link_mark  mark;   /* where tmpl_set_link is with this template */
	int             height; /* longest chain of includes below this template */
};

struct tmpl_set {
	struct tmpl **atmpl;  /* owned array of owned templates */
	size_t        ntmpl;  /* templates in use */
	size_t        ncap;   /* slots allocated */
	int           linked; /* tmpl_set_link succeeded since the last change */
	int           nahead; /* languages every {{_ text}} has made ahead; 0 when none */
};

/* ---------------------------------------------------------------------------------
** Errors and small helpers.
*/

static void set_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Format a message into err[0..errlen); does nothing if err is NULL or errlen is 0. */
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

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A byte allowed in one key of a path. */
static int
is_key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Shrink s[0..*len) to leave out whitespace at both ends; returns the new start. */
static const char *
trim(const char *s, size_t *len)
{
	while (*len > 0 && is_space(s[0])) {
		s++;
		(*len)--;
	}
	while (*len > 0 && is_space(s[*len - 1]))
		(*len)--;
	return s;
}

/* How many bytes of a tag of len bytes to quote in a message ("%.*s"). */
static int
quoted(size_t len)
{
	return (int)(len > TMPL_QUOTE_MAX ? TMPL_QUOTE_MAX : len);
}

static unsigned
count_lines(const char *s, size_t len)
{
	unsigned n;
	size_t i;

	n = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

static struct tmpl *
tmpl_find(const struct tmpl_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->ntmpl; i++)
		if (strcmp(set->atmpl[i]->name, name) == 0)
			return set->atmpl[i];
	return NULL;
}

/* Drop the translations n made ahead, if any. */
static void
free_ahead(struct node *n)
{
	size_t i;

	if (n->ahead == NULL)
		return;
	for (i = 0; n->ahead[i].text != NULL; i++)
		free(n->ahead[i].text);
	free(n->ahead);
	n->ahead = NULL;
}

static void
tmpl_free(struct tmpl *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nnode; i++) {
		free(t->anode[i].arg);
		free_ahead(&t->anode[i]);
	}
	free(t->anode);
	free(t->src);
	free(t->name);
	free(t);
}

/* ---------------------------------------------------------------------------------
** Compiling: source text to an array of nodes.
*/

struct open_section {
	size_t       node; /* index of the section node */
	const char  *path; /* the path as written, to match against the close tag */
	size_t       len;  /* its length */
	unsigned     line; /* line of the opening tag */
};

struct compiler {
	struct tmpl         *t;                    /* the template being built */
	size_t               len;                  /* bytes in t->src */
	size_t               pos;                  /* next byte of t->src to read */
	unsigned             line;                 /* line of t->src[pos] */
	struct open_section  aopen[TMPL_MAX_DEPTH]; /* sections not closed yet */
	int                  nopen;                /* entries in aopen */
	char                *err;                  /* where an error message goes */
	size_t               errlen;               /* its size */
};

static int compile_error(struct compiler *c, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Write "NAME:LINE: message" to the compiler's err. Always returns -1. */
static int
compile_error(struct compiler *c, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->err == NULL || c->errlen == 0)
		return -1;
	n = snprintf(c->err, c->errlen, "%s:%u: ", c->t->name, line);
	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Append a zeroed node of the given kind; NULL on OOM. The pointer is good until the
** next call, which may move the array. */
static struct node *
add_node(struct compiler *c, enum node_kind kind, unsigned line)
{
	struct tmpl *t = c->t;
	struct node *anode;
	size_t ncap;

	if (t->nnode == t->ncap) {
		ncap = t->ncap ? t->ncap * 2 : 16;
		anode = realloc(t->anode, ncap * sizeof(*anode));
		if (anode == NULL)
			return NULL;
		t->anode = anode;
		t->ncap = ncap;
	}
	anode = &t->anode[t->nnode++];
	memset(anode, 0, sizeof(*anode));
	anode->kind = kind;
	anode->line = line;
	return anode;
}

/* Add the text from pos up to end as a node, and move pos there. */
static int
add_text(struct compiler *c, size_t end)
{
	struct node *n;

	n = add_node(c, NODE_TEXT, c->line);
	if (n == NULL)
		return compile_error(c, c->line, "out of memory");
	n->text = c->t->src + c->pos;
	n->len = end - c->pos;
	c->line += count_lines(n->text, n->len);
	c->pos = end;
	return 0;
}

/* Read "@name" in s[0..len) into n->path. */
static int
parse_position(struct compiler *c, struct node *n, const char *s, size_t len,
    unsigned line)
{
	static const struct {
		const char     *name;
		enum path_kind  kind;
	} names[] = {
		{ "@index", PATH_INDEX },
		{ "@number", PATH_NUMBER },
		{ "@first", PATH_FIRST },
		{ "@last", PATH_LAST },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) == len && memcmp(names[i].name, s, len) == 0) {
			n->path = names[i].kind;
			return 0;
		}
	}
	return compile_error(c, line, "unknown position name '%.*s'",
	    quoted(len), s);
}

/* 1 if s[0..len) is keys of is_key_char bytes joined by single dots. */
static int
valid_keys(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.' ? s[i + 1] == '.' : !is_key_char(s[i]))
			return 0;
	}
	return 1;
}

/* Read the path s[0..len) into n: ".", "@name" or dotted keys. */
static int
parse_path(struct compiler *c, struct node *n, const char *s, size_t len, unsigned line)
{
	size_t i;

	if (len == 0)
		return compile_error(c, line, "missing path");
	if (len == 1 && s[0] == '.') {
		n->path = PATH_DOT;
		return 0;
	}
	if (s[0] == '@')
		return parse_position(c, n, s, len, line);
	if (!valid_keys(s, len))
		return compile_error(c, line, "bad path '%.*s'",
		    quoted(len), s);
	n->path = PATH_KEYS;
	n->arg = strndup(s, len);
	if (n->arg == NULL)
		return compile_error(c, line, "out of memory");
	n->nseg = 1;
	for (i = 0; i < len; i++) {
		if (n->arg[i] == '.') {
			n->arg[i] = '\0';
			n->nseg++;
		}
	}
	return 0;
}

/* {{path}} and {{%path}}. */
static int
add_value(struct compiler *c, enum node_kind kind, const char *s, size_t len,
    unsigned line)
{
	struct node *n;

	n = add_node(c, kind, line);
	if (n == NULL)
		return compile_error(c, line, "out of memory");
	return parse_path(c, n, s, len, line);
}

/* {{#path}} and {{^path}}: add the node and remember it until its close tag. */
static int
open_section(struct compiler *c, enum node_kind kind, const char *s, size_t len,
    unsigned line)
{
	struct open_section *open;

	if (c->nopen == TMPL_MAX_DEPTH)
		return compile_error(c, line, "sections nested deeper than %d",
		    TMPL_MAX_DEPTH);
	if (add_value(c, kind, s, len, line) != 0)
		return -1;
	open = &c->aopen[c->nopen++];
	open->node = c->t->nnode - 1;
	open->path = s;
	open->len = len;
	open->line = line;
	return 0;
}

/* {{/path}}: must name the innermost open section; its body ends here. */
static int
close_section(struct compiler *c, const char *s, size_t len, unsigned line)
{
	struct open_section *open;

	if (len == 0)
		return compile_error(c, line, "missing path");
	if (c->nopen == 0)
		return compile_error(c, line, "'{{/%.*s}}' closes no open section",
		    quoted(len), s);
	open = &c->aopen[c->nopen - 1];
	if (open->len != len || memcmp(open->path, s, len) != 0)
		return compile_error(c, line,
		    "'{{/%.*s}}' does not close section '%.*s' opened on line %u",
		    quoted(len), s, quoted(open->len), open->path, open->line);
	c->t->anode[open->node].end = c->t->nnode;
	c->nopen--;
	return 0;
}

/* {{>name}}: the name is kept; tmpl_set_link finds the template. */
static int
add_include(struct compiler *c, const char *s, size_t len, unsigned line)
{
	struct node *n;
	size_t i;

	if (len == 0)
		return compile_error(c, line, "include without a template name");
	for (i = 0; i < len; i++)
		if (is_space(s[i]))
			return compile_error(c, line, "bad template name '%.*s'",
			    quoted(len), s);
	n = add_node(c, NODE_INCLUDE, line);
	if (n == NULL || (n->arg = strndup(s, len)) == NULL)
		return compile_error(c, line, "out of memory");
	return 0;
}

/* {{_ text}}: the text is kept as the msgid. */
static int
add_translate(struct compiler *c, const char *s, size_t len, unsigned line)
{
	struct node *n;

	if (len == 0)
		return compile_error(c, line, "empty translation text");
	n = add_node(c, NODE_TRANSLATE, line);
	if (n == NULL || (n->arg = strndup(s, len)) == NULL)
		return compile_error(c, line, "out of memory");
	return 0;
}

/* Compile the trimmed contents s[0..len) of one tag by its first byte. */
static int
compile_tag_body(struct compiler *c, const char *s, size_t len, unsigned line)
{
	const char *rest;
	size_t nrest;

	if (len == 0)
		return compile_error(c, line, "empty tag");
	nrest = len - 1;
	rest = trim(s + 1, &nrest);
	switch (s[0]) {
	case '!':
		return 0;
	case '#':
		return open_section(c, NODE_SECTION, rest, nrest, line);
	case '^':
		return open_section(c, NODE_INVERTED, rest, nrest, line);
	case '/':
		return close_section(c, rest, nrest, line);
	case '>':
		return add_include(c, rest, nrest, line);
	case '%':
		return add_value(c, NODE_URL, rest, nrest, line);
	case '_':
		if (len == 1 || is_space(s[1]))
			return add_translate(c, rest, nrest, line);
		break;
	}
	if (!is_key_char(s[0]) && s[0] != '.' && s[0] != '@')
		return compile_error(c, line, "unknown tag form '{{%.*s}}'",
		    quoted(len), s);
	return add_value(c, NODE_VALUE, s, len, line);
}

/* Find the "}}" that ends the tag whose contents start at start. */
static int
find_tag_end(struct compiler *c, size_t start, size_t *close)
{
	const char *src = c->t->src;
	size_t i;

	for (i = start; i + 1 < c->len; i++) {
		if (src[i] == '}' && src[i + 1] == '}') {
			*close = i;
			return 0;
		}
		if (src[i] == '{' && src[i + 1] == '{')
			return compile_error(c, c->line,
			    "tag not closed before the next '{{'");
		if (src[i] == '\0')
			return compile_error(c, c->line, "NUL byte inside a tag");
	}
	return compile_error(c, c->line, "unterminated tag");
}

/* Compile the tag whose "{{" is at at, and move pos past its "}}". */
static int
compile_tag(struct compiler *c, size_t at)
{
	const char *body;
	size_t start, close = 0, len;
	unsigned line;

	line = c->line;
	start = at + 2;
	if (start < c->len && c->t->src[start] == '{')
		return compile_error(c, line,
		    "'{{{' is not allowed: there is no unescaped output");
	if (find_tag_end(c, start, &close) != 0)
		return -1;
	len = close - start;
	body = trim(c->t->src + start, &len);
	if (compile_tag_body(c, body, len, line) != 0)
		return -1;
	c->line += count_lines(c->t->src + at, close + 2 - at);
	c->pos = close + 2;
	return 0;
}

/* Index of the next "{{" at or after pos, or len if there is none. */
static size_t
find_tag_start(const struct compiler *c)
{
	size_t i;

	for (i = c->pos; i + 1 < c->len; i++)
		if (c->t->src[i] == '{' && c->t->src[i + 1] == '{')
			return i;
	return c->len;
}

/* Compile the whole source: text runs between tags, then check every section closed. */
static int
compile_source(struct compiler *c)
{
	struct open_section *open;
	size_t at;

	while (c->pos < c->len) {
		at = find_tag_start(c);
		if (at > c->pos && add_text(c, at) != 0)
			return -1;
		if (at < c->len && compile_tag(c, at) != 0)
			return -1;
	}
	if (c->nopen == 0)
		return 0;
	open = &c->aopen[c->nopen - 1];
	return compile_error(c, open->line, "section '%.*s' is not closed",
	    quoted(open->len), open->path);
}

/* A new template compiled from src[0..len), or NULL with a message in err. */
static struct tmpl *
tmpl_compile(const char *name, const char *src, size_t len, char *err, size_t errlen)
{
	struct compiler c;
	struct tmpl *t;

	t = calloc(1, sizeof(*t));
	if (t == NULL || (t->name = strdup(name)) == NULL ||
	    (t->src = malloc(len + 1)) == NULL) {
		set_error(err, errlen, "%s: out of memory", name);
		tmpl_free(t);
		return NULL;
	}
	if (len > 0)
		memcpy(t->src, src, len);
	t->src[len] = '\0';
	memset(&c, 0, sizeof(c));
	c.t = t;
	c.len = len;
	c.line = 1;
	c.err = err;
	c.errlen = errlen;
	if (compile_source(&c) != 0) {
		tmpl_free(t);
		return NULL;
	}
	return t;
}

/* ---------------------------------------------------------------------------------
** The set: adding, looking up, freeing.
*/

struct tmpl_set *
tmpl_set_new(void)
{
	return calloc(1, sizeof(struct tmpl_set));
}

/* Make room for one more template. */
static int
set_grow(struct tmpl_set *set)
{
	struct tmpl **atmpl;
	size_t ncap;

	if (set->ntmpl < set->ncap)
		return 0;
	ncap = set->ncap ? set->ncap * 2 : 16;
	atmpl = realloc(set->atmpl, ncap * sizeof(*atmpl));
	if (atmpl == NULL)
		return -1;
	set->atmpl = atmpl;
	set->ncap = ncap;
	return 0;
}

int
tmpl_set_add(struct tmpl_set *set, const char *name, const char *src, size_t len,
    char *err, size_t errlen)
{
	struct tmpl *t;

	if (set == NULL || name == NULL || (src == NULL && len > 0)) {
		set_error(err, errlen, "tmpl_set_add: invalid arguments");
		return -1;
	}
	if (tmpl_find(set, name) != NULL) {
		set_error(err, errlen, "%s: a template of this name already exists", name);
		return -1;
	}
	if (set_grow(set) != 0) {
		set_error(err, errlen, "%s: out of memory", name);
		return -1;
	}
	t = tmpl_compile(name, src, len, err, errlen);
	if (t == NULL)
		return -1;
	set->atmpl[set->ntmpl++] = t;
	set->linked = 0;
	set->nahead = 0;
	return 0;
}

int
tmpl_set_has(const struct tmpl_set *set, const char *name)
{
	return tmpl_find(set, name) != NULL;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->ntmpl; i++)
		tmpl_free(set->atmpl[i]);
	free(set->atmpl);
	free(set);
}

/* ---------------------------------------------------------------------------------
** Linking: includes to pointers, then a walk down every include chain that finds
** cycles and chains longer than TMPL_MAX_INCLUDE.
*/

struct linker {
	struct tmpl *apath[TMPL_MAX_INCLUDE + 1]; /* the include chain being walked */
	int          npath;                      /* entries in apath */
	char        *err;                        /* where an error message goes */
	size_t       errlen;                     /* its size */
};

/* Point every include of t at its template. */
static int
resolve_includes(struct tmpl_set *set, struct tmpl *t, char *err, size_t errlen)
{
	struct node *n;
	size_t i;

	for (i = 0; i < t->nnode; i++) {
		n = &t->anode[i];
		if (n->kind != NODE_INCLUDE)
			continue;
		n->target = tmpl_find(set, n->arg);
		if (n->target == NULL) {
			set_error(err, errlen, "%s:%u: include of '%s': no such template",
			    t->name, n->line, n->arg);
			return -1;
		}
	}
	return 0;
}

/* t's include at n leads back to a template on the chain: name the whole loop. */
static int
cycle_error(struct linker *lk, const struct tmpl *t, const struct node *n)
{
	struct buf chain = BUF_INIT;
	int i;

	for (i = 0; i < lk->npath && lk->apath[i] != n->target; i++)
		continue;
	for (; i < lk->npath; i++)
		buf_printf(&chain, "%s -> ", lk->apath[i]->name);
	buf_puts(&chain, n->target->name);
	set_error(lk->err, lk->errlen, "%s:%u: include cycle: %s", t->name, n->line,
	    buf_failed(&chain) ? n->target->name : chain.data);
	buf_free(&chain);
	return -1;
}

static int
depth_error(struct linker *lk, const struct tmpl *t, const struct node *n)
{
	set_error(lk->err, lk->errlen, "%s:%u: include of '%s': includes nested deeper "
	    "than %d", t->name, n->line, n->target->name, TMPL_MAX_INCLUDE);
	return -1;
}

static int link_visit(struct linker *lk, struct tmpl *t);

/* Follow t's include at n, and raise t's height to cover it. */
static int
link_include(struct linker *lk, struct tmpl *t, const struct node *n)
{
	struct tmpl *target = n->target;

	if (target->mark == MARK_OPEN)
		return cycle_error(lk, t, n);
	if (target->mark == MARK_NEW) {
		if (lk->npath > TMPL_MAX_INCLUDE)
			return depth_error(lk, t, n);
		if (link_visit(lk, target) != 0)
			return -1;
	}
	if (target->height + 1 > TMPL_MAX_INCLUDE)
		return depth_error(lk, t, n);
	if (target->height + 1 > t->height)
		t->height = target->height + 1;
	return 0;
}

/* Check everything t includes; t is on the chain meanwhile. */
static int
link_visit(struct linker *lk, struct tmpl *t)
{
	size_t i;

	lk->apath[lk->npath++] = t;
	t->mark = MARK_OPEN;
	for (i = 0; i < t->nnode; i++) {
		if (t->anode[i].kind != NODE_INCLUDE)
			continue;
		if (link_include(lk, t, &t->anode[i]) != 0)
			return -1;
	}
	t->mark = MARK_DONE;
	lk->npath--;
	return 0;
}

int
tmpl_set_link(struct tmpl_set *set, char *err, size_t errlen)
{
	struct linker lk;
	size_t i;

	set->linked = 0;
	for (i = 0; i < set->ntmpl; i++) {
		if (resolve_includes(set, set->atmpl[i], err, errlen) != 0)
			return -1;
		set->atmpl[i]->mark = MARK_NEW;
		set->atmpl[i]->height = 0;
	}
	memset(&lk, 0, sizeof(lk));
	lk.err = err;
	lk.errlen = errlen;
	for (i = 0; i < set->ntmpl; i++) {
		if (set->atmpl[i]->mark == MARK_NEW && link_visit(&lk, set->atmpl[i]) != 0)
			return -1;
	}
	set->linked = 1;
	return 0;
}

/* ---------------------------------------------------------------------------------
** Translations made ahead.
*/

/* Make n's escaped translation in each of nlang languages: an array of nlang entries
** and a last one with a NULL text. -1 out of memory. */
static int
make_ahead(struct node *n, int nlang, tmpl_lang_translate_fn fn, void *arg)
{
	struct buf b = BUF_INIT;
	const char *s;
	int lang;

	if ((n->ahead = calloc((size_t)nlang + 1, sizeof *n->ahead)) == NULL)
		return -1;
	for (lang = 0; lang < nlang; lang++) {
		if ((s = fn(arg, lang, n->arg)) == NULL)
			s = n->arg;
		buf_reset(&b);
		if (html_escape(&b, s, strlen(s)) != 0 ||
		    (n->ahead[lang].text = strndup(b.data, b.len)) == NULL) {
			buf_free(&b);
			return -1;
		}
		n->ahead[lang].len = b.len;
	}
	buf_free(&b);
	return 0;
}

/* Drop every translation set made ahead. */
static void
forget_ahead(struct tmpl_set *set)
{
	size_t i, k;

	set->nahead = 0;
	for (i = 0; i < set->ntmpl; i++)
		for (k = 0; k < set->atmpl[i]->nnode; k++)
			free_ahead(&set->atmpl[i]->anode[k]);
}

int
tmpl_set_translate_ahead(struct tmpl_set *set, int nlang, tmpl_lang_translate_fn fn,
    void *arg)
{
	struct node *n;
	size_t i, k;

	forget_ahead(set);
	if (nlang <= 0 || fn == NULL)
		return -1;
	for (i = 0; i < set->ntmpl; i++)
		for (k = 0; k < set->atmpl[i]->nnode; k++) {
			n = &set->atmpl[i]->anode[k];
			if (n->kind == NODE_TRANSLATE && make_ahead(n, nlang, fn, arg) != 0) {
				forget_ahead(set);
				return -1;
			}
		}
	set->nahead = nlang;
	return 0;
}

/* ---------------------------------------------------------------------------------
** Rendering. Contexts form a stack of frames on the C stack, innermost first.
*/

struct frame {
	const struct frame *up;      /* the enclosing context; NULL for the root */
	json_t             *value;   /* this context (may be NULL: nothing) */
	int                 element; /* pushed by an array section: index, count hold */
	size_t              index;   /* position of value in its array */
	size_t              count;   /* size of that array */
};

struct render {
	tmpl_translate_fn  translate;     /* may be NULL */
	void              *translate_arg; /* passed to translate */
	int                lang;          /* the language of the translations made ahead,
	                                  ** or -1 to ask translate */
	struct buf        *out;           /* where the page goes */
	int                depth;         /* includes being rendered */
};

/* What a path names: a JSON value, a position number, or nothing (both unset). */
struct value {
	json_t     *json;  /* the value, or NULL */
	int         isnum; /* num holds a position number instead */
	json_int_t  num;   /* @index or @number */
};

static int render_nodes(struct render *r, const struct tmpl *t, size_t first,
    size_t last, const struct frame *f);

static int
is_position(enum path_kind path)
{
	return path == PATH_INDEX || path == PATH_NUMBER || path == PATH_FIRST ||
	    path == PATH_LAST;
}

/* Dotted keys: the first in the innermost context that has it, the rest inside. */
static json_t *
lookup_keys(const struct node *n, const struct frame *f)
{
	const char *key = n->arg;
	json_t *v = NULL;
	size_t i;

	for (; f != NULL; f = f->up)
		if ((v = json_object_get(f->value, key)) != NULL)
			break;
	for (i = 1; i < n->nseg && v != NULL; i++) {
		key += strlen(key) + 1;
		v = json_object_get(v, key);
	}
	return v;
}

/* @index, @number, @first, @last of the innermost array section around f. */
static struct value
lookup_position(enum path_kind path, const struct frame *f)
{
	struct value v = { NULL, 0, 0 };

	while (f != NULL && !f->element)
		f = f->up;
	if (f == NULL)
		return v;
	if (path == PATH_FIRST)
		v.json = json_boolean(f->index == 0);
	else if (path == PATH_LAST)
		v.json = json_boolean(f->index + 1 == f->count);
	else {
		v.isnum = 1;
		v.num = (json_int_t)f->index + (path == PATH_NUMBER);
	}
	return v;
}

static struct value
resolve(const struct node *n, const struct frame *f)
{
	struct value v = { NULL, 0, 0 };

	if (n->path == PATH_DOT)
		v.json = f->value;
	else if (n->path == PATH_KEYS)
		v.json = lookup_keys(n, f);
	else
		v = lookup_position(n->path, f);
	return v;
}

/* Falsy: nothing, null, false, 0, "", [], {}. */
static int
truthy(const struct value *v)
{
	if (v->isnum)
		return v->num != 0;
	if (v->json == NULL)
		return 0;
	switch (json_typeof(v->json)) {
	case JSON_TRUE:
		return 1;
	case JSON_INTEGER:
		return json_integer_value(v->json) != 0;
	case JSON_REAL:
		return json_real_value(v->json) != 0.0;
	case JSON_STRING:
		return json_string_length(v->json) > 0;
	case JSON_ARRAY:
		return json_array_size(v->json) > 0;
	case JSON_OBJECT:
		return json_object_size(v->json) > 0;
	default:
		return 0;
	}
}

/* Set *s, *len to the text of v (using tmp[0..tmplen) for numbers); 0 if v prints
** nothing. */
static int
value_text(const struct value *v, char *tmp, size_t tmplen, const char **s, size_t *len)
{
	int n = -1;

	if (v->isnum)
		n = snprintf(tmp, tmplen, "%" JSON_INTEGER_FORMAT, v->num);
	else if (json_is_integer(v->json))
		n = snprintf(tmp, tmplen, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v->json));
	else if (json_is_real(v->json))
		n = snprintf(tmp, tmplen, "%.15g", json_real_value(v->json));
	else if (json_is_string(v->json)) {
		*s = json_string_value(v->json);
		*len = json_string_length(v->json);
		return 1;
	} else if (json_is_boolean(v->json))
		n = snprintf(tmp, tmplen, "%s", json_is_true(v->json) ? "true" : "false");
	if (n < 0 || (size_t)n >= tmplen)
		return 0;
	*s = tmp;
	*len = (size_t)n;
	return 1;
}

/* {{path}} and {{%path}}. The URL form is not passed through html_escape a second
** time: url_encode writes only A-Z a-z 0-9 - . _ ~ %, which html_escape leaves as
** they are, so the result is the same. */
static int
render_value(struct render *r, const struct node *n, const struct frame *f)
{
	struct value v;
	char tmp[64];
	const char *s;
	size_t len;

	v = resolve(n, f);
	if (!value_text(&v, tmp, sizeof(tmp), &s, &len))
		return 0;
	if (n->kind == NODE_URL)
		return url_encode(r->out, s, len);
	return html_escape(r->out, s, len);
}

static int
render_translate(struct render *r, const struct node *n)
{
	const char *s = NULL;

	if (r->lang >= 0)
		return buf_append(r->out, n->ahead[r->lang].text, n->ahead[r->lang].len);
	if (r->translate != NULL)
		s = r->translate(r->translate_arg, n->arg);
	if (s == NULL)
		s = n->arg;
	return html_escape(r->out, s, strlen(s));
}

static int
render_include(struct render *r, const struct node *n, const struct frame *f)
{
	const struct tmpl *t = n->target;
	int rc;

	if (t == NULL || r->depth >= TMPL_MAX_INCLUDE)
		return -1; /* not reached after a successful tmpl_set_link */
	r->depth++;
	rc = render_nodes(r, t, 0, t->nnode, f);
	r->depth--;
	return rc;
}

/* The body of the section at t->anode[i], once per element of array. */
static int
render_array(struct render *r, const struct tmpl *t, size_t i, json_t *array,
    const struct frame *f)
{
	struct frame inner;
	size_t k;

	inner.up = f;
	inner.element = 1;
	inner.count = json_array_size(array);
	for (k = 0; k < inner.count; k++) {
		inner.value = json_array_get(array, k);
		inner.index = k;
		if (render_nodes(r, t, i + 1, t->anode[i].end, &inner) != 0)
			return -1;
	}
	return 0;
}

/* {{#path}} and {{^path}} at t->anode[i]. */
static int
render_section(struct render *r, const struct tmpl *t, size_t i, const struct frame *f)
{
	const struct node *n = &t->anode[i];
	struct frame inner;
	struct value v;

	v = resolve(n, f);
	if (n->kind == NODE_INVERTED)
		return truthy(&v) ? 0 : render_nodes(r, t, i + 1, n->end, f);
	if (!truthy(&v))
		return 0;
	if (is_position(n->path))
		return render_nodes(r, t, i + 1, n->end, f);
	if (json_is_array(v.json))
		return render_array(r, t, i, v.json, f);
	memset(&inner, 0, sizeof(inner));
	inner.up = f;
	inner.value = v.json;
	return render_nodes(r, t, i + 1, n->end, &inner);
}

/* Render the one node t->anode[i] in context f. */
static int
render_node(struct render *r, const struct tmpl *t, size_t i, const struct frame *f)
{
	const struct node *n = &t->anode[i];

	switch (n->kind) {
	case NODE_TEXT:
		return buf_append(r->out, n->text, n->len);
	case NODE_VALUE:
	case NODE_URL:
		return render_value(r, n, f);
	case NODE_SECTION:
	case NODE_INVERTED:
		return render_section(r, t, i, f);
	case NODE_INCLUDE:
		return render_include(r, n, f);
	case NODE_TRANSLATE:
		return render_translate(r, n);
	}
	return -1;
}

/* Render t->anode[first..last) in context f; a section's body is skipped over here,
** render_section having rendered it. */
static int
render_nodes(struct render *r, const struct tmpl *t, size_t first, size_t last,
    const struct frame *f)
{
	const struct node *n;
	size_t i;

	i = first;
	while (i < last) {
		n = &t->anode[i];
		if (render_node(r, t, i, f) != 0)
			return -1;
		if (n->kind == NODE_SECTION || n->kind == NODE_INVERTED)
			i = n->end;
		else
			i++;
	}
	return 0;
}

/* Render template name of set as r says. */
static int
render_named(const struct tmpl_set *set, const char *name, json_t *ctx, struct render *r)
{
	const struct tmpl *t;
	struct frame root;

	if (set == NULL || name == NULL || !set->linked)
		return -1;
	t = tmpl_find(set, name);
	if (t == NULL)
		return -1;
	memset(&root, 0, sizeof(root));
	root.value = ctx;
	r->depth = 0;
	if (render_nodes(r, t, 0, t->nnode, &root) != 0)
		return -1;
	return buf_failed(r->out) ? -1 : 0;
}

int
tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
    tmpl_translate_fn translate, void *translate_arg, struct buf *out)
{
	struct render r;

	r.translate = translate;
	r.translate_arg = translate_arg;
	r.lang = -1;
	r.out = out;
	return render_named(set, name, ctx, &r);
}

int
tmpl_render_in(const struct tmpl_set *set, const char *name, json_t *ctx, int lang,
    struct buf *out)
{
	struct render r;

	if (set == NULL || lang < 0 || lang >= set->nahead)
		return -1;
	r.translate = NULL;
	r.translate_arg = NULL;
	r.lang = lang;
	r.out = out;
	return render_named(set, name, ctx, &r);
}

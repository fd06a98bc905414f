/*
** cli.c - option parsing and help shared by the subcommands (see cli.h).
*/
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "validate.h"

/* 1 if name is one of the space-separated words of list. */
static int
accepts(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = strstr(list, name); p != NULL; p = strstr(p + 1, name))
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static int
set_option(const struct cli_command *cmd, struct cli_args *out, const char *name, const char *value)
{
	if (strcmp(name, "--db") == 0) {
		out->db = value;
	} else if (strcmp(name, "--listen") == 0) {
		out->listen = value;
	} else if (strcmp(name, "--threads") == 0) {
		if (!valid_long(value, 0, 64, &out->threads)) {
			fprintf(stderr, "solidarityd %s: --threads takes a number from 0 to 64\n", cmd->name);
			return 2;
		}
	} else if (strcmp(name, "--public-url") == 0) {
		if (!valid_url(value, 200)) {
			fprintf(stderr, "solidarityd %s: --public-url takes an absolute http:// or https:// address\n",
			    cmd->name);
			return 2;
		}
		out->public_url = value;
	} else if (strcmp(name, "--default-language") == 0) {
		if (catalog_ui_index(value) < 0) {
			fprintf(stderr, "solidarityd %s: --default-language takes an interface language code: "
			    UI_CODES_TEXT "\n", cmd->name);
			return 2;
		}
		out->default_language = value;
	} else if (strcmp(name, "--geoip") == 0) {
		out->geoip = value;
	} else if (strcmp(name, "--count") == 0) {
		if (!valid_long(value, 1, CLI_MAX_COUNT, &out->count)) {
			fprintf(stderr, "solidarityd %s: --count takes a number from 1 to %d\n", cmd->name,
			    CLI_MAX_COUNT);
			return 2;
		}
	} else if (strcmp(name, "--seed") == 0) {
		if (!valid_long(value, 0, CLI_MAX_SEED, &out->seed)) {
			fprintf(stderr, "solidarityd %s: --seed takes a number from 0 to %ld\n", cmd->name,
			    (long)CLI_MAX_SEED);
			return 2;
		}
	}
	return 0;
}

int
cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *out)
{
	const char *arg, *value, *eq;
	char name[32];
	int i;

	memset(out, 0, sizeof *out);
	out->db = "solidarity.db";
	out->listen = "127.0.0.1:8080";
	out->count = 1000;
	out->seed = 1;
	for (i = 0; i < argc; i++) {
		arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			out->help = 1;
			return 0;
		}
		if (arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (out->positional == NULL && cmd->positional >= 1)
				out->positional = arg;
			else if (out->positional2 == NULL && cmd->positional >= 2)
				out->positional2 = arg;
			else
				goto usage;
			continue;
		}
		eq = strchr(arg, '=');
		snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
		if (!accepts(cmd->options, name)) {
			fprintf(stderr, "solidarityd %s: unknown option %s\n", cmd->name, name);
			goto usage;
		}
		value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (value == NULL || value[0] == '\0') {
			fprintf(stderr, "solidarityd %s: %s needs a value\n", cmd->name, name);
			goto usage;
		}
		if (set_option(cmd, out, name, value) != 0)
			return 2;
	}
	if ((cmd->positional >= 1 && out->positional == NULL) ||
	    (cmd->positional >= 2 && out->positional2 == NULL))
		goto usage;
	return 0;
usage:
	fprintf(stderr, "usage: %s\n", cmd->usage);
	return 2;
}

void
cli_print_help(const struct cli_command *cmd)
{
	printf("usage: %s\n\n%s\n\nOptions:\n%s  --help              this text\n",
	    cmd->usage, cmd->help, cmd->options_help);
}

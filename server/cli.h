/*
** cli.h - the subcommands of solidarityd and the option parsing they share. Commands
** return the process exit status: 0 success, 1 failure, 2 usage error. They print
** errors on stderr as "solidarityd COMMAND: problem" and never call exit().
*/
#ifndef SD_CLI_H
#define SD_CLI_H

#define CLI_MAX_COUNT 1000000
#define CLI_MAX_SEED  2147483647L

struct cli_args {
	const char *db;          /* --db PATH (default solidarity.db) */
	const char *listen;      /* --listen HOST:PORT (serve) */
	long        threads;     /* --threads N (serve; 0 = one per core) */
	const char *geoip;       /* --geoip FILE.mmdb (serve), or NULL */
	long        count;       /* --count N (generate) */
	long        seed;        /* --seed N (generate) */
	const char *public_url;  /* --public-url URL (serve, coordinator), or NULL */
	const char *default_language; /* --default-language CODE (serve), or NULL */
	const char *positional;  /* the first non-option argument, if the command takes one */
	const char *positional2; /* the second, if it takes two */
	int         help;        /* --help or -h was given */
};

struct cli_command {
	const char *name;
	int (*run)(const struct cli_args *args);
	const char *options;     /* option names this command accepts, space-separated */
	int         positional;  /* how many arguments are required: 0, 1 or 2 */
	const char *usage;       /* synopsis line(s) */
	const char *help;        /* what it does */
	const char *options_help; /* one line per option */
};

/* Parse argv (after the command name) for cmd. 0, or 2 with a message on stderr. */
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *out);

void cli_print_help(const struct cli_command *cmd);

int cmd_init(const struct cli_args *args);
int cmd_import(const struct cli_args *args);
int cmd_export(const struct cli_args *args);
int cmd_languages(const struct cli_args *args);
int cmd_serve(const struct cli_args *args);
int cmd_generate(const struct cli_args *args);
int cmd_coordinator(const struct cli_args *args);

#endif

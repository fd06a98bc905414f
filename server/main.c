/*
** main.c - solidarityd: one binary for the Solidarity Directory, with subcommands in the
** manner of fossil and sqlite3. This file only finds the subcommand and prints help.
*/
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "db.h"

#define VERSION "0.1.0"
#define OPTION_DB "  --db PATH           the database file (default solidarity.db)\n"

static const struct cli_command commands[] = {
	{ "serve", cmd_serve, "--db --listen --threads --geoip --public-url --default-language", 0,
	  "solidarityd serve [--db PATH] [--listen HOST:PORT] [--threads N] [--geoip FILE.mmdb]\n"
	  "                  [--public-url URL] [--default-language CODE]",
	  "Serve the directory as HTML pages and a JSON API. --listen defaults to\n"
	  "127.0.0.1:8080 (port 0 picks a free port); --threads defaults to one per core.\n"
	  "With --geoip, a search without near= is ordered by distance from the city the\n"
	  "visitor's address suggests (looked up in memory, never kept); without it, no\n"
	  "estimate is made. Nothing about any request is ever written anywhere: there is\n"
	  "no access log. SIGINT or SIGTERM stops the server cleanly. Coordinators and\n"
	  "editors log in with a session cookie; public pages never set one.",
	  OPTION_DB
	  "  --listen HOST:PORT  numeric address and port (default 127.0.0.1:8080)\n"
	  "  --threads N         request threads, 1 to 64; 0 (the default) is one per core\n"
	  "  --geoip FILE.mmdb   a MaxMind DB in the GeoIP2/GeoLite2 City layout (docs/DEPLOY.md)\n"
	  "  --public-url URL    the address people use (e.g. https://directory.example.org):\n"
	  "                      forms are accepted only from it, and with https the session\n"
	  "                      cookie is Secure and named __Host-sd_session\n"
	  "  --default-language CODE  the interface language of visitors whose browser asks\n"
	  "                      for none of the directory's (" UI_CODES_TEXT "), for this run;\n"
	  "                      without it, the directory file's default_language (or fr)\n" },
	{ "coordinator", cmd_coordinator, "--db --public-url", 2,
	  "solidarityd coordinator add [--db PATH] [--public-url URL] NAME",
	  "Create the coordinator account NAME (3-64 letters, digits or . _ - @ +) and print\n"
	  "a one-time link, valid for 7 days, where the coordinator chooses a passphrase.\n"
	  "Pass the link on by hand. Coordinators verify endorsements, handle reports and\n"
	  "can restore any listing's earlier revision.",
	  OPTION_DB
	  "  --public-url URL    the directory's address, to print the whole link\n"
	  "                      (default http://127.0.0.1:8080)\n" },
	{ "init", cmd_init, "--db", 0,
	  "solidarityd init [--db PATH]",
	  "Create the database, or migrate an existing one to this version's schema\n"
	  "without losing data.",
	  OPTION_DB },
	{ "import", cmd_import, "--db", 1,
	  "solidarityd import [--db PATH] FILE.json",
	  "Check a directory file (docs/DATA-FORMAT.md) and store all of its organizations\n"
	  "in one transaction, each as soon as it is checked. On the first error in the\n"
	  "file (JSON syntax with line and column, or the record and field) it exits with\n"
	  "status 1 and changes nothing. An organization whose id is already in\n"
	  "the database is replaced. Directory settings the file gives (time zone, default\n"
	  "language) replace the database's; those it does not give stay as they are.",
	  OPTION_DB },
	{ "export", cmd_export, "--db", 0,
	  "solidarityd export [--db PATH] > FILE.json",
	  "Write the whole directory, every organization in every state, as JSON on\n"
	  "standard output, in the format import reads.",
	  OPTION_DB },
	{ "languages", cmd_languages, "--db", 0,
	  "solidarityd languages",
	  "List the spoken-language codes a service may name (the list is built into the\n"
	  "program; --db is accepted like everywhere and not used).",
	  OPTION_DB },
	{ "generate", cmd_generate, "--db --count --seed", 0,
	  "solidarityd generate [--count N] [--seed S] > FILE.json",
	  "Write a directory of fictional organizations, for benchmarks, on standard\n"
	  "output in the format import reads. Every record is marked demo. The same count\n"
	  "and seed always give the same bytes, and a smaller count gives the first\n"
	  "organizations of a larger one (--db is accepted like everywhere and not used).",
	  OPTION_DB
	  "  --count N           organizations to write, 1 to 1000000 (default 1000)\n"
	  "  --seed S            0 to 2147483647 (default 1); another seed, other organizations\n" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: solidarityd COMMAND [OPTIONS]\n\n"
	    "Solidarity Directory: organizations that endorsed the Solidarity City declaration.\n\n"
	    "Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %s\n", commands[i].usage);
	fprintf(out, "\nEvery command takes --db PATH (default solidarity.db) and --help.\n"
	    "solidarityd COMMAND --help tells more; solidarityd --version prints the version.\n");
}

int
main(int argc, char **argv)
{
	struct cli_args args;
	size_t i;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("solidarityd %s\n", VERSION);
		return 0;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if ((rc = cli_parse(&commands[i], argc - 2, argv + 2, &args)) != 0)
			return rc;
		if (args.help) {
			cli_print_help(&commands[i]);
			return 0;
		}
		db_library_setup();
		return commands[i].run(&args);
	}
	fprintf(stderr, "solidarityd: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return 2;
}

/*
** record.h - the strict checker for organization records, the one gate through which
** data enters the directory (import files now; editors' changes later). It checks every
** key, type and range of docs/DATA-FORMAT.md and builds the record's canonical form:
** every key present in the documented order (absent optional values as null, [] or {}),
** text maps in interface-language order, categories and commitments in catalog order,
** hours sorted, postal codes normalized, coordinates rounded to 7 decimals, defaults
** filled in. Checking a canonical record gives the same record back.
*/
#ifndef SD_RECORD_H
#define SD_RECORD_H

#include <stddef.h>
#include <jansson.h>

/* Check one organization record. today is "YYYY-MM-DD", the default for updated_on.
** 0 and *canonical (new reference, caller owns), or -1 with "field.path: problem" in err. */
int record_check(const json_t *in, const char *today, json_t **canonical, char *err, size_t errlen);

/* Check a whole directory file: format, version, directory settings, every record, and
** ids (organization, service and location) unique within the file. 0 with *orgs (new
** array of canonical records) and *directory (new object holding the settings the file
** gives, time_zone and/or default_language; empty when it gives none),
** or -1 with 'organizations[N] "Name": field.path: problem' in err. Nothing is returned
** on error. */
int record_check_file(const json_t *root, const char *today, json_t **orgs, json_t **directory,
    char *err, size_t errlen);

/* The same checks for a file too large to hold whole (import): its organizations are
** checked one by one as they are read, then the rest of the file. */
struct record_file;

/* A new checker (its ids seen so far), or NULL when memory runs out. */
struct record_file *record_file_new(void);

/* Check organizations[i] of the file: record_check, and ids unused by the organizations
** checked before it. 0 with *canonical (new reference), or -1 with
** 'organizations[N] "Name": field.path: problem' in err. */
int record_file_org(struct record_file *f, const json_t *org, size_t i, const char *today,
    json_t **canonical, char *err, size_t errlen);

/* Check the file's own members (format, version, directory settings; organizations an
** array). When complete is 0 the file is still being read: a member it does not hold yet
** is not required. 0 with *directory as record_check_file gives it (unless directory is
** NULL), or -1 with a message. */
int record_file_header(const json_t *root, int complete, json_t **directory, char *err,
    size_t errlen);

/* Free f; safe with NULL. */
void record_file_free(struct record_file *f);

#endif

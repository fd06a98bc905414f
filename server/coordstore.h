/*
** coordstore.h - what the coordinators' pages read and write besides the records
** themselves (those go through revision.h): the queue of applications and their
** decisions, lists of organizations, an organization's editors and invitation, and the
** reports. Reads take any connection; writes run in the caller's write transaction.
** Lists are JSON arrays of objects whose keys are the columns (integers, text or null),
** ready for the pages. On a database error every function reports -1 (or NULL) with a
** message in err.
*/
#ifndef SD_COORDSTORE_H
#define SD_COORDSTORE_H

#include <stddef.h>
#include <time.h>
#include <jansson.h>

#include "db.h"

#define COORD_PAGE_SIZE 50   /* rows of a list page */

/* One page of a list: which rows, and how many there are in all. */
struct coord_page {
	long limit;
	long offset;
	long total;              /* filled by the list functions */
};

/* The last day of updated_on that counts as not updated for 12 months or more, for
** today ("YYYY-MM-DD"): the same day a year before. */
void coord_stale_cutoff(const char *today, char cutoff[11]);

/* Undecided applications, oldest first: [{"id", "name", "submitted_on",
** "provides_services"}]. */
json_t *coord_pending_applications(struct dbconn *c, char *err, size_t errlen);

/* How many reports are open, and how many verified listings are stale (updated_on on
** or before cutoff). 0, or -1. */
int coord_counts(struct dbconn *c, const char *cutoff, long *open_reports, long *stale,
    char *err, size_t errlen);

/* The application of org_id: 1 and *out = {"contact_name", "contact_email",
** "contact_phone", "message", "submitted_on", "decided_on", "decision", "reason"}
** (new reference), 0 when the organization did not apply, -1 on error. */
int coord_application(struct dbconn *c, long org_id, json_t **out, char *err, size_t errlen);

/* Decide the undecided application of org_id: decision is "approved" or "rejected",
** reason may be NULL. 1 done, 0 when there is no undecided application, -1 on error. */
int coord_application_decide(struct dbconn *w, long org_id, const char *today,
    const char *decision, const char *reason, char *err, size_t errlen);

/* Organizations in any state by folded name: state NULL for all, name_pattern NULL or
** a LIKE pattern (escape character '\') matched against the folded name. [{"id",
** "name", "state", "updated_on", "stale"}]; pg->total is set. */
json_t *coord_organizations(struct dbconn *c, const char *state, const char *name_pattern,
    const char *cutoff, struct coord_page *pg, char *err, size_t errlen);

/* The LIKE pattern (escape '\') finding text anywhere in a folded name: "%" + the
** folded text with % _ and \ escaped + "%". 0, or -1 on OOM. The caller frees *out. */
int coord_name_pattern(const char *text, char **out);

/* Verified listings not updated since cutoff, oldest first: [{"id", "name",
** "updated_on"}]; pg->total is set. */
json_t *coord_stale(struct dbconn *c, const char *cutoff, struct coord_page *pg,
    char *err, size_t errlen);

/* The logins of org_id's editors: [{"login"}]. */
json_t *coord_editors(struct dbconn *c, long org_id, char *err, size_t errlen);

/* When the newest invitation link of org_id still live at now expires: 1 with *expires,
** 0 when none is live, -1 on error. */
int coord_invitation_expiry(struct dbconn *c, long org_id, time_t now, time_t *expires,
    char *err, size_t errlen);

/* The reports about org_id, newest first: [{"report", "kind", "details", "reported_on",
** "closed_on", "closed_by", "closing_note"}]. */
json_t *coord_org_reports(struct dbconn *c, long org_id, char *err, size_t errlen);

/* Open reports oldest first (closed == 0), or closed ones most recently closed first,
** each with its listing: the fields of coord_org_reports and "id", "name", "state" of
** the organization; pg->total is set. */
json_t *coord_reports(struct dbconn *c, int closed, struct coord_page *pg,
    char *err, size_t errlen);

enum coord_close {
	COORD_CLOSE_ERROR = -1,
	COORD_CLOSE_DONE,
	COORD_CLOSE_UNKNOWN,     /* no report has this number */
	COORD_CLOSE_ALREADY      /* the report was closed before */
};

/* Close report report_id on today by closed_by with note (may be NULL). */
enum coord_close coord_report_close(struct dbconn *w, long report_id, const char *today,
    const char *closed_by, const char *note, char *err, size_t errlen);

#endif

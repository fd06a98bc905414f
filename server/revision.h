/*
** revision.h - the history of every listing. Whatever changes an organization's record
** after import (an editor's save, a coordinator's decision, a revert) goes through
** revision_save: one call stores the record (store_put) and one revision saying who,
** when and which parts changed, in the caller's write transaction.
*/
#ifndef SD_REVISION_H
#define SD_REVISION_H

#include <time.h>
#include <jansson.h>

#include "db.h"

struct places;

/* The stored organization with this id (any state). 1 with *record (new reference) and
** *org_id, 0 if there is none, -1 with a message. */
int revision_current(struct dbconn *c, const char *uuid, json_t **record, long *org_id,
    char *err, size_t errlen);

/* The id of the newest revision of org_id, 0 if none. -1 on error. */
long revision_latest(struct dbconn *c, long org_id, char *err, size_t errlen);

/* Store record (canonical, record.h) and a revision of it made by author ("editor
** NAME", ...) doing action ("edited", "approved", ...). When the history does not yet
** hold the record stored before (imported, or changed by an import since), that one is
** recorded first, so every earlier state can be restored. *revision_id (may be NULL)
** receives the new revision. 0, or -1 with a message. */
int revision_save(struct dbconn *w, const struct places *pl, const json_t *record,
    const char *author, const char *action, time_t now, long *revision_id,
    char *err, size_t errlen);

/* The revisions of org_id, newest first: [{"id", "made_at" ("YYYY-MM-DD HH:MM", the
** directory's time), "author", "action", "changed": [top-level fields]}]. NULL on error. */
json_t *revision_list(struct dbconn *c, long org_id, char *err, size_t errlen);

/* The record of revision_id of org_id. 1 with *record, 0 none, -1 error. */
int revision_record(struct dbconn *c, long org_id, long revision_id, json_t **record,
    char *err, size_t errlen);

#endif

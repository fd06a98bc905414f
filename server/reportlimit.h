/*
** reportlimit.h - hourly caps on anonymous reports, so a flood cannot bury the real ones
** or fill the disk, without identifying anyone: the counts are per listing and for the
** whole directory, kept in memory only, and forgotten when the hour turns.
*/
#ifndef SD_REPORTLIMIT_H
#define SD_REPORTLIMIT_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#define REPORT_LIMIT_PER_LISTING 5    /* reports about one listing in one hour */
#define REPORT_LIMIT_GLOBAL      60   /* reports about all listings in one hour */

struct report_limit {
	pthread_mutex_t lock;
	long            hour;      /* the hour the counts are for (Unix time / 3600) */
	int             global;    /* reports counted this hour */
	struct { long org_id; int count; } listing[REPORT_LIMIT_GLOBAL];
	int             nlisting;
};

int report_limit_init(struct report_limit *l, char *err, size_t errlen);
void report_limit_free(struct report_limit *l);

/* Count one report about org_id at now: 0 if it is within both caps (it is counted), -1
** if either cap is reached (nothing is counted). */
int report_limit_take(struct report_limit *l, long org_id, time_t now);

/* Give back a report counted by report_limit_take that was not stored after all. */
void report_limit_return(struct report_limit *l, long org_id, time_t now);

#endif

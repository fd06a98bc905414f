/*
** reportlimit.c - hourly caps on anonymous reports (see reportlimit.h).
*/
#include <stdio.h>
#include <string.h>

#include "reportlimit.h"

int
report_limit_init(struct report_limit *l, char *err, size_t errlen)
{
	memset(l, 0, sizeof *l);
	if (pthread_mutex_init(&l->lock, NULL) != 0) {
		snprintf(err, errlen, "cannot create the report counter's lock");
		return -1;
	}
	return 0;
}

void
report_limit_free(struct report_limit *l)
{
	pthread_mutex_destroy(&l->lock);
}

/* Forget the counts of an earlier hour. */
static void
turn_hour(struct report_limit *l, time_t now)
{
	long hour = (long)(now / 3600);

	if (hour != l->hour) {
		l->hour = hour;
		l->global = 0;
		l->nlisting = 0;
	}
}

static int
listing_slot(struct report_limit *l, long org_id)
{
	int i;

	for (i = 0; i < l->nlisting; i++)
		if (l->listing[i].org_id == org_id)
			return i;
	return -1;
}

int
report_limit_take(struct report_limit *l, long org_id, time_t now)
{
	int i, rc = -1;

	pthread_mutex_lock(&l->lock);
	turn_hour(l, now);
	i = listing_slot(l, org_id);
	if (l->global < REPORT_LIMIT_GLOBAL &&
	    (i < 0 || l->listing[i].count < REPORT_LIMIT_PER_LISTING)) {
		if (i < 0) {
			i = l->nlisting++;   /* fewer listings than reports: always room */
			l->listing[i].org_id = org_id;
			l->listing[i].count = 0;
		}
		l->listing[i].count++;
		l->global++;
		rc = 0;
	}
	pthread_mutex_unlock(&l->lock);
	return rc;
}

void
report_limit_return(struct report_limit *l, long org_id, time_t now)
{
	int i;

	pthread_mutex_lock(&l->lock);
	if (l->hour == (long)(now / 3600) && (i = listing_slot(l, org_id)) >= 0 &&
	    l->listing[i].count > 0) {
		l->listing[i].count--;
		l->global--;
	}
	pthread_mutex_unlock(&l->lock);
}

/*
** summary.h - what a search result is built from: the few members of an organization's
** public view (publish.h) that a result shows, with the values a result gathers from its
** services and locations already gathered. It is made once, when a record is stored, so
** that a page of twenty results parses twenty small texts and gathers nothing.
*/
#ifndef SD_SUMMARY_H
#define SD_SUMMARY_H

#include <jansson.h>

/* The summary of a public view, a new reference, or NULL on OOM. Its members:
**  - kept from the view: id, name, alternate_names, description, provides_services,
**    updated_on, demo;
**  - gathered: "categories", those of the organization and of its services that the
**    catalog knows, once each, in catalog order; "languages", the codes its services
**    speak, once each, first appearance first; "neighbourhoods" and "cities" of its
**    locations, the same way; "fees", the lowest fee level among its services (free,
**    then sliding-scale, then fee) or null; "no_id_needed", true when a service needs no
**    ID; "details_provided", true when it has a service, or a location with an address,
**    hours, phones or kept confidential;
**  - "commitments", the ids it holds, and "commitments_since", their dates in the same
**    order;
**  - "locations", each one's id and, when it has them, its opening hours in their
**    compact form (hours.h).
** view_summary (view.h) reads it; view_detail gets its shared fields from it too. */
json_t *summary_make(const json_t *view);

/* The members of a summary, borrowed from it; NULL where one is absent. */
struct summary_members {
	json_t *id, *name, *alternate_names, *description, *provides_services, *updated_on,
	    *demo, *categories, *languages, *neighbourhoods, *cities, *fees, *no_id_needed,
	    *details_provided, *commitments, *commitments_since, *locations;
};

/* Fill m from summary in one pass over its members, instead of a lookup (a hash of
** the key) for each. Members in summary_make's order are each found at the first
** comparison; any other order is read as well, and unknown members are skipped. */
void summary_read(const json_t *summary, struct summary_members *m);

#endif

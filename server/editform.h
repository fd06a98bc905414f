/*
** editform.h - the organization editor's form, which works without JavaScript: one plain
** HTML form (client-web/templates/edit_fields.html) edits a whole organization record
** (docs/DATA-FORMAT.md). This module turns a canonical record into the values that
** template renders, and the flat fields a browser submits back into a record, checked by
** record_check. Field names:
**
**   name, alternate_names (one per line), description.LANG, website, email,
**   provides_services ("1"), categories (repeated), commitment (repeated),
**   service.N.{id, remove, name.LANG, description.LANG, categories (repeated), fees,
**     fee_note.LANG, at_the_door.LANG, no_id_needed, languages ("fr, en, es")},
**   location.N.{id, remove, name.LANG, address, neighbourhood, city, postal_code,
**     latitude, longitude, confidential, call_first.LANG, accessibility.LANG,
**     hours (one period per line: "mon-fri 09:00-17:00"),
**     phones (one per line: "+1 514 555 0100 | Reception")}
**
** where LANG is an interface language and N runs over the items, 0..199; a slot whose
** fields are all blank is ignored, which is how the one extra empty slot adds an item.
*/
#ifndef SD_EDITFORM_H
#define SD_EDITFORM_H

#include <jansson.h>

#define EDITFORM_MAX_SLOTS 200   /* services or locations: N is 0..199 */

struct view_context;

/* The value a form page renders in edit_fields.html: everything in record as form values,
** with the catalogs as choice lists carrying "checked"/"selected" flags, one empty slot
** for a new service and one for a new location, and errors (object field name -> message,
** may be NULL) attached as "error" next to the field they concern, plus a top-level
** "errors" list [{"field","message"}] for a summary at the top. record may be NULL (a
** blank form for a new organization). NULL on OOM. */
json_t *editform_values(const json_t *record, const json_t *errors, const struct view_context *vl);

/* The same value, filled from a submitted form instead of a record: what a page shows
** again when editform_apply refused the form, so that nothing typed is lost. current (may
** be NULL) gives the "held since" dates of commitments. Slots are those the form has,
** plus an empty one when the last is not empty. NULL on OOM. */
json_t *editform_values_from_form(const json_t *current, const json_t *form,
    const json_t *errors, const struct view_context *vl);

/* Build the record the form describes, on top of current (may be NULL for a new
** organization): keeps current's id, verification, demo, endorsed_on and updated_on
** (new organization: a new random UUID, verification {"state":"pending",...null}, demo false);
** keeps each kept commitment's "since", gives a newly ticked one today's date; new services
** and locations get new random UUIDs; an id in service.N.id/location.N.id that is not one of
** current's is an error (an editor cannot take another organization's items). The result is
** then passed through record_check(…, today, …). 0 and *record (canonical, new reference);
** or -1 and *errors = new object field-name -> message for people (as many problems as can
** be found in one pass; a problem record_check finds is named by the form field it comes
** from). lang is the interface language code used for phone labels: a phone line's label
** replaces the label in that language, and the labels in other languages of the same
** number at the same location are kept. Never crashes on any form content (missing keys,
** arrays where strings were expected → an error for that field). On OOM: -1 and an errors
** object holding "form", or NULL if even that cannot be made. */
int editform_apply(const json_t *current, const json_t *form, const char *today,
    const char *lang, json_t **record, json_t **errors);

#endif

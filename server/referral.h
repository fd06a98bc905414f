/*
** referral.h - a support worker's referral sheet: the listings chosen on results pages,
** carried in the URL only (ids=…), and their short text-message version.
*/
#ifndef SD_REFERRAL_H
#define SD_REFERRAL_H

#include <jansson.h>

#include "apierror.h"
#include "buf.h"
#include "view.h"

#define REFERRAL_MAX_IDS 30   /* listings on one sheet */
#define REFERRAL_IDS_TEXT (REFERRAL_MAX_IDS * 37)  /* "id,id,…" of a full sheet, and its NUL */

/* The ids= parameter: a string "id,id,…", or an array of such strings (a form's
** repeated checkboxes), or absent. Each id must be a listing id (lower-case UUID);
** repeats are dropped, order is kept. 0 with *ids set to a new array (maybe empty), or
** -1 with a 400 error naming ids. */
int referral_ids_parse(const json_t *param, json_t **ids, struct api_error *err);

/* "id,id,…" for the ids, as links carry them. 0, or -1 on OOM. */
int referral_ids_join(const json_t *ids, struct buf *out);

/* The text-message version of the sheet: for each organization (a view_detail value),
** its name, at most two places (address, or neighbourhood with the confidential-address
** note), their first phones, and "No ID needed" / free when the listing says so. No
** links. 0, or -1 on OOM. */
int referral_sms(const json_t *details, const struct view_context *vl, struct buf *out);

#endif

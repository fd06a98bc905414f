-- 004-small-rows.sql - the documents leave the rows that searches read.
--
-- A search filters and sorts on organization rows: with the record and the public view
-- in them (about 6 KB), each row spanned pages of its own and a search that matched
-- thousands of organizations read all of those pages. The documents now live in
-- organization_document, read only for the organizations a page shows, with beside
-- them the summary (publish.h): the part of the public view a search result is built
-- from. `solidarityd init` derives the summaries again after this file runs.

CREATE TABLE organization_document (
  org_id      INTEGER PRIMARY KEY REFERENCES organization (org_id) ON DELETE CASCADE,
  record      TEXT NOT NULL CHECK (json_valid(record)),
  public_view TEXT NOT NULL CHECK (json_valid(public_view)),
  summary     TEXT NOT NULL CHECK (json_valid(summary))
);

INSERT INTO organization_document (org_id, record, public_view, summary)
  SELECT org_id, record, public_view, public_view FROM organization;

ALTER TABLE organization DROP COLUMN record;
ALTER TABLE organization DROP COLUMN public_view;

-- Every distinct term of the search index, for the spelling fallback: reading the terms
-- through search_vocabulary walks every document list of the index (3 s on 100k
-- organizations). Rebuilt from search_vocabulary after an import or a migration, and
-- updated from the one organization's terms when a single record is saved (store.c).
CREATE TABLE search_term (
  term TEXT PRIMARY KEY
) WITHOUT ROWID;

-- 006-public-view-once.sql - the public view is stored only when it differs from the record.
--
-- An organization without a confidential location has a public view that is its record,
-- byte for byte: storing it again made a tenth of a large directory's size, and of the
-- time an import spends writing. organization_document.public_view is now NULL in that
-- case, and readers take coalesce(public_view, record). Only a store compares the two
-- texts it has just made (server/store.c), so a view that removed anything is always
-- stored as it is.

CREATE TABLE organization_document_next (
  org_id      INTEGER PRIMARY KEY REFERENCES organization (org_id) ON DELETE CASCADE,
  record      TEXT NOT NULL CHECK (json_valid(record)),
  public_view TEXT CHECK (public_view IS NULL OR json_valid(public_view)),
  summary     TEXT NOT NULL CHECK (json_valid(summary))
);

INSERT INTO organization_document_next (org_id, record, public_view, summary)
  SELECT org_id, record, nullif(public_view, record), summary FROM organization_document;

DROP TABLE organization_document;
ALTER TABLE organization_document_next RENAME TO organization_document;

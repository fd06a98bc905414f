-- 001-initial.sql - the directory's first schema.
--
-- Each organization is stored as one canonical JSON document (organization.record), the
-- exact record that `import` accepted and `export` writes back. Every other column and
-- table is derived from that document by the server in one transaction (server/store.c),
-- so they can never disagree with it: the columns and tables used to filter and sort,
-- the full-text index, and the public view (organization.public_view) from which
-- confidential details have already been removed.

CREATE TABLE directory_setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO directory_setting (key, value) VALUES
  ('time_zone', 'America/Montreal'),
  ('default_language', 'fr');

CREATE TABLE organization (
  org_id            INTEGER PRIMARY KEY,
  uuid              TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  name_key          TEXT NOT NULL,              -- folded name, for sorting by name
  state             TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'suspended')),
  provides_services INTEGER NOT NULL CHECK (provides_services IN (0, 1)),
  updated_on        TEXT NOT NULL,
  demo              INTEGER NOT NULL CHECK (demo IN (0, 1)),
  record            TEXT NOT NULL CHECK (json_valid(record)),
  public_view       TEXT NOT NULL CHECK (json_valid(public_view))
);
CREATE INDEX organization_by_state_name ON organization (state, name_key, uuid);

-- Commitments an organization holds, for the "all of these commitments" filter.
CREATE TABLE organization_commitment (
  org_id     INTEGER NOT NULL REFERENCES organization (org_id) ON DELETE CASCADE,
  commitment TEXT NOT NULL,
  since      TEXT,
  PRIMARY KEY (org_id, commitment)
) WITHOUT ROWID;

-- Filterable facts, one row each: kind is 'category', 'language', 'neighbourhood',
-- 'city' or 'fees'; neighbourhood and city values are folded (fold.h).
CREATE TABLE organization_facet (
  org_id INTEGER NOT NULL REFERENCES organization (org_id) ON DELETE CASCADE,
  kind   TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (org_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX organization_facet_by_value ON organization_facet (kind, value);

-- Services and locations keep their ids unique across the whole directory.
CREATE TABLE service (
  service_id INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  org_id     INTEGER NOT NULL REFERENCES organization (org_id) ON DELETE CASCADE
);
CREATE INDEX service_by_org ON service (org_id);

CREATE TABLE location (
  location_id  INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  org_id       INTEGER NOT NULL REFERENCES organization (org_id) ON DELETE CASCADE,
  confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
  latitude     REAL,    -- for confidential locations: rounded to about 1 km
  longitude    REAL
);
CREATE INDEX location_by_org ON location (org_id);

-- Full-text index, one row per organization (rowid = org_id). Confidential addresses
-- are never indexed, so a search by street cannot reveal a confidential place.
CREATE VIRTUAL TABLE search_index USING fts5 (
  name, alternate_names, description, services, categories, places,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_vocabulary USING fts5vocab (search_index, 'row');

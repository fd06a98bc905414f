-- 002-near-and-open.sql - what "near me" and "open now" search with.
--
-- Locations now always carry the point distances are measured from, and how precise it
-- is; opening hours get a table of weekly periods. Both are derived from the stored
-- records: `solidarityd init` fills them again in the same transaction as this file.

DROP TABLE location;

CREATE TABLE location (
  location_id  INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  org_id       INTEGER NOT NULL REFERENCES organization (org_id) ON DELETE CASCADE,
  confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
  -- The point distances are measured from: the record's coordinates ('exact'), rounded
  -- to about 1 km for a confidential location ('rounded'), else the centre of its
  -- neighbourhood or city when the directory knows it (fixtures/places.json).
  latitude     REAL,
  longitude    REAL,
  precision    TEXT CHECK (precision IN ('exact', 'rounded', 'neighbourhood', 'city')),
  CHECK ((latitude IS NULL) = (precision IS NULL) AND (latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX location_by_org ON location (org_id);
CREATE INDEX location_by_point ON location (latitude, longitude) WHERE latitude IS NOT NULL;

-- Weekly opening periods within one day (an overnight period is two rows): day 0 is
-- Monday, opens and closes are minutes since midnight, local time of the directory.
CREATE TABLE opening_period (
  location_id INTEGER NOT NULL REFERENCES location (location_id) ON DELETE CASCADE,
  org_id      INTEGER NOT NULL,
  day         INTEGER NOT NULL CHECK (day BETWEEN 0 AND 6),
  opens       INTEGER NOT NULL,
  closes      INTEGER NOT NULL,
  CHECK (0 <= opens AND opens < closes AND closes <= 1440)
);
CREATE INDEX opening_period_by_org ON opening_period (org_id, day, opens);
CREATE INDEX opening_period_by_location ON opening_period (location_id);

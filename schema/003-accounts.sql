-- 003-accounts.sql - people who keep the directory current, and what they do.
--
-- Coordinators verify endorsements and handle reports; editors keep one organization's
-- listing current. Secrets are never stored: passphrases as Argon2id strings, and of
-- every token (set-up and invitation links, sessions, API tokens) only its BLAKE2b hash.
-- Nothing here describes a visitor: reports keep the day, never the time or any request
-- detail.

CREATE TABLE account (
  account_id      INTEGER PRIMARY KEY,
  role            TEXT NOT NULL CHECK (role IN ('coordinator', 'editor')),
  login           TEXT NOT NULL UNIQUE COLLATE NOCASE,
  org_id          INTEGER REFERENCES organization (org_id) ON DELETE CASCADE,
  passphrase      TEXT,                       -- Argon2id string; NULL until chosen
  created_at      INTEGER NOT NULL,           -- Unix seconds
  failures        INTEGER NOT NULL DEFAULT 0, -- consecutive failed logins
  last_failure_at INTEGER,
  CHECK ((role = 'editor') = (org_id IS NOT NULL))
);
CREATE INDEX account_by_org ON account (org_id);

-- One-time links: a coordinator's set-up link (account_id) or an invitation for a new
-- editor of an organization (org_id).
CREATE TABLE one_time_link (
  token_hash BLOB PRIMARY KEY,
  purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'invitation')),
  account_id INTEGER REFERENCES account (account_id) ON DELETE CASCADE,
  org_id     INTEGER REFERENCES organization (org_id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  CHECK ((purpose = 'setup') = (account_id IS NOT NULL)),
  CHECK ((purpose = 'invitation') = (org_id IS NOT NULL))
) WITHOUT ROWID;

CREATE TABLE session (
  session_hash BLOB PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES account (account_id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_by_account ON session (account_id);

CREATE TABLE api_token (
  token_id   INTEGER PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  org_id     INTEGER NOT NULL REFERENCES organization (org_id) ON DELETE CASCADE,
  label      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX api_token_by_org ON api_token (org_id);

-- Every saved state of a listing: who, when, which parts changed, and the whole record,
-- so any revision can be restored.
CREATE TABLE revision (
  revision_id INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES organization (org_id) ON DELETE CASCADE,
  made_at     INTEGER NOT NULL,
  author      TEXT NOT NULL,
  action      TEXT NOT NULL,
  changed     TEXT NOT NULL CHECK (json_valid(changed)),  -- array of field names
  record      TEXT NOT NULL CHECK (json_valid(record))
);
CREATE INDEX revision_by_org ON revision (org_id, revision_id);

-- An organization's application to be listed (its record is stored as 'pending').
CREATE TABLE application (
  org_id        INTEGER PRIMARY KEY REFERENCES organization (org_id) ON DELETE CASCADE,
  contact_name  TEXT NOT NULL,
  contact_email TEXT,
  contact_phone TEXT,
  message       TEXT,
  submitted_on  TEXT NOT NULL,
  decided_on    TEXT,
  decision      TEXT CHECK (decision IN ('approved', 'rejected')),
  reason        TEXT
);

-- Anonymous reports about a listing: the day only.
CREATE TABLE report (
  report_id    INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES organization (org_id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('status-asked', 'status-fee', 'refused',
                                             'wrong-info', 'other')),
  details      TEXT NOT NULL,
  reported_on  TEXT NOT NULL,
  closed_on    TEXT,
  closed_by    TEXT,
  closing_note TEXT
);
CREATE INDEX report_open ON report (closed_on, org_id);

-- The key of the form tokens (CSRF) of public forms and of sessions.
INSERT INTO directory_setting (key, value) VALUES ('form_key', lower(hex(randomblob(32))));

-- 005-search-generation.sql - a number that changes whenever what searches read changes.
--
-- The server keeps an image of the public organizations' filters, places, hours and
-- name order in memory (server/snapshot.c) and answers searches from it while the
-- image's number equals this one. Every write of an organization goes through its row
-- (server/store.c rewrites the derived tables and the row together), so triggers on
-- that row count every change, in the writer's own transaction.

CREATE TABLE search_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO search_generation (id, n) VALUES (1, 0);

CREATE TRIGGER organization_added AFTER INSERT ON organization
BEGIN
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER organization_changed AFTER UPDATE ON organization
BEGIN
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER organization_removed AFTER DELETE ON organization
BEGIN
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;

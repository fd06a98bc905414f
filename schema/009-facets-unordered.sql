-- 009-facets-unordered.sql - organization_facet loses its index by kind and value.
--
-- Its one reader was the search image (server/snapshot.c), which read the facets in
-- (kind, value) order; it now reads them in the table's own order and sorts the few
-- distinct values itself. The index cost every import more than it saved anyone: at
-- 100k organizations, 1.1M keys sorted in 1.2-1.7 s at the import's end, when nothing
-- else runs, and 24 MB of pages written. Every other query on the table goes by
-- organization, through the primary key.

DROP INDEX IF EXISTS organization_facet_by_value;

-- 008-search-instances.sql - every instance of every term of the search index, in term
-- order, as a table: the server reads it once per search image to hold each term's
-- documents and weighted counts in memory (server/wordindex.c). A view on the index
-- (FTS5's fts5vocab module): it stores nothing.

CREATE VIRTUAL TABLE IF NOT EXISTS search_instances USING fts5vocab (search_index, 'instance');

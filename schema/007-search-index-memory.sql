-- 007-search-index-memory.sql - how much the full-text index gathers before it writes.
--
-- FTS5 holds the terms of the rows a transaction adds in memory and writes them out as a
-- new segment of the index each time they pass its hash size (1 MiB by default), then
-- merges those segments into larger ones. An import adds every organization's row in
-- one statement (server/store.c): at 100k organizations, 1 MiB made about 150 segments
-- merged over and over, and the statement took 5.8 s; 64 MiB takes 3.3 s for the same
-- index. A single save adds one row of a few KB, so nothing else changes; the memory is
-- the writer's, only while it writes, and the server's readers never use it.

INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 67108864);

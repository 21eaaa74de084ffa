-- SQLite peer, step 2: derive daily grades and episodes (derive.sql) and count them.
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -262144;
.read @DIR@/derive.sql
SELECT count(*) FROM grades;
SELECT count(*) FROM episodes;

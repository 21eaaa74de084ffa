-- SQLite peer, step 3: question 7 end to end from the loaded table (derive.sql, then q7.sql).
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -262144;
.read @DIR@/derive.sql
.read @DIR@/q7.sql
SELECT * FROM q7_groups ORDER BY g;
SELECT * FROM q7_test;

-- SQLite peer, step 1: load the canonical long CSV (@CSV@ is substituted by bench/run.sh) into a
-- typed table ev(seq, patient_id, day, minute, kind, code, value, unit) in file order.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE raw(patient_id TEXT, day TEXT, time TEXT, kind TEXT, code TEXT, value TEXT,
                 unit TEXT, note TEXT);
.import --csv --skip 1 @CSV@ raw
CREATE TABLE ev AS
SELECT rowid AS seq, patient_id, CAST(day AS INTEGER) AS day,
       CASE WHEN time = '' THEN NULL
            ELSE CAST(substr(time, 1, 2) AS INTEGER) * 60 + CAST(substr(time, 4, 2) AS INTEGER)
       END AS minute,
       kind, lower(code) AS code,
       CASE WHEN value = '' THEN NULL
            WHEN kind = 'temp' AND unit IN ('F', 'degF') THEN (CAST(value AS REAL) - 32) * 5.0 / 9.0
            ELSE CAST(value AS REAL) END AS value,
       unit
FROM raw;
DROP TABLE raw;

// DuckDB peer for bench/run.sh: the same CSV and the same derivation SQL as the SQLite peer.
//   node duckdb_bench.mjs load   CSV DB   load the canonical long CSV into table ev
//   node duckdb_bench.mjs derive DB       daily grades + episodes (derive.sql)
//   node duckdb_bench.mjs q7     DB       derive, then question 7 (q7.sql); prints its answer
//   node duckdb_bench.mjs export DB OUT   derive, then write OUT/grades.csv and OUT/episodes.csv
// Prints "RESULT step=<name> seconds=<s> peak_rss_mib=<MiB>" (time of the SQL only).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const here = dirname(fileURLToPath(import.meta.url));
const quote = (text) => `'${text.replaceAll("'", "''")}'`;

// A peer SQL file split into statements; the SQLite-only index statements are dropped.
function statements(file) {
    const text = readFileSync(join(here, file), 'utf8')
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('--') && !line.includes('/*sqlite*/'))
        .join('\n');
    return text.split(';').map((s) => s.trim()).filter((s) => s);
}

const loadSql = (csv) => `
CREATE TABLE ev AS
SELECT row_number() OVER () AS seq, patient_id, CAST(day AS INTEGER) AS day,
       CASE WHEN time = '' OR time IS NULL THEN NULL
            ELSE CAST(substr(time, 1, 2) AS INTEGER) * 60 + CAST(substr(time, 4, 2) AS INTEGER)
       END AS minute,
       kind, lower(coalesce(code, '')) AS code,
       CASE WHEN value = '' OR value IS NULL THEN NULL
            WHEN kind = 'temp' AND unit IN ('F', 'degF')
                THEN (TRY_CAST(value AS DOUBLE) - 32) * 5.0 / 9.0
            ELSE TRY_CAST(value AS DOUBLE) END AS value,
       unit
FROM read_csv(${quote(csv)}, header = true, all_varchar = true,
              columns = {'patient_id': 'VARCHAR', 'day': 'VARCHAR', 'time': 'VARCHAR',
                         'kind': 'VARCHAR', 'code': 'VARCHAR', 'value': 'VARCHAR',
                         'unit': 'VARCHAR', 'note': 'VARCHAR'})`;

async function main() {
    const [step, ...args] = process.argv.slice(2);
    const usage = 'usage: duckdb_bench.mjs load CSV DB | derive DB | q7 DB | export DB OUT';
    const dbPath = step === 'load' ? args[1] : args[0];
    if (!dbPath || !['load', 'derive', 'q7', 'export'].includes(step)) throw new Error(usage);
    const instance = await DuckDBInstance.create(dbPath);
    const db = await instance.connect();
    const start = performance.now();
    if (step === 'load') {
        await db.run(loadSql(args[0]));
    } else {
        for (const statement of statements('derive.sql')) await db.run(statement);
        if (step === 'q7') {
            for (const statement of statements('q7.sql')) await db.run(statement);
            for (const table of ['q7_groups ORDER BY g', 'q7_test']) {
                const rows = await db.runAndReadAll(`SELECT * FROM ${table}`);
                console.log(`Q7 ${JSON.stringify(rows.getRowObjectsJson())}`);
            }
        } else if (step === 'export') {
            const out = args[1];
            await db.run(`COPY (SELECT patient_id, day, fever, hypotension_level, hypoxia_level,
                                       treatment, masked, grade, episode
                                FROM grades ORDER BY patient_id, day)
                          TO ${quote(join(out, 'grades.csv'))} (HEADER, DELIMITER ',')`);
            await db.run(`COPY (SELECT patient_id, number, onset_day, end_day, duration,
                                       max_grade, positive_days, masked_from_day, toci_doses
                                FROM episodes ORDER BY patient_id, number)
                          TO ${quote(join(out, 'episodes.csv'))} (HEADER, DELIMITER ',')`);
        } else {
            await db.run('SELECT count(*) FROM grades');
        }
    }
    const seconds = (performance.now() - start) / 1000;
    db.closeSync();
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(`RESULT step=${step} seconds=${seconds.toFixed(4)} peak_rss_mib=${rss.toFixed(1)}`);
}

main().catch((error) => {
    console.error(`duckdb_bench: ${error.message}`);
    process.exit(1);
});

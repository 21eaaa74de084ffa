-- ASTCT daily CRS grades and episodes (docs/DERIVATIONS.md §3–6) in portable SQL, as an
-- analyst without dayzero would write it. Runs unchanged on SQLite 3.40 and DuckDB; statements
-- tagged /*sqlite*/ (indexes) are dropped for DuckDB. Input: table ev(seq, patient_id, day,
-- minute, kind, code, value, unit) with codes lower-cased and temperatures in °C.
-- Output: temp tables grades and episodes, in the format cohort_bench exports.
-- Timeline order everywhere: day, untimed before timed, minute, then recording order (seq).

-- Grading window per patient: days 0..28, ending early on the day of the first death.
CREATE TEMP TABLE win AS
SELECT p.patient_id,
       CASE WHEN d.day IS NOT NULL AND d.day < 28 THEN d.day ELSE 28 END AS last_day,
       d.day AS death_day,
       CASE WHEN d.code = 'crs' THEN 1 ELSE 0 END AS crs_death
FROM (SELECT DISTINCT patient_id FROM ev) AS p
LEFT JOIN (SELECT patient_id, day, code
           FROM (SELECT patient_id, day, code,
                        row_number() OVER (PARTITION BY patient_id
                                           ORDER BY day, (minute IS NOT NULL), minute, seq) AS rn
                 FROM ev WHERE kind = 'death') AS ranked
           WHERE rn = 1) AS d ON d.patient_id = p.patient_id;

-- One row per window day.
CREATE TEMP TABLE spine AS
WITH RECURSIVE n(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM n WHERE d < 28)
SELECT w.patient_id, n.d AS day FROM win AS w JOIN n ON n.d <= w.last_day;

-- Facts of a single day: Tmax, fluids-only hypotension (2), a vasopressor started (3),
-- a masking dose (tocilizumab or a corticosteroid).
CREATE TEMP TABLE facts AS
SELECT patient_id, day,
       max(CASE WHEN kind = 'temp' THEN value END) AS tmax,
       max(CASE WHEN kind = 'hypotension_fluids' THEN 2
                WHEN kind = 'vasopressor_start' THEN 3 ELSE 0 END) AS hyp_day,
       max(CASE WHEN kind = 'dose' AND code IN ('tocilizumab', 'methylprednisolone',
                'dexamethasone', 'prednisone', 'hydrocortisone') THEN 1 ELSE 0 END) AS treatment
FROM ev
WHERE day BETWEEN 0 AND 28
  AND kind IN ('temp', 'hypotension_fluids', 'vasopressor_start', 'dose')
GROUP BY patient_id, day;

-- Oxygen and vasopressors are states. For each state event: its oxygen level (oxygen only) and
-- the change in "drug running" it causes (a drug runs iff its last start/stop was a start).
CREATE TEMP TABLE st AS
SELECT patient_id, day, minute, kind, code, pos,
       CASE WHEN kind <> 'oxygen' THEN NULL
            WHEN code = 'low_flow_nc' THEN CASE WHEN value > 6 THEN 3 ELSE 2 END
            WHEN code = 'room_air' THEN 0
            WHEN code IN ('cpap', 'bipap', 'mechanical_ventilation') THEN 4
            WHEN code IN ('high_flow_nc', 'facemask', 'non_rebreather', 'venturi') THEN 3
            ELSE 2 END AS olevel,
       CASE WHEN kind = 'oxygen' THEN 0
            ELSE (CASE WHEN kind = 'vasopressor_start' THEN 1 ELSE 0 END)
               - (CASE WHEN prev_kind = 'vasopressor_start' THEN 1 ELSE 0 END) END AS delta
FROM (SELECT patient_id, day, minute, kind, code, value,
             row_number() OVER (PARTITION BY patient_id
                                ORDER BY day, (minute IS NOT NULL), minute, seq) AS pos,
             lag(kind) OVER (PARTITION BY patient_id, (kind = 'oxygen'), code
                             ORDER BY day, (minute IS NOT NULL), minute, seq) AS prev_kind
      FROM ev WHERE kind IN ('oxygen', 'vasopressor_start', 'vasopressor_stop')) AS s;

-- The state after each event: oxygen level in force, vasopressor level (4: two different drugs
-- other than vasopressin at once, 3: any running), and whether the event closes its "moment"
-- (timed events of one minute take effect together; untimed events one by one).
CREATE TEMP TABLE st2 AS
SELECT patient_id, day, minute, pos, olevel,
       sum(CASE WHEN kind = 'oxygen' THEN 1 ELSE 0 END)
           OVER (PARTITION BY patient_id ORDER BY pos ROWS UNBOUNDED PRECEDING) AS ogrp,
       sum(delta) OVER (PARTITION BY patient_id ORDER BY pos ROWS UNBOUNDED PRECEDING) AS running,
       sum(CASE WHEN code <> 'vasopressin' THEN delta ELSE 0 END)
           OVER (PARTITION BY patient_id ORDER BY pos ROWS UNBOUNDED PRECEDING) AS running_nv,
       lead(day) OVER (PARTITION BY patient_id ORDER BY pos) AS next_day,
       lead(minute) OVER (PARTITION BY patient_id ORDER BY pos) AS next_minute
FROM st;

CREATE TEMP TABLE st3 AS
SELECT patient_id, day, minute, pos,
       coalesce(max(olevel) OVER (PARTITION BY patient_id, ogrp), 0) AS oxy,
       CASE WHEN running_nv >= 2 THEN 4 WHEN running >= 1 THEN 3 ELSE 0 END AS hyp,
       CASE WHEN minute IS NULL OR next_day IS NULL OR next_day <> day
                 OR next_minute IS NULL OR next_minute <> minute THEN 1 ELSE 0 END AS moment_end,
       CASE WHEN next_day IS NULL OR next_day <> day THEN 1 ELSE 0 END AS day_end
FROM st2;

-- Per day with state events: the most intensive state after any moment of the day, the state at
-- the end of the day, and whether the state carried in is never in force (first change at 00:00).
CREATE TEMP TABLE sday AS
SELECT patient_id, day, oxy_max, hyp_max, oxy_end, hyp_end, skip_carry,
       lead(day) OVER (PARTITION BY patient_id ORDER BY day) AS next_day
FROM (SELECT patient_id, day,
             max(CASE WHEN moment_end = 1 THEN oxy END) AS oxy_max,
             max(CASE WHEN moment_end = 1 THEN hyp END) AS hyp_max,
             max(CASE WHEN day_end = 1 THEN oxy END) AS oxy_end,
             max(CASE WHEN day_end = 1 THEN hyp END) AS hyp_end,
             CASE WHEN count(*) = count(minute) AND min(minute) = 0 THEN 1 ELSE 0 END
                 AS skip_carry
      FROM st3 GROUP BY patient_id, day) AS g;
CREATE INDEX sday_pd ON sday(patient_id, day); /*sqlite*/

-- Levels per window day: day facts, states reached that day, and the state carried in.
CREATE TEMP TABLE levels AS
SELECT patient_id, day, max(hl) AS hl, max(xl) AS xl
FROM (SELECT patient_id, day, hyp_day AS hl, 0 AS xl FROM facts
      UNION ALL
      SELECT patient_id, day, hyp_max, oxy_max FROM sday WHERE day BETWEEN 0 AND 28
      UNION ALL
      SELECT s.patient_id, s.day, c.hyp_end, c.oxy_end
      FROM spine AS s
      JOIN sday AS c ON c.patient_id = s.patient_id AND c.day < s.day
                    AND (c.next_day IS NULL OR c.next_day >= s.day)
      LEFT JOIN sday AS t ON t.patient_id = s.patient_id AND t.day = s.day
      WHERE coalesce(t.skip_carry, 0) = 0) AS u
GROUP BY patient_id, day;
CREATE INDEX facts_pd ON facts(patient_id, day); /*sqlite*/
CREATE INDEX levels_pd ON levels(patient_id, day); /*sqlite*/

CREATE TEMP TABLE days AS
SELECT patient_id, day, fever, crs_death, treatment, hl, xl,
       CASE WHEN fever = 1 OR crs_death = 1 THEN 1 ELSE 0 END AS f,
       CASE WHEN hl > xl THEN hl ELSE xl END AS g_mask,
       CASE WHEN crs_death = 1 THEN 5 WHEN hl > 1 AND hl >= xl THEN hl
            WHEN xl > 1 THEN xl ELSE 1 END AS g_open
FROM (SELECT s.patient_id, s.day,
             CASE WHEN f.tmax >= 38.0 THEN 1 ELSE 0 END AS fever,
             CASE WHEN w.crs_death = 1 AND w.death_day = s.day THEN 1 ELSE 0 END AS crs_death,
             coalesce(f.treatment, 0) AS treatment,
             coalesce(l.hl, 0) AS hl, coalesce(l.xl, 0) AS xl
      FROM spine AS s
      JOIN win AS w ON w.patient_id = s.patient_id
      LEFT JOIN facts AS f ON f.patient_id = s.patient_id AND f.day = s.day
      LEFT JOIN levels AS l ON l.patient_id = s.patient_id AND l.day = s.day) AS x;
CREATE INDEX days_pd ON days(patient_id, day); /*sqlite*/

-- The episode scan, day by day (the masking rule makes it sequential): a fever (or CRS death)
-- day outside an episode opens one; a treatment day inside masks it; 2 consecutive CRS-negative
-- days close it. State carried: open, masked, negative run, episode count.
CREATE TEMP TABLE scan AS
WITH RECURSIVE sc(patient_id, day, o1, m2, grade, neg, open_a, masked_a, ep) AS (
    SELECT patient_id, -1, 0, 0, 0, 0, 0, 0, 0 FROM win WHERE last_day >= 0
    UNION ALL
    SELECT d.patient_id, d.day,
           CASE WHEN s.open_a = 1 OR d.f = 1 THEN 1 ELSE 0 END,
           CASE WHEN (s.open_a = 1 OR d.f = 1) AND (s.masked_a = 1 OR d.treatment = 1)
                THEN 1 ELSE 0 END,
           CASE WHEN d.f = 1 THEN d.g_open
                WHEN s.open_a = 1 AND (s.masked_a = 1 OR d.treatment = 1) THEN d.g_mask
                ELSE 0 END,
           CASE WHEN s.open_a = 1 AND d.f = 0
                     AND NOT ((s.masked_a = 1 OR d.treatment = 1) AND d.g_mask >= 1)
                THEN s.neg + 1 ELSE 0 END,
           CASE WHEN d.f = 1 THEN 1
                WHEN s.open_a = 1 AND (((s.masked_a = 1 OR d.treatment = 1) AND d.g_mask >= 1)
                                       OR s.neg = 0) THEN 1
                ELSE 0 END,
           CASE WHEN (d.f = 1 OR (s.open_a = 1
                                  AND (((s.masked_a = 1 OR d.treatment = 1) AND d.g_mask >= 1)
                                       OR s.neg = 0)))
                     AND ((s.open_a = 1 AND s.masked_a = 1) OR d.treatment = 1) THEN 1
                ELSE 0 END,
           s.ep + CASE WHEN s.open_a = 0 AND d.f = 1 THEN 1 ELSE 0 END
    FROM sc AS s JOIN days AS d ON d.patient_id = s.patient_id AND d.day = s.day + 1
)
SELECT patient_id, day, o1, m2, grade, ep FROM sc WHERE day >= 0;

CREATE TEMP TABLE toci AS
SELECT patient_id, day FROM ev WHERE kind = 'dose' AND code = 'tocilizumab';

CREATE TEMP TABLE episodes AS
SELECT e.patient_id, e.number, e.onset_day, e.end_day, e.end_day - e.onset_day + 1 AS duration,
       e.max_grade, e.positive_days, e.masked_from_day, count(t.day) AS toci_doses
FROM (SELECT patient_id, ep AS number, min(day) AS onset_day,
             max(CASE WHEN grade >= 1 THEN day END) AS end_day,
             max(grade) AS max_grade,
             sum(CASE WHEN grade >= 1 THEN 1 ELSE 0 END) AS positive_days,
             -- a treatment first given on a closing negative day masks none of its days
             CASE WHEN min(CASE WHEN m2 = 1 THEN day END)
                       <= max(CASE WHEN grade >= 1 THEN day END)
                  THEN min(CASE WHEN m2 = 1 THEN day END) END AS masked_from_day
      FROM scan WHERE o1 = 1 GROUP BY patient_id, ep) AS e
JOIN win AS w ON w.patient_id = e.patient_id
LEFT JOIN toci AS t ON t.patient_id = e.patient_id AND t.day >= e.onset_day
     AND t.day <= CASE WHEN e.end_day + 1 < w.last_day THEN e.end_day + 1 ELSE w.last_day END
GROUP BY e.patient_id, e.number, e.onset_day, e.end_day, e.max_grade, e.positive_days,
         e.masked_from_day;

CREATE TEMP TABLE grades AS
SELECT d.patient_id, d.day, d.fever, d.hl AS hypotension_level, d.xl AS hypoxia_level,
       d.treatment,
       CASE WHEN s.o1 = 1 AND s.m2 = 1 AND s.day <= e.end_day THEN 1 ELSE 0 END AS masked,
       s.grade,
       CASE WHEN s.o1 = 1 AND s.day <= e.end_day THEN s.ep ELSE 0 END AS episode
FROM days AS d
JOIN scan AS s ON s.patient_id = d.patient_id AND s.day = d.day
LEFT JOIN episodes AS e ON e.patient_id = s.patient_id AND e.number = s.ep;

-- Question 7 in portable SQL (SQLite 3.40 with math functions, DuckDB), run after derive.sql:
-- duration of the first CRS episode, patients given tocilizumab (any dose) vs not, within severe
-- CRS (maximum grade 3-5), with n, median (min-max) per group and the two-sided Mann-Whitney
-- test as R's wilcox.test(toci, no_toci) computes it with ties: normal approximation with
-- continuity and tie correction (pnorm by Abramowitz & Stegun 26.2.17, |error| < 7.5e-8).
CREATE TEMP TABLE q7_x AS
SELECT e.patient_id, e.duration AS v,
       CASE WHEN EXISTS (SELECT 1 FROM toci AS t WHERE t.patient_id = e.patient_id)
            THEN 1 ELSE 0 END AS g
FROM episodes AS e
WHERE e.number = 1
  AND e.patient_id IN (SELECT patient_id FROM episodes GROUP BY patient_id
                       HAVING max(max_grade) >= 3);

CREATE TEMP TABLE q7_groups AS
SELECT g, count(*) AS n, min(v) AS lo, max(v) AS hi,
       avg(CASE WHEN 2 * rn BETWEEN cnt AND cnt + 2 THEN v END) AS median
FROM (SELECT g, v, row_number() OVER (PARTITION BY g ORDER BY v) AS rn,
             count(*) OVER (PARTITION BY g) AS cnt FROM q7_x) AS r
GROUP BY g;

CREATE TEMP TABLE q7_test AS
SELECT w, z, 2 * CASE WHEN z > 0 THEN 1 - phi ELSE phi END AS p
FROM (SELECT w, z,
             -- pnorm(z): 1 - density * polynomial for z >= 0, mirrored below 0
             CASE WHEN z >= 0 THEN 1 - dens * poly ELSE dens * poly END AS phi
      FROM (SELECT w, z, exp(-z * z / 2) / sqrt(2 * pi()) AS dens,
                   tt * (0.319381530 + tt * (-0.356563782 + tt * (1.781477937
                        + tt * (-1.821255978 + tt * 1.330274429)))) AS poly
            FROM (SELECT w, z, 1 / (1 + 0.2316419 * abs(z)) AS tt
                  FROM (SELECT w, (w - n1 * n2 / 2.0
                                   - CASE WHEN w - n1 * n2 / 2.0 > 0 THEN 0.5
                                          WHEN w - n1 * n2 / 2.0 < 0 THEN -0.5 ELSE 0 END)
                                  / sqrt(n1 * n2 / 12.0 * ((n1 + n2 + 1)
                                         - ties / ((n1 + n2) * (n1 + n2 - 1.0)))) AS z
                        FROM (SELECT sum(CASE WHEN g = 1 THEN rk ELSE 0 END)
                                         - sum(g) * (sum(g) + 1) / 2.0 AS w,
                                     sum(g) * 1.0 AS n1, sum(1 - g) * 1.0 AS n2
                              FROM (SELECT g, rank() OVER (ORDER BY v)
                                              + (count(*) OVER (PARTITION BY v) - 1) / 2.0 AS rk
                                    FROM q7_x) AS ranked) AS sums,
                             (SELECT sum(t * t * t - t) * 1.0 AS ties
                              FROM (SELECT count(*) AS t FROM q7_x GROUP BY v) AS tv) AS tie)
                       AS zz) AS a) AS b) AS c;

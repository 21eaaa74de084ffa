-- SQLite peer, check: write the derived tables as CSV into @OUT@ for the diff against dayzero.
.headers on
.mode csv
.output @OUT@/grades.csv
SELECT patient_id, day, fever, hypotension_level, hypoxia_level, treatment, masked, grade, episode
FROM grades ORDER BY patient_id, day;
.output @OUT@/episodes.csv
SELECT patient_id, number, onset_day, end_day, duration, max_grade, positive_days,
       masked_from_day, toci_doses
FROM episodes ORDER BY patient_id, number;
.output stdout

#include "derive/episode_scan.h"

#include <algorithm>

namespace dayzero::derive::detail {
namespace {

using store::Event;
using store::EventKind;

// Grade of one day given the episode state it is scanned in (docs/DERIVATIONS.md §6).
int day_grade(const DailyGrade& row, bool masked) {
    if (row.crs_death) return 5;
    if (row.fever) return std::max({1, row.hypotension_level, row.hypoxia_level});
    if (masked) return std::max(row.hypotension_level, row.hypoxia_level);
    return 0;
}

// Fills the episode's day list, flags its rows, and attaches its doses and timings.
void finish_episode(Episode& episode, std::vector<DailyGrade>& rows, const TimelineView& view,
                    const CrsDefinition& def, const GradingWindow& window,
                    std::optional<double> weight_kg) {
    episode.duration = episode.end_day - episode.onset_day + 1;
    // A treatment first given on a closing negative day came after the episode's last day: none
    // of its days was graded under masking, so it is not masked (as its rows report).
    if (episode.masked_from_day && *episode.masked_from_day > episode.end_day)
        episode.masked_from_day.reset();
    episode.days.reserve(static_cast<size_t>(episode.duration));
    for (int day = episode.onset_day; day <= episode.end_day; ++day) {
        episode.days.push_back(day);
        DailyGrade& row = rows[static_cast<size_t>(day - window.first)];
        row.in_episode = true;
        row.episode = episode.number;
        episode.max_grade = std::max(episode.max_grade, row.grade);
        if (row.grade >= 1) ++episode.positive_days;
    }
    // A dose on the first CRS-negative day after the end still belongs to the episode.
    const int dose_last_day = std::min(episode.end_day + 1, window.last);
    for (size_t i = 0; i < view.size(); ++i) {
        const Event& event = view[i];
        if (event.day > dose_last_day) break;
        if (event.kind == EventKind::kDose && event.day >= episode.onset_day) {
            const bool toci = iequals(event.code, kTocilizumab);
            if (!toci && !is_corticosteroid(event.code)) continue;
            DoseTiming timing{event.seq, event.day, event.minute, event.code,
                              dose_mg(event, weight_kg)};
            (toci ? episode.toci : episode.steroids).push_back(std::move(timing));
        } else if (event.kind == EventKind::kTemp && event.day == episode.onset_day &&
                   !episode.onset_minute && event.minute && event.value &&
                   *event.value >= def.fever_threshold_c) {
            episode.onset_minute = *event.minute;
        }
    }
    episode.toci_doses = static_cast<int>(episode.toci.size());
    episode.steroid_doses = static_cast<int>(episode.steroids.size());
    if (!episode.onset_minute && window.death_index >= 0) {
        // An episode opened by a CRS death without fever starts at the death.
        const Event& death = view[static_cast<size_t>(window.death_index)];
        if (window.crs_death && death.day == episode.onset_day && death.minute) {
            episode.onset_minute = *death.minute;
        }
    }
    if (!episode.toci.empty()) {
        const DoseTiming& first = episode.toci.front();
        episode.days_onset_to_first_toci = first.day - episode.onset_day;
        if (episode.onset_minute && first.minute) {
            episode.hours_onset_to_first_toci = (first.day - episode.onset_day) * 24.0 +
                                                (*first.minute - *episode.onset_minute) / 60.0;
        }
    }
}

}  // namespace

std::vector<Episode> scan_episodes(std::vector<DailyGrade>& rows, const TimelineView& view,
                                   const CrsDefinition& def, const GradingWindow& window,
                                   const std::vector<int32_t>& first_treatment,
                                   std::optional<double> weight_kg) {
    std::vector<Episode> episodes;
    const int gap_days = std::max(1, def.gap_days);
    bool open = false;
    bool masked = false;
    int negative_run = 0;
    Episode current;
    std::optional<Evidence> masking;
    for (size_t r = 0; r < rows.size(); ++r) {
        DailyGrade& row = rows[r];
        if (!open && (row.fever || row.crs_death)) {
            open = true;
            masked = false;  // masking never carries into a later episode
            masking.reset();
            negative_run = 0;
            current = Episode{};
            current.number = static_cast<int>(episodes.size()) + 1;
            current.onset_day = row.day;
            current.end_day = row.day;
        }
        if (open && row.treatment && !masked) {
            masked = true;
            current.masked_from_day = row.day;
            masking = make_evidence(view[static_cast<size_t>(first_treatment[r])]);
        }
        row.grade = day_grade(row, open && masked);
        if (open && masked) {
            row.masked = true;
            row.why.masking = masking;
        }
        if (!open) continue;
        if (row.grade >= 1) {
            current.end_day = row.day;
            negative_run = 0;
        } else if (++negative_run >= gap_days) {
            current.ended_by = EpisodeEnd::kGap;
            finish_episode(current, rows, view, def, window, weight_kg);
            episodes.push_back(std::move(current));
            open = false;
        }
    }
    if (open) {
        const bool death_ended = window.death_index >= 0 &&
                                 view[static_cast<size_t>(window.death_index)].day == window.last;
        current.ended_by = death_ended ? EpisodeEnd::kDeath : EpisodeEnd::kWindowEnd;
        finish_episode(current, rows, view, def, window, weight_kg);
        episodes.push_back(std::move(current));
    }
    // Days scanned under masking after an episode's end (its closing negative run) are outside
    // the episode: only days within an episode report masked.
    for (auto& row : rows) {
        if (!row.in_episode && row.masked) {
            row.masked = false;
            row.why.masking.reset();
        }
    }
    return episodes;
}

}  // namespace dayzero::derive::detail

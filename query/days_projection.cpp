// The stored daily-grade projection. Entries (keys in byte order, so the header comes first):
//   "h"        header: stamp, definition, the patient ids that have entries (days_codec.h)
//   "p" <id>   one patient's daily rows and episodes (days_codec.h)
#include "query/days_projection.h"

#include <algorithm>

#include "query/patient_context.h"

namespace dayzero::query {
namespace {

constexpr std::string_view kHeaderKey = "h";
constexpr char kEntryPrefix = 'p';

// What reading the stored rows gave: patients visited (ids[0..visited) in order), whether the
// visitor stopped, and the problem that makes the rest come from the timelines ("" if none).
struct StoredScan {
    std::vector<std::string> ids;
    size_t visited = 0;
    bool stopped = false;
    std::string problem;
};

StoredScan scan_stored(const store::EventStore& store, const derive::CrsDefinition& def,
                       const GradesVisitor& visit) {
    StoredScan scan;
    const uint64_t last = store.last_seq();
    if (store.projection_seq(kDaysProjection) != last) {
        scan.problem = "the stored daily grades are missing or older than the log";
        return scan;
    }
    PatientGrades grades;
    bool header_seen = false;
    const store::Status status =
        store.scan_projection(kDaysProjection, [&](std::string_view key, std::string_view bytes) {
            if (!header_seen) {
                header_seen = true;
                auto header = key == kHeaderKey ? decode_days_header(bytes) : std::nullopt;
                if (!header || header->seq != last) {
                    scan.problem = "the stored daily grades' header is unreadable or stale";
                } else if (header->definition != def.describe()) {
                    scan.problem = "the stored daily grades were derived with another definition";
                } else {
                    scan.ids = std::move(header->patient_ids);
                }
                return scan.problem.empty();
            }
            // Entries must be exactly the header's patients, in the same order.
            if (scan.visited == scan.ids.size() || key.empty() || key[0] != kEntryPrefix ||
                key.substr(1) != scan.ids[scan.visited]) {
                scan.problem = "the stored daily grades do not match their header";
                return false;
            }
            grades.patient_id = scan.ids[scan.visited];
            if (!decode_days(bytes, grades)) {
                scan.problem = "the stored daily grades of " + grades.patient_id + " are malformed";
                return false;
            }
            ++scan.visited;
            scan.stopped = !visit(grades);
            return !scan.stopped;
        });
    if (!status) {
        scan.problem = "reading the stored daily grades failed: " + status.message();
    } else if (scan.problem.empty() && !header_seen) {
        scan.problem = "the stored daily grades have no header";
    } else if (scan.problem.empty() && !scan.stopped && scan.visited != scan.ids.size()) {
        scan.problem = "the stored daily grades miss patients";
    }
    return scan;
}

}  // namespace

const char* grades_source_name(GradesSource source) {
    switch (source) {
        case GradesSource::kProjection:
            return "projection";
        case GradesSource::kTimelines:
            return "timelines";
        case GradesSource::kMixed:
            return "mixed";
    }
    return "timelines";
}

store::Result<GradesPass> for_each_patient_grades(const store::EventStore& store,
                                                  const derive::CrsDefinition& def,
                                                  const GradesVisitor& visit) {
    GradesPass pass;
    StoredScan scan = scan_stored(store, def, visit);
    pass.from_projection = scan.visited;
    if (scan.problem.empty() || scan.stopped) {
        pass.source = GradesSource::kProjection;
        return pass;
    }
    pass.why_timelines = std::move(scan.problem);
    pass.source = scan.visited == 0 ? GradesSource::kTimelines : GradesSource::kMixed;
    const auto visited_end = scan.ids.begin() + static_cast<std::ptrdiff_t>(scan.visited);
    PatientGrades grades;
    const store::Status status =
        store.for_each_patient([&](const std::string& id, std::vector<store::Event>& events) {
            // Signature records are no patients; the ones already visited are not visited again.
            if (is_system_patient(id) || std::binary_search(scan.ids.begin(), visited_end, id))
                return true;
            auto derived = derive::derive_patient(id, events, def);
            grades.patient_id = id;
            grades.days = std::move(derived.days);
            for (auto& d : grades.days)
                d.why = {};  // the same content whichever path a patient took
            grades.episodes = std::move(derived.episodes);
            ++pass.from_timelines;
            return visit(grades);
        });
    if (!status) return status;
    return pass;
}

std::pair<std::string, std::string> days_entry(const std::string& id,
                                               const derive::PatientDerivation& derived) {
    return {kEntryPrefix + id, encode_days(derived.days, derived.episodes)};
}

std::pair<std::string, std::string> days_removal(const std::string& id) {
    return {kEntryPrefix + id, std::string()};
}

std::pair<std::string, std::string> days_header_entry(uint64_t seq, std::string_view definition,
                                                      const std::set<std::string>& patient_ids) {
    return {std::string(kHeaderKey), encode_days_header(seq, definition, patient_ids)};
}

std::optional<DaysHeader> read_days_header(const store::EventStore& store) {
    std::optional<DaysHeader> header;
    const store::Status status =
        store.scan_projection(kDaysProjection, [&](std::string_view key, std::string_view bytes) {
            if (key == kHeaderKey) header = decode_days_header(bytes, false);
            return false;
        });
    if (!status) return std::nullopt;
    return header;
}

}  // namespace dayzero::query

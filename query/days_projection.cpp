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

}  // namespace

StoredDaysScan scan_stored_days(const store::EventStore& store, const derive::CrsDefinition& def,
                                const GradesVisitor& visit) {
    StoredDaysScan scan;
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

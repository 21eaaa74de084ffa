#pragma once
// Binary encoding of what the stored summary projection keeps (query/summary_projection.h): one
// patient's summary (derivation without daily rows, dose totals) and the names a vocabulary
// holds. Every value starts with kSummaryCodecVersion; a decoder answers nullopt for another
// version or malformed bytes (the caller then treats the projection as stale), never throws.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "query/summary_bytes.h"
#include "query/summary_cache.h"
#include "query/summary_view.h"
#include "query/vocabulary.h"

namespace dayzero::query {

// Bump on any change to the layout, to what a summary holds, or to the rules that derive it: older
// values then read as stale and the writer rebuilds the projection (4: an episode's
// masked_from_day is never after its end).
inline constexpr uint8_t kSummaryCodecVersion = 4;

// Encodes `summary` without its id (the entry's key) and without daily rows. Decoding is in
// query/summary_view.h (SummaryView, decode_summary).
std::string encode_summary(const PatientSummary& summary);

// Encodes a summary from its parts (the daily rows of `derived` are left out).
std::string encode_summary(const derive::PatientDerivation& derived, const DoseTotals& doses);

// Appends one episode in the summary layout (the daily-grade projection stores episodes too).
void encode_episode(summary_bytes::Writer& w, const derive::Episode& e);

// Reads one episode written by encode_episode; a malformed one sticks in r.ok().
derive::Episode decode_episode(summary_bytes::Reader& r);

// Reads one lab measure of the summary layout; a malformed one sticks in r.ok().
derive::LabMeasure decode_lab(summary_bytes::Reader& r);

// The projection's header entry: the log position and definition it reflects, and the whole
// vocabulary (so statements that need no summaries read this one entry).
struct ProjectionHeader {
    uint64_t seq = 0;
    std::string definition;  // CrsDefinition::describe() of the derivations
    Vocabulary vocabulary;   // patients (one summary entry each), codes and attributes
};

// Encodes `header`.
std::string encode_header(const ProjectionHeader& header);

// Decodes a header (only its seq and definition unless `with_vocabulary`); nullopt for malformed
// bytes or another version.
std::optional<ProjectionHeader> decode_header(std::string_view bytes, bool with_vocabulary = true);

// A header read in place: its stamp, definition and patient ids point into the bytes.
struct HeaderView {
    uint64_t seq = 0;
    std::string_view definition;
    std::vector<std::string_view> patient_ids;  // in stored order
};

// Reads a header without building its vocabulary, accepting exactly what decode_header accepts;
// nullopt for malformed bytes or another version. `bytes` must outlive the result.
std::optional<HeaderView> view_header(std::string_view bytes);

// Encodes the codes per kind and baseline attributes of `vocabulary` (not its patients).
std::string encode_vocabulary_names(const Vocabulary& vocabulary);

// The same bytes as encode_vocabulary_names of a Vocabulary that add_timeline built from
// `events`, without building one: the import derives ten thousands of patients, and a Vocabulary
// is a tree node per code and attribute.
std::string encode_timeline_names(std::span<const store::Event> events);

// Adds the codes and attributes in `bytes` to `into`; false (with `into` partly filled) for
// malformed bytes or another version.
bool decode_vocabulary_names(std::string_view bytes, Vocabulary& into);

}  // namespace dayzero::query

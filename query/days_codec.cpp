// Daily-grade projection values. Layout (varint = LEB128, svarint = zig-zag varint, f64 =
// IEEE-754 little-endian, str = varint length · bytes; episode as in summary_codec.cpp):
//
//   days    := u8 version(=2) · varint n · row{n} · varint m · episode{m}
//   row     := svarint day · u8 flags · u8 hypotension_level · u8 hypoxia_level · u8 grade
//              · varint episode · tmax
//   flags   := bit 0 fever · bit 1 treatment · bit 2 masked · bit 3 crs_death · bit 4 in_episode
//              · bits 5–6 tmax form (0 none, 1 tenths, 2 f64) · bit 7 zero
//   tmax    := (form 1) svarint k, tmax = k / 10.0 exactly | (form 2) f64 | (form 0) nothing
//   header  := u8 version · varint seq · str definition · varint n · str patient_id{n}
//
// Most temperatures are recorded to a tenth of a degree: those take one or two bytes instead of
// eight, and only a value that k / 10.0 reproduces bit for bit is written that way.
#include "query/days_codec.h"

#include <cmath>

#include "query/summary_bytes.h"
#include "query/summary_codec.h"

namespace dayzero::query {
namespace {

using summary_bytes::Reader;
using summary_bytes::Writer;

constexpr uint8_t kFever = 1u << 0;
constexpr uint8_t kTreatment = 1u << 1;
constexpr uint8_t kMasked = 1u << 2;
constexpr uint8_t kCrsDeath = 1u << 3;
constexpr uint8_t kInEpisode = 1u << 4;
constexpr int kTmaxShift = 5;
constexpr uint8_t kTmaxNone = 0;
constexpr uint8_t kTmaxTenths = 1;
constexpr uint8_t kTmaxF64 = 2;
// Largest level / grade a row can hold (docs/DERIVATIONS.md §6); anything above is malformed.
constexpr uint8_t kMaxLevel = 4;
constexpr uint8_t kMaxGrade = 5;
constexpr double kMaxTenths = 1e9;

// The tenths k with k / 10.0 == v bit for bit, if there is one.
std::optional<int64_t> exact_tenths(double v) {
    if (!std::isfinite(v) || std::fabs(v) > kMaxTenths) return std::nullopt;
    const auto k = static_cast<int64_t>(std::llround(v * 10.0));
    if (static_cast<double>(k) / 10.0 != v || (v == 0.0 && std::signbit(v))) return std::nullopt;
    return k;
}

void put_row(Writer& w, const derive::DailyGrade& d) {
    std::optional<int64_t> tenths;
    uint8_t form = kTmaxNone;
    if (d.tmax_c) {
        tenths = exact_tenths(*d.tmax_c);
        form = tenths ? kTmaxTenths : kTmaxF64;
    }
    const uint8_t flags = (d.fever ? kFever : 0) | (d.treatment ? kTreatment : 0) |
                          (d.masked ? kMasked : 0) | (d.crs_death ? kCrsDeath : 0) |
                          (d.in_episode ? kInEpisode : 0) |
                          static_cast<uint8_t>(form << kTmaxShift);
    w.svarint(d.day);
    w.u8(flags);
    // Out-of-domain values are written as they come and refused by the decoder (stale).
    w.u8(static_cast<uint8_t>(d.hypotension_level));
    w.u8(static_cast<uint8_t>(d.hypoxia_level));
    w.u8(static_cast<uint8_t>(d.grade));
    w.varint(static_cast<uint64_t>(d.episode));
    if (form == kTmaxTenths) w.svarint(*tenths);
    if (form == kTmaxF64) w.f64(*d.tmax_c);
}

void get_row(Reader& r, derive::DailyGrade& d) {
    d.day = r.i32();
    const uint8_t flags = r.u8();
    d.fever = (flags & kFever) != 0;
    d.treatment = (flags & kTreatment) != 0;
    d.masked = (flags & kMasked) != 0;
    d.crs_death = (flags & kCrsDeath) != 0;
    d.in_episode = (flags & kInEpisode) != 0;
    const uint8_t form = (flags >> kTmaxShift) & 0x3;
    const uint8_t hypotension = r.u8();
    const uint8_t hypoxia = r.u8();
    const uint8_t grade = r.u8();
    if ((flags & 0x80) != 0 || form > kTmaxF64 || hypotension > kMaxLevel || hypoxia > kMaxLevel ||
        grade > kMaxGrade) {
        r.fail();
    }
    d.hypotension_level = hypotension;
    d.hypoxia_level = hypoxia;
    d.grade = grade;
    const uint64_t episode = r.varint();
    if (episode > static_cast<uint64_t>(INT32_MAX)) r.fail();
    d.episode = static_cast<int>(episode);
    d.tmax_c.reset();
    if (form == kTmaxTenths) d.tmax_c = static_cast<double>(r.i64()) / 10.0;
    if (form == kTmaxF64) d.tmax_c = r.f64();
}

}  // namespace

std::string encode_days(const std::vector<derive::DailyGrade>& days,
                        const std::vector<derive::Episode>& episodes) {
    Writer w;
    w.u8(kDaysCodecVersion);
    w.varint(days.size());
    for (const auto& d : days)
        put_row(w, d);
    w.varint(episodes.size());
    for (const auto& e : episodes)
        encode_episode(w, e);
    return w.take();
}

bool decode_days(std::string_view bytes, PatientGrades& out) {
    Reader r(bytes);
    if (r.u8() != kDaysCodecVersion || !r.ok()) return false;
    out.days.resize(r.count());
    for (auto& d : out.days) {
        if (!r.ok()) break;
        get_row(r, d);
    }
    out.episodes.resize(r.count());
    for (auto& e : out.episodes) {
        if (!r.ok()) break;
        e = decode_episode(r);
    }
    return r.done();
}

std::string encode_days_header(uint64_t seq, std::string_view definition,
                               const std::set<std::string>& patient_ids) {
    Writer w;
    w.u8(kDaysCodecVersion);
    w.varint(seq);
    w.str(definition);
    w.varint(patient_ids.size());
    for (const auto& id : patient_ids)
        w.str(id);
    return w.take();
}

std::optional<DaysHeader> decode_days_header(std::string_view bytes, bool with_ids) {
    Reader r(bytes);
    if (r.u8() != kDaysCodecVersion || !r.ok()) return std::nullopt;
    DaysHeader header;
    header.seq = r.varint();
    header.definition = r.str();
    if (!with_ids) return r.ok() ? std::optional(std::move(header)) : std::nullopt;
    header.patient_ids.resize(r.count());
    for (auto& id : header.patient_ids) {
        if (!r.ok()) break;
        id = r.str();
    }
    if (!r.done()) return std::nullopt;
    // Entries are visited in key order: the list must be strictly increasing to match them.
    for (size_t i = 1; i < header.patient_ids.size(); ++i) {
        if (!(header.patient_ids[i - 1] < header.patient_ids[i])) return std::nullopt;
    }
    return header;
}

}  // namespace dayzero::query

#include "shell/audit_replay_format.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "shell/audit_csv.h"
#include "shell/audit_time.h"

namespace dayzero::shell::audit {
namespace {

using json = nlohmann::ordered_json;  // keeps fields in the documented order
using store::Event;
using store::Status;

json event_to_json(const Event& e) {
    json j = json::object();
    j["seq"] = e.seq;
    j["patient"] = e.patient_id;
    j["day"] = e.day;
    j["time"] = e.minute ? json(store::format_minute(*e.minute)) : json(nullptr);
    j["kind"] = std::string(store::kind_name(e.kind));
    j["code"] = e.code;
    j["value"] = e.value ? json(*e.value) : json(nullptr);
    j["text"] = e.text;
    j["unit"] = e.unit;
    j["original"] = e.original;
    j["note"] = e.note;
    j["correction"] = std::string(store::correction_name(e.correction));
    j["target_seq"] = e.target_seq;
    j["reason"] = e.reason;
    j["recorded_by"] = e.recorded_by;
    j["source"] = e.source;
    j["source_line"] = e.source_line;
    return j;
}

// Field decoders shared by the JSON and CSV readers; each returns an error naming the field.
std::optional<std::string> parse_time(std::string_view text, std::optional<uint16_t>& minute) {
    if (text.empty()) {
        minute.reset();
        return std::nullopt;
    }
    unsigned h = 0, m = 0;
    if (text.size() != 5 || text[2] != ':' ||
        std::from_chars(text.data(), text.data() + 2, h).ec != std::errc{} ||
        std::from_chars(text.data() + 3, text.data() + 5, m).ec != std::errc{} || h > 23 || m > 59)
        return fmt::format("time: '{}' is not HH:MM", text);
    minute = static_cast<uint16_t>(h * 60 + m);
    return std::nullopt;
}

std::optional<std::string> parse_kind_field(std::string_view text, store::EventKind& kind) {
    auto parsed = store::parse_kind(text);
    if (!parsed) return fmt::format("kind: '{}' is not a known event kind", text);
    kind = *parsed;
    return std::nullopt;
}

std::optional<std::string> parse_correction(std::string_view text, store::Correction& out) {
    if (text.empty())
        out = store::Correction::kNone;
    else if (text == "amend")
        out = store::Correction::kAmend;
    else if (text == "retract")
        out = store::Correction::kRetract;
    else
        return fmt::format("correction: '{}' is not '', 'amend' or 'retract'", text);
    return std::nullopt;
}

template <typename Int>
std::optional<std::string> parse_int(std::string_view field, std::string_view text, Int& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc{} || ptr != text.data() + text.size() || text.empty())
        return fmt::format("{}: '{}' is not an integer in range", field, text);
    return std::nullopt;
}

std::optional<std::string> parse_double(std::string_view text, std::optional<double>& out) {
    if (text.empty()) {
        out.reset();
        return std::nullopt;
    }
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(v))
        return fmt::format("value: '{}' is not a finite number", text);
    out = v;
    return std::nullopt;
}

// Typed JSON accessors: throw a message naming the field, caught once in the parser below.
struct FieldError {
    std::string message;
};

const json& member(const json& j, const char* name) {
    auto it = j.find(name);
    if (it == j.end()) throw FieldError{fmt::format("missing field '{}'", name)};
    return *it;
}

std::string text_of(const json& j, const char* name) {
    const json& v = member(j, name);
    if (!v.is_string()) throw FieldError{fmt::format("{}: expected a string", name)};
    return v.get<std::string>();
}

template <typename Int>
Int int_of(const json& j, const char* name) {
    const json& v = member(j, name);
    if (!v.is_number_integer()) throw FieldError{fmt::format("{}: expected an integer", name)};
    if constexpr (std::is_unsigned_v<Int>) {
        if (v.is_number_unsigned()) return v.get<Int>();
        throw FieldError{fmt::format("{}: expected a non-negative integer", name)};
    } else {
        return v.get<Int>();
    }
}

void check(std::optional<std::string> problem) {
    if (problem) throw FieldError{std::move(*problem)};
}

Event event_from_json(const json& j) {
    if (!j.is_object()) throw FieldError{"events: expected objects"};
    Event e;
    e.seq = int_of<uint64_t>(j, "seq");
    e.patient_id = text_of(j, "patient");
    e.day = int_of<int32_t>(j, "day");
    const json& time = member(j, "time");
    if (!time.is_null()) {
        if (!time.is_string()) throw FieldError{"time: expected \"HH:MM\" or null"};
        check(parse_time(time.get<std::string>(), e.minute));
    }
    check(parse_kind_field(text_of(j, "kind"), e.kind));
    e.code = text_of(j, "code");
    const json& value = member(j, "value");
    if (!value.is_null()) {
        if (!value.is_number()) throw FieldError{"value: expected a number or null"};
        e.value = value.get<double>();
    }
    e.text = text_of(j, "text");
    e.unit = text_of(j, "unit");
    e.original = text_of(j, "original");
    e.note = text_of(j, "note");
    check(parse_correction(text_of(j, "correction"), e.correction));
    e.target_seq = int_of<uint64_t>(j, "target_seq");
    e.reason = text_of(j, "reason");
    e.recorded_by = text_of(j, "recorded_by");
    e.source = text_of(j, "source");
    e.source_line = int_of<uint32_t>(j, "source_line");
    return e;
}

}  // namespace

std::string format_exact(double value) {
    return fmt::format("{}", value);
}

std::string replay_json_header() {
    return json{{"dayzero_replay", kReplayVersion}}.dump() + "\n";
}

std::string replay_json_line(const LoggedTransaction& tx) {
    json j = json::object();
    j["tx"] = tx.info.tx;
    j["first_seq"] = tx.info.first_seq;
    j["last_seq"] = tx.info.last_seq;
    j["recorded_at"] = format_instant(tx.info.recorded_at_us);
    j["recorded_at_us"] = tx.info.recorded_at_us;
    j["author"] = tx.info.author;
    j["os_account"] = tx.info.os_account;
    j["reason"] = tx.info.reason;
    j["source"] = tx.info.source;
    j["prev_hash"] = tx.info.prev_hash_hex;
    j["hash"] = tx.info.hash_hex;
    json events = json::array();
    for (const Event& e : tx.events)
        events.push_back(event_to_json(e));
    j["events"] = std::move(events);
    // Invalid UTF-8 in a source file must not abort the export: replace it, visibly.
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

store::Result<LoggedTransaction> parse_replay_json_line(std::string_view line,
                                                        const std::string& where) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
        return Status::invalid_argument(fmt::format("{}: not a JSON object", where));
    try {
        LoggedTransaction tx;
        tx.info.tx = int_of<uint64_t>(j, "tx");
        tx.info.first_seq = int_of<uint64_t>(j, "first_seq");
        tx.info.last_seq = int_of<uint64_t>(j, "last_seq");
        tx.info.recorded_at_us = int_of<int64_t>(j, "recorded_at_us");
        tx.info.author = text_of(j, "author");
        // Streams written before accounts were recorded have none.
        if (j.contains("os_account")) tx.info.os_account = text_of(j, "os_account");
        tx.info.reason = text_of(j, "reason");
        tx.info.source = text_of(j, "source");
        tx.info.prev_hash_hex = text_of(j, "prev_hash");
        tx.info.hash_hex = text_of(j, "hash");
        const json& events = member(j, "events");
        if (!events.is_array()) throw FieldError{"events: expected an array"};
        for (const json& e : events)
            tx.events.push_back(event_from_json(e));
        return tx;
    } catch (const FieldError& error) {
        return Status::invalid_argument(fmt::format("{}: {}", where, error.message));
    } catch (const json::exception& error) {
        return Status::invalid_argument(fmt::format("{}: {}", where, error.what()));
    }
}

std::string replay_csv_header(bool legacy) {
    std::vector<std::string> cells(kReplayCsvColumns.begin(), kReplayCsvColumns.end());
    if (legacy) cells.erase(cells.begin() + kReplayCsvOsAccount);
    return csv_join(cells);
}

std::string replay_csv_rows(const LoggedTransaction& tx) {
    std::string rows;
    const auto& info = tx.info;
    for (const Event& e : tx.events) {
        rows += csv_join({std::to_string(info.tx),
                          format_instant(info.recorded_at_us),
                          std::to_string(info.recorded_at_us),
                          csv_text(info.author),
                          csv_text(info.os_account),
                          csv_text(info.reason),
                          csv_text(info.source),
                          info.prev_hash_hex,
                          info.hash_hex,
                          std::to_string(e.seq),
                          csv_text(e.patient_id),
                          std::to_string(e.day),
                          e.minute ? store::format_minute(*e.minute) : std::string(),
                          std::string(store::kind_name(e.kind)),
                          csv_text(e.code),
                          e.value ? format_exact(*e.value) : std::string(),
                          csv_text(e.text),
                          csv_text(e.unit),
                          csv_text(e.original),
                          csv_text(e.note),
                          std::string(store::correction_name(e.correction)),
                          std::to_string(e.target_seq),
                          csv_text(e.reason),
                          csv_text(e.recorded_by),
                          csv_text(e.source),
                          std::to_string(e.source_line)});
    }
    return rows;
}

store::Result<LoggedTransaction> parse_replay_csv_row(std::vector<std::string> cells,
                                                      const std::string& where, bool legacy) {
    const size_t expected = kReplayCsvColumns.size() - (legacy ? 1 : 0);
    if (cells.size() != expected) {
        return Status::invalid_argument(
            fmt::format("{}: expected {} columns, found {}", where, expected, cells.size()));
    }
    if (legacy) cells.insert(cells.begin() + kReplayCsvOsAccount, std::string());
    LoggedTransaction tx;
    Event e;
    auto& info = tx.info;
    std::optional<std::string> problem;
    auto step = [&problem](std::optional<std::string> p) {
        if (!problem && p) problem = std::move(p);
    };
    step(parse_int("tx", cells[0], info.tx));
    step(parse_int("tx_recorded_at_us", cells[2], info.recorded_at_us));
    info.author = unguard_text(cells[3]);
    info.os_account = unguard_text(cells[kReplayCsvOsAccount]);
    info.reason = unguard_text(cells[5]);
    info.source = unguard_text(cells[6]);
    info.prev_hash_hex = cells[7];
    info.hash_hex = cells[8];
    step(parse_int("seq", cells[9], e.seq));
    e.patient_id = unguard_text(cells[10]);
    step(parse_int("day", cells[11], e.day));
    step(parse_time(cells[12], e.minute));
    step(parse_kind_field(cells[13], e.kind));
    e.code = unguard_text(cells[14]);
    step(parse_double(cells[15], e.value));
    e.text = unguard_text(cells[16]);
    e.unit = unguard_text(cells[17]);
    e.original = unguard_text(cells[18]);
    e.note = unguard_text(cells[19]);
    step(parse_correction(cells[20], e.correction));
    step(parse_int("target_seq", cells[21], e.target_seq));
    e.reason = unguard_text(cells[22]);
    e.recorded_by = unguard_text(cells[23]);
    e.source = unguard_text(cells[24]);
    step(parse_int("source_line", cells[25], e.source_line));
    if (problem) return Status::invalid_argument(fmt::format("{}: {}", where, *problem));
    info.first_seq = info.last_seq = e.seq;
    tx.events.push_back(std::move(e));
    return tx;
}

}  // namespace dayzero::shell::audit

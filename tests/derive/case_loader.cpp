#include "case_loader.h"

#include <charconv>
#include <fstream>
#include <stdexcept>
#include <string_view>

#include "timeline_builder.h"

namespace dayzero::derive::testing {
namespace {

constexpr std::string_view kHeader = "patient_id,day,time,kind,code,value,unit,note";
constexpr size_t kColumns = 8;

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> fields;
    size_t start = 0;
    while (true) {
        const size_t comma = line.find(',', start);
        fields.push_back(line.substr(start, comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return fields;
}

[[noreturn]] void fail(const std::string& path, size_t line, std::string_view field,
                       std::string_view value) {
    throw std::runtime_error(path + ":" + std::to_string(line) + ": bad field '" +
                             std::string(field) + "' value '" + std::string(value) + "'");
}

}  // namespace

std::string case_path(const std::string& name) {
    return std::string(DAYZERO_SOURCE_DIR) + "/tests/derive/cases/" + name;
}

std::vector<store::Event> load_case(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::string line;
    if (!std::getline(in, line) || line != kHeader) fail(path, 1, "header", line);
    std::vector<store::Event> events;
    uint64_t seq = 0;
    for (size_t number = 2; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        const auto fields = split(line);
        if (fields.size() != kColumns) fail(path, number, "columns", line);
        store::Event event;
        event.patient_id = std::string(fields[0]);
        const auto day = fields[1];
        if (std::from_chars(day.data(), day.data() + day.size(), event.day).ec != std::errc{}) {
            fail(path, number, "day", day);
        }
        const auto time = fields[2];
        if (!time.empty() && (time.size() != 5 || time[2] != ':')) fail(path, number, "time", time);
        event.minute = parse_time(time);
        const auto kind = store::parse_kind(fields[3]);
        if (!kind) fail(path, number, "kind", fields[3]);
        event.kind = *kind;
        event.code = std::string(fields[4]);
        const auto value = fields[5];
        double number_value = 0.0;
        const auto parsed =
            std::from_chars(value.data(), value.data() + value.size(), number_value);
        if (!value.empty() && parsed.ec == std::errc{} &&
            parsed.ptr == value.data() + value.size()) {
            event.value = number_value;
        } else {
            event.text = std::string(value);
        }
        event.unit = std::string(fields[6]);
        event.note = std::string(fields[7]);
        event.seq = ++seq;
        events.push_back(std::move(event));
    }
    sort_timeline(events);
    return events;
}

}  // namespace dayzero::derive::testing

// The long decoder's quick paths against the general ones, on random and hostile input: decoding
// straight into a chunk (next_into) against next(), the quick trim, clock and kind lookups
// against plain reference code. Any difference in an event, a problem or a value is a failure.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "importers/csv_reader.h"
#include "importers/event_rules.h"
#include "importers/long_decoder.h"
#include "importers/text_util.h"

using namespace dayzero::importers;
using dayzero::store::Event;

namespace {

// Every field of an event that a decoder sets, values as bit patterns, in one comparable line.
std::string describe(const Event& event) {
    std::string out = event.patient_id + '|' + std::to_string(event.day) + '|' +
                      (event.minute ? std::to_string(*event.minute) : "-") + '|' +
                      std::to_string(static_cast<int>(event.kind)) + '|' + event.code + '|';
    if (event.value) {
        uint64_t bits = 0;
        std::memcpy(&bits, &*event.value, sizeof bits);
        out += std::to_string(bits);
    }
    return out + '|' + event.text + '|' + event.unit + '|' + event.original + '|' + event.note +
           '|' + std::to_string(event.source_line);
}

std::vector<std::string> describe(const std::vector<ImportProblem>& problems) {
    std::vector<std::string> out;
    for (const auto& problem : problems)
        out.push_back(problem.to_string());
    return out;
}

// One random cell from `choices`, sometimes padded with blanks or quoted.
std::string pick(std::mt19937_64& random, const std::vector<std::string>& choices) {
    std::string cell = choices[random() % choices.size()];
    switch (random() % 12) {
        case 0:
            return " " + cell;
        case 1:
            return cell + "\t";
        case 2:
            return "\"" + cell + "\"";
        default:
            return cell;
    }
}

// A long-format file of mostly good rows and every kind of bad one: unknown kinds and units,
// bad days, times and numbers, censored labs, invalid UTF-8, short and long rows, quotes,
// CRLF, blank lines.
std::string messy_long_csv(uint64_t seed, int rows) {
    std::mt19937_64 random(seed);
    const std::vector<std::string> patients{"P1", "P1", "P1", "P2", "P3\xff", "", " P4", "P5"};
    const std::vector<std::string> days{"0",   "1", "-7", "12", "3650", "3651",
                                        "-31", "x", "",   "+3", "007",  "1.5"};
    const std::vector<std::string> times{"08:00", "",         "9:30", "23:59", "24:00",
                                         "12:60", "07:48:10", "1230", "ab:cd", "00:00"};
    const std::vector<std::string> kinds{
        "temp",    "sbp",   "lab",   "lab",   "dose", "oxygen",  "baseline", "TEMP",
        "Lab",     "icans", "death", "weird", "",     "relapse", "infusion", "vasopressor_start",
        "response"};
    const std::vector<std::string> codes{"",
                                         "IL6",
                                         "crp",
                                         "CRP",
                                         "weight_kg",
                                         "sex",
                                         "age",
                                         "low_flow_nc",
                                         "dexamethasone",
                                         "norepinephrine",
                                         "CR_MRD_NEG",
                                         "crs",
                                         "blasts_pct",
                                         "tisagenlecleucel",
                                         "mystery"};
    const std::vector<std::string> values{"37.5",
                                          "38",
                                          "-1",
                                          "<2",
                                          ">=100",
                                          "abc",
                                          "",
                                          "1e3",
                                          "099.9",
                                          "0.10",
                                          "F",
                                          "36.6",
                                          "101.3",
                                          "2",
                                          "5000",
                                          "+5",
                                          "1.",
                                          ".5",
                                          "12345678901234567",
                                          "0"};
    const std::vector<std::string> units{
        "",   "C",  "F",     "mmHg",     "pg/mL", "mg/L",  "ng/L",          "mg",  "mg/kg",
        "kg", "lb", "L/min", "furlongs", "%",     "years", "10^6 cells/kg", "µg/L"};
    const std::vector<std::string> notes{
        "", "", "", "on ward, stable", "caf\xc3\xa9", "bad\xfe", "say \"\"hi\"\"", "two\nlines"};
    std::string text = "patient_id,day,time,kind,code,value,unit,note\n";
    for (int i = 0; i < rows; ++i) {
        const uint64_t shape = random() % 40;
        if (shape == 0) {
            text += "\n";
            continue;
        }
        if (shape >= 20) {              // a good row, as a generated cohort has them
            std::string patient = "P";  // appended, not "P" + ...: g++ 12 warns falsely there
            patient += std::to_string(i / 50);
            const std::string day = std::to_string(static_cast<int>(random() % 60) - 7);
            const std::string number =
                std::to_string(random() % 1000) + "." + std::to_string(random() % 100);
            const std::string good[] = {
                patient + "," + day + ",07:48,temp,,3" + std::to_string(random() % 10) + "." +
                    std::to_string(random() % 10) + ",C,",
                patient + "," + day + ",,lab,IL6," + number + ",pg/mL,",
                patient + "," + day + ",23:05,sbp,," + std::to_string(60 + random() % 100) +
                    ",mmHg,",
                patient + "," + day + ",,lab,CRP,<" + std::to_string(random() % 9) + ",mg/L,",
                patient + ",-7,,baseline,weight_kg," + number + ",kg,",
                patient + "," + day + ",,dose,dexamethasone,10,mg,",
                patient + "," + day + ",,dose,tocilizumab,8,mg/kg,"};
            text += good[random() % std::size(good)] + "\n";
            continue;
        }
        std::string row = pick(random, patients) + ',' + pick(random, days) + ',' +
                          pick(random, times) + ',' + pick(random, kinds) + ',' +
                          pick(random, codes) + ',' + pick(random, values) + ',' +
                          pick(random, units) + ',';
        const std::string note = notes[random() % notes.size()];
        row += note.find_first_of(",\"\n") == std::string::npos ? note : '"' + note + '"';
        if (shape == 1) row = row.substr(0, row.rfind(','));  // one field short
        if (shape == 2) row += ",extra";
        if (shape == 3) row += ",";
        if (shape == 4) row += "x\"y";  // a stray quote
        text += row + (shape == 5 ? "\r\n" : "\n");
    }
    return text;
}

struct Decoded {
    std::vector<std::string> events;
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    std::vector<uint64_t> lines;
};

Decoded decode_text(const std::string& text, bool into) {
    auto decoder = make_long_decoder_from_string(text, "messy.csv", {});
    Decoded out;
    DecodedRow row;
    std::vector<Event> chunk;
    while (into ? decoder->next_into(row, chunk) : decoder->next(row)) {
        out.lines.push_back(row.line);
        for (auto& line : describe(row.errors))
            out.errors.push_back(line);
        for (auto& line : describe(row.warnings))
            out.warnings.push_back(line);
        if (!into && row.errors.empty()) {
            for (const auto& event : row.events)
                out.events.push_back(describe(event));
        }
    }
    for (const auto& event : chunk)
        out.events.push_back(describe(event));
    for (auto& line : describe(decoder->finish()))
        out.errors.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("fast path: decoding straight into a chunk gives next()'s events and problems") {
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        const std::string text = messy_long_csv(seed, 400);
        const Decoded plain = decode_text(text, false);
        const Decoded into = decode_text(text, true);
        INFO("seed " << seed);
        REQUIRE(plain.lines == into.lines);
        REQUIRE(plain.events == into.events);
        REQUIRE(plain.errors == into.errors);
        REQUIRE(plain.warnings == into.warnings);
        CHECK(plain.events.size() > 50);  // the generator makes enough good rows to compare
        CHECK(plain.errors.size() > 50);  // and enough bad ones
    }
}

TEST_CASE("fast path: trim equals trimming blanks one by one") {
    const auto reference = [](std::string_view text) {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
            text.remove_prefix(1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
            text.remove_suffix(1);
        return text;
    };
    const std::string alphabet = std::string(" \t\r\n\x01\x1f!a0\xff\x80", 12);
    std::mt19937_64 random(11);
    for (int i = 0; i < 100000; ++i) {
        std::string text;
        const size_t size = random() % 6;
        for (size_t k = 0; k < size; ++k)
            text += alphabet[random() % alphabet.size()];
        const std::string_view got = trim(text);
        INFO(text);
        REQUIRE(got == reference(text));
    }
}

TEST_CASE("fast path: parse_clock of every five-character text equals the HH:MM rule") {
    const auto reference = [](const std::string& text) -> std::optional<uint16_t> {
        const auto digit = [](char c) { return c >= '0' && c <= '9'; };
        if (!digit(text[0]) || !digit(text[1]) || text[2] != ':' || !digit(text[3]) ||
            !digit(text[4])) {
            return std::nullopt;
        }
        const int hours = (text[0] - '0') * 10 + (text[1] - '0');
        const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
        if (hours > 23 || minutes > 59) return std::nullopt;
        return static_cast<uint16_t>(hours * 60 + minutes);
    };
    const std::string alphabet = "0123456789:/ a";
    std::string text(5, ' ');
    size_t checked = 0;
    for (char a : alphabet)
        for (char b : alphabet)
            for (char c : alphabet)
                for (char d : alphabet)
                    for (char e : alphabet) {
                        text = {a, b, c, d, e};
                        if (trim(text).size() != 5) continue;  // the general path's case
                        INFO(text);
                        REQUIRE(parse_clock(text) == reference(text));
                        ++checked;
                    }
    CHECK(checked > 100000);
    CHECK(parse_clock("09:5\xff") == std::nullopt);
    CHECK(parse_clock("\x80"
                      "9:50") == std::nullopt);
}

TEST_CASE("fast path: parse_kind_name equals the store's case-insensitive parse_kind") {
    std::vector<std::string> names{"",
                                   "x",
                                   "temps",
                                   "tem",
                                   "labs",
                                   "LAB",
                                   "Temp",
                                   "sBp",
                                   std::string(40, 'a'),
                                   "vasopressor_stop ",
                                   "signature"};
    for (uint8_t raw = dayzero::store::kFirstEventKind; raw <= dayzero::store::kLastEventKind;
         ++raw) {
        std::string name(dayzero::store::kind_name(static_cast<dayzero::store::EventKind>(raw)));
        names.push_back(name);
        names.push_back(to_upper(name));
        names.push_back(name + "x");
        names.push_back(name.substr(1));
        name.back() = static_cast<char>(name.back() ^ 1);
        names.push_back(name);
    }
    for (const auto& name : names) {
        INFO(name);
        CHECK(parse_kind_name(name) == dayzero::store::parse_kind(name));
    }
}

namespace {

struct ReadBack {
    std::vector<std::string> records;  // line, fields and any problem of each record
    std::string status;
    uint64_t error_line = 0;
    uint64_t consumed = 0;
};

ReadBack read_all(const std::string& text, size_t block_size, bool plain_lines) {
    auto reader = CsvReader::from_string(text, block_size);
    reader->set_plain_lines(plain_lines);
    ReadBack out;
    CsvRecord record;
    while (reader->next(record)) {
        std::string line = std::to_string(record.line) + ':';
        for (auto field : record.fields)
            line.append("[").append(field).append("]");
        line += std::to_string(record.problem_column) + std::string(record.problem);
        out.records.push_back(line);
    }
    out.status = reader->status().message();
    out.error_line = reader->error_line();
    out.consumed = reader->bytes_consumed();
    return out;
}

}  // namespace

TEST_CASE("fast path: the quick split of plain lines reads what the general CSV parser reads") {
    // Texts dense in delimiters, quotes, CR and LF, and plain lines of every length around the
    // eight-byte words the quick split reads, with and without a final line break.
    const std::string alphabet = "ab,,,\"\r\n\n xyz,0123456789";
    std::mt19937_64 random(7);
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        const size_t size = random() % 90;
        const bool plain = random() % 2 == 0;
        for (size_t k = 0; k < size; ++k) {
            char c = alphabet[random() % alphabet.size()];
            if (plain && (c == '"' || (c == '\r' && random() % 4 != 0))) c = 'q';
            text += c;
        }
        if (random() % 3 == 0) text = "\xEF\xBB\xBF" + text;
        for (size_t block : {size_t{16}, size_t{23}, size_t{64}, size_t{1} << 20}) {
            const ReadBack general = read_all(text, block, false);
            const ReadBack quick = read_all(text, block, true);
            INFO("text '" << text << "' block " << block);
            REQUIRE(general.records == quick.records);
            REQUIRE(general.status == quick.status);
            REQUIRE(general.error_line == quick.error_line);
            REQUIRE(general.consumed == quick.consumed);
        }
    }
    for (uint64_t seed = 100; seed < 110; ++seed) {
        const std::string text = messy_long_csv(seed, 2000);
        INFO("seed " << seed);
        REQUIRE(read_all(text, 1 << 20, false).records == read_all(text, 1 << 20, true).records);
        REQUIRE(read_all(text, 100, false).records == read_all(text, 100, true).records);
    }
}

TEST_CASE("fast path: parse_number_as_written equals parse_number and prints_as") {
    const auto check = [](const std::string& text) {
        bool as_written = true;
        const std::optional<double> got = parse_number_as_written(text, as_written);
        const std::optional<double> want = parse_number(text);
        INFO("'" << text << "'");
        REQUIRE(got.has_value() == want.has_value());
        if (!want) return;
        uint64_t got_bits = 0, want_bits = 0;
        std::memcpy(&got_bits, &*got, sizeof got_bits);
        std::memcpy(&want_bits, &*want, sizeof want_bits);
        REQUIRE(got_bits == want_bits);
        REQUIRE(as_written == prints_as(trim(text), *want));
    };
    // Plain, odd and unparsable forms, separated by '|'.
    const std::string fixed =
        "37.5|-12|0.5|1500|0.0001|099.9|+5|5.|.5|0.10|-0|0|0.000|1e3|"
        "12345678901234567|123456789012345|100000000000000|"
        "0.00000000000001| 7 |-0.00012|10000000|-||1.5.2|1,5";
    for (size_t begin = 0, end = 0; end != std::string::npos; begin = end + 1) {
        end = fixed.find('|', begin);
        check(fixed.substr(begin, end == std::string::npos ? end : end - begin));
    }
    const std::string alphabet = "0000123456789..-+e ";
    std::mt19937_64 random(5);
    for (int i = 0; i < 300000; ++i) {
        std::string text;
        const size_t size = 1 + random() % 18;
        for (size_t k = 0; k < size; ++k) {
            text += random() % 3 == 0 ? alphabet[random() % alphabet.size()]
                                      : static_cast<char>('0' + random() % 10);
        }
        if (random() % 4 == 0) text.insert(text.begin(), '-');
        check(text);
    }
}

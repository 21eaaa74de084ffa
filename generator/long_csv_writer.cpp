#include "generator/long_csv_writer.h"

#include <fmt/format.h>

#include "text/csv_field.h"

namespace dayzero::generator {

std::string format_number(double value) {
    return fmt::format("{}", value);
}

LongCsvWriter::LongCsvWriter(std::ostream& out) : out_(out) {
    out_ << kLongCsvHeader << '\n';
}

std::string LongCsvWriter::format_row(const store::Event& e) {
    std::string value = !e.text.empty() ? text::csv_field(e.text)
                        : e.value       ? format_number(*e.value)
                                        : std::string();
    return fmt::format("{},{},{},{},{},{},{},{}", text::csv_field(e.patient_id), e.day,
                       e.minute ? store::format_minute(*e.minute) : std::string(),
                       store::kind_name(e.kind), text::csv_field(e.code), value,
                       text::csv_field(e.unit), text::csv_field(e.note));
}

void LongCsvWriter::write(const std::vector<store::Event>& events) {
    std::string buffer;
    buffer.reserve(events.size() * 48);
    for (const store::Event& e : events) {
        buffer += format_row(e);
        buffer += '\n';
    }
    out_.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

}  // namespace dayzero::generator

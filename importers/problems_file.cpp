#include "importers/problems_file.h"

#include <fstream>

#include "text/csv_field.h"

namespace dayzero::importers {
namespace {

void write_row(std::ofstream& out, const char* severity, const ImportProblem& p) {
    out << severity << ',' << text::csv_field(p.file) << ',' << p.line << ',' << p.column << ','
        << text::csv_field(p.field) << ',' << text::csv_field(p.message) << ','
        << text::csv_field(p.value) << "\r\n";
}

}  // namespace

store::Status write_problems_file(const std::string& path, const std::vector<FileReport>& reports) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return store::Status::io_error("cannot write the problems file " + path);
    out << "severity,file,line,column,variable,message,value\r\n";
    for (const auto& report : reports) {
        for (const auto& problem : report.errors)
            write_row(out, "error", problem);
        for (const auto& problem : report.warnings)
            write_row(out, "warning", problem);
    }
    out.flush();
    if (!out) return store::Status::io_error("cannot write the problems file " + path);
    return store::Status::ok();
}

}  // namespace dayzero::importers

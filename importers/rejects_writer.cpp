#include "importers/rejects_writer.h"

#include <cstdio>

#include "text/csv_field.h"

namespace dayzero::importers {

std::string RejectsWriter::path_for(const std::string& input) {
    std::string base = input;
    while (base.size() > 1 && base.back() == '/')
        base.pop_back();
    return base + ".rejects.csv";
}

RejectsWriter::RejectsWriter(std::string path, std::vector<std::string> header)
    : path_(std::move(path)), header_(std::move(header)) {}

RejectsWriter::~RejectsWriter() {
    if (file_) std::fclose(file_);
}

void RejectsWriter::put_field(std::string_view field) {
    if (!text::csv_needs_quotes(field)) {
        std::fwrite(field.data(), 1, field.size(), file_);
        return;
    }
    const std::string quoted = text::csv_quoted(field);
    std::fwrite(quoted.data(), 1, quoted.size(), file_);
}

bool RejectsWriter::write(const DecodedRow& row) {
    if (failed_) return false;
    if (!file_) {
        file_ = std::fopen(path_.c_str(), "wb");
        if (!file_) {
            failed_ = true;
            return false;
        }
        std::fputs("reject_line,reject_reason", file_);
        for (const auto& name : header_) {
            std::fputc(',', file_);
            put_field(name);
        }
        std::fputs("\r\n", file_);
    }
    std::string reasons;
    for (const auto& problem : row.errors) {
        if (!reasons.empty()) reasons += "; ";
        reasons += problem.message;
        if (!problem.field.empty()) reasons += " (" + problem.field + ")";
    }
    std::string line = std::to_string(row.line);
    put_field(line);
    std::fputc(',', file_);
    put_field(reasons);
    for (auto field : row.fields) {
        std::fputc(',', file_);
        put_field(field);
    }
    std::fputs("\r\n", file_);
    ++rows_;
    return !std::ferror(file_);
}

bool RejectsWriter::close() {
    if (!file_) {
        if (!failed_) std::remove(path_.c_str());  // a stale file from an earlier run
        return !failed_;
    }
    bool ok = !std::ferror(file_);
    ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    return ok;
}

void RejectsWriter::discard() {
    if (!file_) return;
    std::fclose(file_);
    file_ = nullptr;
    std::remove(path_.c_str());
    rows_ = 0;
}

}  // namespace dayzero::importers

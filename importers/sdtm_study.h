#pragma once
// SdtmStudy: a set of CDISC SDTM domain files (DM, VS, LB, EX, CM, PR, AE, RS, DS as CSV) read
// together, because a row's day post-infusion needs the subject's infusion date from EX and an
// mg/kg dose needs the weight from VS. The study keeps only those per-subject facts; every pass
// over a domain (the facts at load, the unmapped terms, the importer's validation and writing)
// streams its rows from the file again, so memory does not grow with the study's rows.

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "importers/body_size.h"
#include "importers/csv_reader.h"
#include "importers/file_digest.h"
#include "importers/import_problem.h"
#include "importers/iso_date.h"
#include "importers/row_decoder.h"
#include "importers/sdtm_mapping.h"

namespace dayzero::importers {

struct SdtmOptions {
    std::string mapping_path;  // empty: the shipped default mapping
    std::string day0;          // "": the EX record of a CAR-T product (mapping's day0_treatments);
                               // "RFXSTDTC": DM.RFXSTDTC; anything else: that EXTRT's first dose
};

// One domain file: its header and domain, read at load; its rows are streamed (SdtmRows).
struct SdtmTable {
    using Row = CsvRecord;  // a data row: its line and fields (views valid until the next row)
    std::string path;
    std::string domain;  // "VS", ...
    std::vector<std::string> header;
    std::unordered_map<std::string, int> columns;  // upper-cased name -> index
    std::vector<ImportProblem> problems;           // the header cannot be read
    std::optional<FileStamp> stamp;                // the file before its header was read
    // Sets the header and its index.
    void set_header(std::vector<std::string> names);
    // 0-based index of a variable (case-insensitive), or -1.
    int column(std::string_view name) const;
    // Trimmed value of a variable in a row ("" when absent).
    std::string_view get(const Row& row, int column) const;
};

// The data rows of a table, read from its file one at a time.
class SdtmRows {
  public:
    explicit SdtmRows(const SdtmTable& table);
    // The next data row (true), or false at the end of the file or at a reading error.
    bool next();
    const SdtmTable::Row& row() const { return record_; }
    // A reading error that ended the rows early (file, line and why); nullopt otherwise.
    std::optional<ImportProblem> failure() const;
    uint64_t bytes_consumed() const { return reader_ ? reader_->bytes_consumed() : 0; }
    uint64_t total_bytes() const { return reader_ ? reader_->total_bytes() : 0; }

  private:
    const SdtmTable& table_;
    std::unique_ptr<CsvReader> reader_;
    store::Status open_status_;
    CsvRecord record_;
};

// A term of the study that its mapping does not map (for --write-mapping).
struct StudyTerm {
    std::string section;   // "AE", ... or "death_causes" (a DSTERM whose cause is unknown)
    std::string variable;  // where it was read (AEDECOD, DSTERM, ...)
    std::string term;      // as first written
    uint64_t rows = 0;
    std::string file;  // where it first occurs
    uint64_t line = 0;
};

class SdtmStudy {
  public:
    // Reads every file; files that are not one of the nine domains are listed in `ignored` with
    // the reason. Fails when the mapping cannot be loaded or no domain file was found.
    static store::Result<std::shared_ptr<SdtmStudy>> load(const std::vector<std::string>& paths,
                                                          const SdtmOptions& options,
                                                          std::vector<std::string>& ignored);

    // The domain files in import order: the largest of DM, VS and LB first (it is decoded once,
    // decodes_alone), then the others in domain order (DM, EX, VS, LB, CM, PR, AE, RS, DS).
    std::vector<std::string> files() const;
    // What a domain file was before the study first read it (its header, and DM's, EX's and AE's
    // rows at load): every later read must find it so.
    std::optional<FileStamp> stamp(const std::string& path) const;
    // True for a file whose rows never become doses (DM, VS, LB), so never need a weight.
    bool decodes_alone(const std::string& path) const;
    // A decoder for one of files().
    store::Result<std::unique_ptr<RowDecoder>> make_decoder(const std::string& path,
                                                            const DecodeOptions& options) const;

    // Every distinct term of the study (the key variable of VS, LB, EX, CM, PR, AE, RS and DS,
    // and the DSTERM of deaths) that the mapping does not map, in file order.
    std::vector<StudyTerm> unmapped_terms() const;

    // Day-0 date (days since 1970-01-01) of a subject, if it has one.
    std::optional<int64_t> anchor(const std::string& subject) const;
    // The UTC offset written on a subject's day-0 date, if one was (see parse_iso_datetime).
    std::optional<int16_t> anchor_offset(const std::string& subject) const;
    // With --day0 RFXSTDTC: the subject's DM.RFXSTDTC as written, and why it gave no day 0 ("a
    // partial date", or the date's error), for the message of its rows; empty when it was empty
    // or gave a day 0.
    std::string unusable_day0(const std::string& subject) const {
        const auto it = unusable_day0_.find(subject);
        return it == unusable_day0_.end() ? std::string() : it->second;
    }
    bool is_screen_failure(const std::string& subject) const {
        return screen_failures_.count(subject) > 0;
    }
    const SdtmMapping& mapping() const { return mapping_; }
    const SdtmOptions& options() const { return options_; }
    // Every weight and body surface area of the study (VS). Gathered by a pass of their own over
    // VS on first use, unless a decoder of the study's one VS file read it whole first and
    // offered what it saw (offer_body_size): an import that streams VS first reads it once.
    const BodySizeFacts& body_size() const;
    // True while body_size() has not been gathered: a VS decoder then keeps the body sizes of
    // its good rows to offer them.
    bool wants_body_size(const SdtmTable& table) const;
    // A VS decoder with the gathering pass's rules (days within −30..3650) that read all of
    // `table` without a reading error: its good rows' body sizes are the study's.
    void offer_body_size(const SdtmTable& table, BodySizeFacts facts) const;
    // True once body_size() holds the study's body sizes, gathered or offered.
    bool body_size_known() const {
        std::lock_guard lock(body_size_mu_);
        return body_size_known_;
    }
    // True if an AE row of the subject records a fatal CRS (a term the mapping's death_causes
    // calls crs; AEOUT FATAL, AESDTH Y or AETOXGR 5) ending (else starting) on that date.
    bool fatal_crs_on(const std::string& subject, int64_t date_days) const {
        return fatal_crs_.count({subject, date_days}) > 0;
    }
    // The subject's distinct EXTRT values as first written, in file order (for the message of a
    // subject without a day-0 anchor).
    const std::vector<std::string>& ex_treatments(const std::string& subject) const;
    // True if this EX row is the day-0 record under the chosen anchor rule.
    bool is_anchor_treatment(std::string_view treatment) const;

  private:
    // Sets first_ (see files()).
    void choose_first();
    void compute_anchors();
    // Makes `date` the subject's day 0 (its day and its offset, if written).
    void set_anchor(const std::string& subject, const IsoDateTime& date);
    void collect_body_size() const;
    // The study's one VS table, or null (none, or several).
    const SdtmTable* only_vs_table() const;
    void collect_fatal_crs();

    SdtmOptions options_;
    SdtmMapping mapping_;
    std::vector<SdtmTable> tables_;                            // in domain order
    size_t first_ = 0;                                         // the table files() puts first
    std::unordered_map<std::string, int64_t> anchors_;         // subject, date (days since 1970)
    std::unordered_map<std::string, int16_t> anchor_offsets_;  // of anchors written with one
    std::unordered_set<std::string> screen_failures_;
    std::unordered_map<std::string, std::string> unusable_day0_;  // see unusable_day0()
    // Gathered at most once, maybe on a decoding thread: body_size() and offer_body_size() lock.
    mutable std::mutex body_size_mu_;
    mutable bool body_size_known_ = false;
    mutable BodySizeFacts body_size_;
    std::set<std::pair<std::string, int64_t>> fatal_crs_;
    std::unordered_map<std::string, std::vector<std::string>> ex_treatments_;
};

}  // namespace dayzero::importers

// SDTM: every messy-export case has a defined, located outcome (docs/IMPORT.md lists them).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "direct_import.h"
#include "importers/import_runner.h"
#include "importers/sdtm_study.h"
#include "memory_store.h"
#include "test_files.h"

using namespace dayzero::importers;
using namespace dayzero::importers::testing;
using dayzero::importers::testing::data_dir;
using dayzero::importers::testing::MemoryStore;
using dayzero::importers::testing::read_text;
using dayzero::importers::testing::ScratchDir;
using dayzero::store::EventKind;

namespace {

std::map<std::string, DecodedFile> decode_messy(std::vector<std::string>* ignored_out = nullptr) {
    const auto folder = data_dir() / "sdtm/messy";
    std::vector<std::string> files;
    for (const char* name : {"dm", "ex", "vs", "lb", "ds", "ts"}) {
        files.push_back((folder / (std::string(name) + ".csv")).string());
    }
    std::vector<std::string> ignored;
    auto study = SdtmStudy::load(files, {}, ignored);
    REQUIRE(study.is_ok());
    if (ignored_out) *ignored_out = ignored;
    std::map<std::string, DecodedFile> out;
    for (const auto& path : (*study)->files()) {
        out[std::filesystem::path(path).stem().string()] = decode_all(
            path, [&](const DecodeOptions& o) { return (*study)->make_decoder(path, o); });
    }
    return out;
}

// The problem on `line`, checked to be at `column` and to contain `text`.
void expect(const std::vector<ImportProblem>& problems, uint64_t line, uint32_t column,
            const std::string& text) {
    auto it = std::find_if(problems.begin(), problems.end(),
                           [&](const ImportProblem& p) { return p.line == line; });
    INFO("line " << line << ": " << text);
    REQUIRE(it != problems.end());
    CHECK(it->column == column);
    CHECK(it->message.find(text) != std::string::npos);
}

}  // namespace

TEST_CASE("sdtm messy: DM non-UTF-8 text, subjects without anchor, screen failures") {
    auto files = decode_messy();
    const auto& dm = files["dm"];
    REQUIRE(dm.events.size() == 3);
    CHECK(dm.events[0].code == "center");
    CHECK(dm.events[0].text == "Cl\xEF\xBF\xBDnica Norte");
    expect(dm.warnings, 2, 6, "not valid UTF-8");
    expect(dm.errors, 3, 3,
           "subject 'M1-002' has no day-0 anchor (no EX record of a CAR-T product)");
    expect(dm.warnings, 4, 3, "screen failure (no infusion): row skipped");
    expect(dm.errors, 5, 3, "subject 'M1-004' has no day-0 anchor");
}

TEST_CASE("sdtm messy: EX partial anchor date, mg/m2 without BSA, mg/kg, unknown unit") {
    auto files = decode_messy();
    const auto& ex = files["ex"];
    expect(ex.errors, 2, 6, "no bsa_m2 recorded for patient 'M1-001'");
    expect(ex.errors, 4, 7, "partial date in EXSTDTC: the day post-infusion cannot be computed");
    expect(ex.errors, 6, 6, "unknown unit for 'dose tocilizumab'");
    const auto* infusion = at_line(ex, 3);
    REQUIRE(infusion);
    CHECK(infusion->day == 0);
    CHECK(*infusion->minute == 9 * 60);
    const auto* toci = at_line(ex, 5);
    REQUIRE(toci);
    CHECK(toci->day == 2);
    CHECK(*toci->value == Approx(480.0));  // 8 mg/kg × 60 kg from VS
}

TEST_CASE("sdtm messy: VS °F text, NOT DONE, unscheduled, partial dates, missing results") {
    auto files = decode_messy();
    const auto& vs = files["vs"];
    const auto* weight = at_line(vs, 2);
    REQUIRE(weight);
    CHECK(weight->day == -6);
    const auto* fahrenheit = at_line(vs, 3);
    REQUIRE(fahrenheit);
    CHECK(fahrenheit->day == 1);  // VSDY says 2: never used
    CHECK(*fahrenheit->value == Approx((99.9 - 32.0) * 5.0 / 9.0));
    CHECK(fahrenheit->original == "099.9 F");
    expect(vs.warnings, 4, 10, "NOT DONE: no result; row skipped");
    const auto* unscheduled = at_line(vs, 5);
    REQUIRE(unscheduled);
    CHECK(unscheduled->day == 2);
    CHECK(*unscheduled->minute == 23 * 60 + 10);
    expect(vs.warnings, 6, 12, "partial date in VSDTC: the day cannot be computed; row skipped");
    expect(vs.errors, 7, 5, "no result, and VSSTAT is not NOT DONE");
    expect(vs.warnings, 8, 3, "screen failure");
    CHECK(at_line(vs, 9) == nullptr);  // HEIGHT maps to skip: no warning either
    CHECK(std::none_of(vs.warnings.begin(), vs.warnings.end(),
                       [](const ImportProblem& p) { return p.line == 9; }));
    expect(vs.errors, 10, 4, "term not in the mapping");
    expect(vs.errors, 11, 12, "time out of range");
    CHECK(vs.errors.size() == 3);
    CHECK(vs.events.size() == 3);
}

TEST_CASE("sdtm messy: LB censored results, unit spellings, dates without times") {
    auto files = decode_messy();
    const auto& lb = files["lb"];
    const auto* il6 = at_line(lb, 2);
    REQUIRE(il6);
    CHECK(*il6->value == Approx(200.0));  // <0.2 ng/mL at its limit, in pg/mL
    CHECK(il6->text == "<0.2");
    CHECK(il6->unit == "pg/mL");
    expect(lb.warnings, 2, 7, "censored result '<0.2' imported at its limit");
    CHECK(at_line(lb, 3)->unit == "10^9/L");
    CHECK(at_line(lb, 4)->unit == "10^9/L");
    const auto* crp = at_line(lb, 5);
    CHECK(*crp->value == Approx(31.0));
    CHECK_FALSE(crp->minute.has_value());
    expect(lb.errors, 6, 9, "unknown unit for 'lab IL6'");
}

TEST_CASE("sdtm messy: a partial death date is an error; unknown domains are ignored") {
    std::vector<std::string> ignored;
    auto files = decode_messy(&ignored);
    expect(files["ds"].errors, 2, 6, "partial date in DSSTDTC");
    REQUIRE(ignored.size() == 1);
    CHECK(ignored[0].find("ts.csv: not an SDTM domain") != std::string::npos);
    CHECK(files.count("ts") == 0);
}

TEST_CASE("sdtm messy: strict import writes nothing from any file of the study") {
    ScratchDir dir;
    MemoryStore store;
    std::ostringstream out, err;
    auto summary = run_direct_import(store, {dir.copy("sdtm/messy")}, {}, out, err);
    CHECK_FALSE(summary.ok);
    CHECK(store.appends() == 0);
    CHECK(err.str().find("dm.csv:3:3: subject 'M1-002' has no day-0 anchor") != std::string::npos);
    CHECK(err.str().find("ds.csv:2:6: partial date in DSSTDTC") != std::string::npos);
}

TEST_CASE("sdtm messy: lenient import writes the good rows and one rejects file per domain") {
    ScratchDir dir;
    MemoryStore store;
    RunOptions options;
    options.import.lenient = true;
    std::ostringstream out, err;
    const std::string folder = dir.copy("sdtm/messy");
    auto summary = run_direct_import(store, {folder}, options, out, err);
    INFO(err.str());
    CHECK(summary.ok);
    CHECK(summary.events_appended == 3 + 2 + 3 + 4);  // DM, EX, VS, LB; DS has none left
    const std::string vs_rejects = read_text(folder + "/vs.csv.rejects.csv");
    CHECK(vs_rejects.find("\r\n7,\"no result, and VSSTAT is not NOT DONE (VSORRES)\",M1,VS,M1-001,"
                          "SYSBP") != std::string::npos);
    CHECK(std::filesystem::exists(folder + "/ds.csv.rejects.csv"));
}

TEST_CASE("sdtm: a domain file whose end cannot be read is found while it streams") {
    // The study reads only headers at load; the unreadable end of vs.csv is met by the passes that
    // stream it, and still stops a strict study before anything is written.
    ScratchDir dir;
    const std::string folder = dir.copy("sdtm/cohort");
    const std::string vs = folder + "/vs.csv";
    std::string text = read_text(vs);
    const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    text += "STUDY1,VS,STUDY1-001,99,TEMP,\"Temperature never closed,38.5\n";
    std::ofstream(vs, std::ios::binary | std::ios::trunc) << text;

    MemoryStore strict_store;
    std::ostringstream out, err;
    auto strict = run_direct_import(strict_store, {folder}, {}, out, err);
    INFO(err.str());
    CHECK_FALSE(strict.ok);
    CHECK(strict_store.appends() == 0);
    const std::string at = "vs.csv:" + std::to_string(lines + 1) + ":0: ";
    CHECK(err.str().find(at + "line " + std::to_string(lines + 1) +
                         ": quoted field is never closed") != std::string::npos);

    MemoryStore lenient_store;
    RunOptions lenient;
    lenient.import.lenient = true;
    std::ostringstream out2, err2;
    run_direct_import(lenient_store, {folder}, lenient, out2, err2);
    CHECK(err2.str().find("vs.csv: the file cannot be read as a whole; nothing was imported") !=
          std::string::npos);
    CHECK(lenient_store.appends() == 8);  // every other domain of the study
}

namespace {

// The cohort study's own mapping.
RunOptions cohort_options() {
    RunOptions options;
    options.mapping = (data_dir() / "sdtm/cohort_mapping.json").string();
    return options;
}

// Appends `row` to the file at `path`; returns the line it is on.
size_t append_row(const std::string& path, const std::string& row) {
    const std::string text = read_text(path);
    const auto lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    std::ofstream(path, std::ios::binary | std::ios::app) << row << "\n";
    return lines + 1;
}

// The file `failed` ended with `outcome` for a reason of its own; every other report of the
// study is valid, and rejected because of it.
void check_study_called_off(const std::vector<FileReport>& reports, const std::string& failed,
                            FileOutcome outcome) {
    REQUIRE(reports.size() == 9);
    for (const auto& report : reports) {
        INFO(report.path);
        const bool other = report.path != failed;
        CHECK(report.outcome == (other ? FileOutcome::kRejected : outcome));
        CHECK((report.message.find("valid, but not imported because another file of the same "
                                   "study") != std::string::npos) == other);
    }
}

}  // namespace

TEST_CASE("sdtm: a strict study commits its first file only once every other file validated") {
    // vs.csv, the largest of DM, VS and LB, is decoded once: streamed into its transaction, which
    // stays open while the other files are validated. The error in ds.csv calls it off.
    ScratchDir dir;
    const std::string folder = dir.copy("sdtm/cohort");
    const std::string ds = folder + "/ds.csv";
    const std::string ds_text = read_text(ds);
    const size_t line =
        append_row(ds, "STUDY1,DS,STUDY1-002,9,DEATH,DEATH,DISPOSITION EVENT,2022-03");
    const RunOptions options = cohort_options();
    // Chunks of one event (a study halves the 2 asked for): vs.csv ends on a chunk's boundary,
    // so its last chunk is empty, and the other files are still validated before it commits.
    RunOptions tiny = options;
    tiny.import.chunk_events = 2;
    MemoryStore tiny_store;
    std::ostringstream tiny_out, tiny_err;
    CHECK_FALSE(run_direct_import(tiny_store, {folder}, tiny, tiny_out, tiny_err).ok);
    CHECK(tiny_store.appends() == 0);
    CHECK(tiny_store.aborted_appends() == 1);
    MemoryStore store;
    std::ostringstream out, err;
    auto failed = run_direct_import(store, {folder}, options, out, err);
    INFO(err.str() << out.str());
    CHECK_FALSE(failed.ok);
    CHECK(store.appends() == 0);
    CHECK(store.aborted_appends() == 1);  // vs.csv's, called off before it committed
    CHECK(err.str().find("ds.csv:" + std::to_string(line) + ":8: partial date in DSSTDTC") !=
          std::string::npos);
    check_study_called_off(failed.reports, ds, FileOutcome::kRejected);
    CHECK(failed.reports.front().path == folder + "/vs.csv");

    // Clean, the study commits vs.csv first, then the others in domain order.
    std::ofstream(ds, std::ios::binary | std::ios::trunc) << ds_text;
    MemoryStore clean;
    std::ostringstream out2, err2;
    auto imported = run_direct_import(clean, {folder}, options, out2, err2);
    INFO(err2.str());
    REQUIRE(imported.ok);
    CHECK(clean.appends() == 9);
    CHECK(clean.aborted_appends() == 0);
    std::vector<std::string> order;
    for (const auto& report : imported.reports) {
        CHECK(report.outcome == FileOutcome::kImported);
        order.push_back(std::filesystem::path(report.path).filename().string());
    }
    CHECK(order == std::vector<std::string>{"vs.csv", "dm.csv", "ex.csv", "lb.csv", "cm.csv",
                                            "pr.csv", "ae.csv", "rs.csv", "ds.csv"});
    CHECK(imported.reports.front().transaction->tx == 1);
}

TEST_CASE("sdtm: a file validated beside the first one's stream calls the study off too") {
    // lb.csv decodes alone, so it is validated on a thread of its own while vs.csv streams; its
    // error must still stop vs.csv's transaction before it commits, and name the line.
    ScratchDir dir;
    const std::string folder = dir.copy("sdtm/cohort");
    const std::string lb = folder + "/lb.csv";
    const size_t line = append_row(
        lb,
        "STUDY1,LB,STUDY1-001,99,IL6,Interleukin 6,1500,furlongs,1500,1500,furlongs,,2021-03-12");
    MemoryStore store;
    std::ostringstream out, err;
    auto failed = run_direct_import(store, {folder}, cohort_options(), out, err);
    INFO(err.str() << out.str());
    CHECK_FALSE(failed.ok);
    CHECK(store.appends() == 0);
    CHECK(store.aborted_appends() == 1);  // vs.csv's
    CHECK(err.str().find("lb.csv:" + std::to_string(line) + ":11: unknown") != std::string::npos);
    check_study_called_off(failed.reports, lb, FileOutcome::kRejected);
}

namespace {

// Takes every chunk of the `refused`th file committed (for the first, so the study's other files
// validate), then refuses to commit it, as a store whose commit batch cannot be written would.
class CommitRefused final : public dayzero::importers::FileCommitter {
  public:
    CommitRefused(dayzero::store::EventStore& store, int refused)
        : store_(store), refused_(refused) {}
    dayzero::store::Result<dayzero::store::TransactionInfo> commit_file(
        dayzero::store::TransactionRequest header,
        const dayzero::store::EventChunkSource& next) override {
        if (++commits_ != refused_) return store_.append_chunked(std::move(header), next);
        std::vector<dayzero::store::Event> chunk;
        do {
            chunk.clear();
            if (auto s = next(chunk); !s) return s;
        } while (!chunk.empty());
        return dayzero::store::Status::io_error("the commit batch could not be written");
    }

  private:
    dayzero::store::EventStore& store_;
    int refused_;
    int commits_ = 0;
};

}  // namespace

TEST_CASE("sdtm: a first file whose commit fails after the others validated writes nothing") {
    ScratchDir dir;
    const std::string folder = dir.copy("sdtm/cohort");
    MemoryStore store;
    CommitRefused commit(store, 1);
    std::ostringstream out, err;
    auto summary = run_import(store, commit, {folder}, cohort_options(), out, err);
    INFO(err.str() << out.str());
    CHECK_FALSE(summary.ok);
    CHECK(store.appends() == 0);  // not the eight files that validated
    check_study_called_off(summary.reports, folder + "/vs.csv", FileOutcome::kFailed);
    CHECK(summary.reports.front().message.find("the commit batch could not be written") !=
          std::string::npos);
}

TEST_CASE("sdtm: a later file that fails as it is written stops the study there") {
    // The study commits vs.csv, dm.csv and ex.csv, then the store refuses lb.csv's commit. The
    // files after lb.csv are valid but not written (a gap in the middle of the study's order
    // would be worse than a stop), and the same import again writes lb.csv and the rest.
    ScratchDir dir;
    const std::string folder = dir.copy("sdtm/cohort");
    MemoryStore store;
    CommitRefused commit(store, 4);
    std::ostringstream out, err;
    auto stopped = run_import(store, commit, {folder}, cohort_options(), out, err);
    INFO(err.str() << out.str());
    CHECK_FALSE(stopped.ok);
    CHECK(store.appends() == 3);
    const std::string lb = folder + "/lb.csv";
    REQUIRE(stopped.reports.size() == 9);
    for (size_t i = 0; i < stopped.reports.size(); ++i) {
        const FileReport& report = stopped.reports[i];
        INFO(report.path);
        if (i < 3) {
            CHECK(report.outcome == FileOutcome::kImported);
        } else if (i == 3) {
            CHECK(report.path == lb);
            CHECK(report.outcome == FileOutcome::kFailed);
            CHECK(report.message.find("the commit batch could not be written") !=
                  std::string::npos);
        } else {
            CHECK(report.outcome == FileOutcome::kRejected);
            CHECK(report.events_appended == 0);
            CHECK(report.message == "valid, but not imported because " + lb +
                                        ", earlier in the same study, failed as it was written; "
                                        "importing the study again writes the files not yet "
                                        "imported");
        }
    }

    std::ostringstream out2, err2;
    auto rest = run_direct_import(store, {folder}, cohort_options(), out2, err2);
    INFO(err2.str() << out2.str());
    REQUIRE(rest.ok);
    CHECK(store.appends() == 9);
    MemoryStore whole;
    std::ostringstream out3, err3;
    REQUIRE(run_direct_import(whole, {folder}, cohort_options(), out3, err3).ok);
    REQUIRE(store.events().size() == whole.events().size());
    for (size_t i = 0; i < whole.events().size(); ++i) {
        INFO(i);
        CHECK(store.events()[i].kind == whole.events()[i].kind);
        CHECK(store.events()[i].patient_id == whole.events()[i].patient_id);
        CHECK(store.events()[i].code == whole.events()[i].code);
        CHECK(store.events()[i].value == whole.events()[i].value);
    }
}

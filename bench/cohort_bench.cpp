// cohort_bench: the dayzero side of bench/run.sh. One step per invocation, so that each step's
// peak RSS (getrusage) belongs to that step alone:
//
//   cohort_bench import   CSV DB         import the canonical long CSV into a fresh store
//   cohort_bench derive   DB             daily grades + episodes for every patient, the way the
//                                        library serves them (the stored daily-grade projection
//                                        when current, else derived from the timelines)
//   cohort_bench derive-timelines DB     the same, always derived from every timeline
//   cohort_bench export   DB DIR         DIR/grades.csv and DIR/episodes.csv (for the peer check),
//                                        through the same path as `derive`
//   cohort_bench export-timelines DB DIR the same files, every timeline derived
//   cohort_bench timeline DB [N] [SEED]  timeline latency over N random patients (default 1000)
//
// Each step prints one machine-readable line "RESULT step=<name> key=value ..." on stdout.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "db/database.h"
#include "derive/patient_derivation.h"
#include "importers/import_runner.h"
#include "query/import_projector.h"
#include "query/read_path.h"
#include "query/summary_projection.h"
#include "shell/malloc_tuning.h"
#include "store/event_store.h"

namespace {

using dayzero::store::EventStore;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Peak resident set size of this process so far, in MiB (Linux reports ru_maxrss in KiB).
double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "cohort_bench: %s\n", message.c_str());
    return 1;
}

std::unique_ptr<EventStore> open_store(const std::string& path, bool read_only) {
    dayzero::store::OpenOptions options;
    options.read_only = read_only;
    options.create_if_missing = !read_only;
    auto opened = EventStore::open(path, options);
    if (!opened.is_ok()) {
        std::fprintf(stderr, "cohort_bench: cannot open store %s: %s\n", path.c_str(),
                     opened.status().message().c_str());
        return nullptr;
    }
    return std::move(opened.value());
}

int run_import(const std::string& csv, const std::string& db) {
    auto store = open_store(db, false);
    if (!store) return 1;
    auto database = std::make_unique<dayzero::db::Database>(std::move(store));
    dayzero::importers::RunOptions options;
    options.format = dayzero::importers::ImportFormat::kLong;
    std::ostringstream out;
    std::ostringstream err;
    const auto start = Clock::now();
    // What `dayzero import` does, read models included: the next process answers cohort
    // statements from them, so their cost is part of importing.
    const auto summary = database->import({csv}, options, out, err);
    if (!summary.ok || summary.events_appended == 0) {
        return fail("import failed:\n" + out.str() + err.str());
    }
    if (!database->read_model_note().empty()) return fail(database->read_model_note());
    const double appended = summary.elapsed_seconds;
    database.reset();  // closing (flushing) the store is part of the import's cost
    const double elapsed = seconds_since(start);
    std::printf(
        "RESULT step=import events=%llu seconds=%.4f events_per_s=%.0f "
        "append_seconds=%.4f summaries_seconds=%.4f peak_rss_mib=%.1f\n",
        static_cast<unsigned long long>(summary.events_appended), elapsed,
        static_cast<double>(summary.events_appended) / elapsed, appended, elapsed - appended,
        peak_rss_mib());
    return 0;
}

// Streams every patient's daily grades and episodes into `sink`: the way the library serves them
// (query/days_projection.h: the stored projection when current, else the timelines), or with
// `timelines` by reading and deriving every timeline (derive_patient computes every measure, as
// before the projection existed). Reports which path was taken.
template <typename Sink>
dayzero::store::Result<dayzero::query::GradesPass> grades_all(const EventStore& store,
                                                              bool timelines, Sink&& sink) {
    using dayzero::query::PatientGrades;
    if (!timelines) {
        return dayzero::query::for_each_patient_grades(
            store, dayzero::query::projection_definition(), [&](const PatientGrades& g) {
                sink(g);
                return true;
            });
    }
    dayzero::query::GradesPass pass;
    PatientGrades grades;
    const auto status =
        store.for_each_patient([&](const std::string& id, std::vector<dayzero::store::Event>& e) {
            auto derived = dayzero::derive::derive_patient(id, e);
            grades.patient_id = id;
            grades.days = std::move(derived.days);
            grades.episodes = std::move(derived.episodes);
            ++pass.from_timelines;
            sink(grades);
            return true;
        });
    if (!status.is_ok()) return status;
    return pass;
}

// "path=projection from_projection=N from_timelines=M" (and why, on stderr, when the library
// did not serve every patient from the projection).
std::string path_fields(const dayzero::query::GradesPass& pass) {
    if (!pass.why_timelines.empty())
        std::fprintf(stderr, "cohort_bench: timelines used: %s\n", pass.why_timelines.c_str());
    return fmt::format("path={} from_projection={} from_timelines={}",
                       dayzero::query::grades_source_name(pass.source), pass.from_projection,
                       pass.from_timelines);
}

int run_derive(const std::string& db, bool timelines) {
    auto store = open_store(db, true);
    if (!store) return 1;
    uint64_t patients = 0;
    uint64_t days = 0;
    uint64_t episodes = 0;
    const auto start = Clock::now();
    const auto pass = grades_all(*store, timelines, [&](const dayzero::query::PatientGrades& g) {
        ++patients;
        days += g.days.size();
        episodes += g.episodes.size();
    });
    const double elapsed = seconds_since(start);
    if (!pass.is_ok()) return fail("derive failed: " + pass.status().message());
    std::printf(
        "RESULT step=%s patients=%llu days=%llu episodes=%llu seconds=%.4f patients_per_s=%.0f "
        "peak_rss_mib=%.1f %s\n",
        timelines ? "derive-timelines" : "derive", static_cast<unsigned long long>(patients),
        static_cast<unsigned long long>(days), static_cast<unsigned long long>(episodes), elapsed,
        static_cast<double>(patients) / elapsed, peak_rss_mib(), path_fields(pass.value()).c_str());
    return 0;
}

// The comparison format shared with bench/peers/*.sql: integers and 0/1 flags only.
int run_export(const std::string& db, const std::string& dir, bool timelines) {
    auto store = open_store(db, true);
    if (!store) return 1;
    std::ofstream grades(dir + "/grades.csv");
    std::ofstream episodes(dir + "/episodes.csv");
    if (!grades || !episodes) return fail("cannot write into " + dir);
    grades << "patient_id,day,fever,hypotension_level,hypoxia_level,treatment,masked,grade,"
              "episode\n";
    episodes << "patient_id,number,onset_day,end_day,duration,max_grade,positive_days,"
                "masked_from_day,toci_doses\n";
    uint64_t patients = 0;
    const auto pass =
        grades_all(*store, timelines, [&](const dayzero::query::PatientGrades& derived) {
            ++patients;
            for (const auto& d : derived.days) {
                grades << fmt::format("{},{},{},{},{},{},{},{},{}\n", derived.patient_id, d.day,
                                      int(d.fever), d.hypotension_level, d.hypoxia_level,
                                      int(d.treatment), int(d.masked), d.grade, d.episode);
            }
            for (const auto& e : derived.episodes) {
                episodes << fmt::format(
                    "{},{},{},{},{},{},{},{},{}\n", derived.patient_id, e.number, e.onset_day,
                    e.end_day, e.duration, e.max_grade, e.positive_days,
                    e.masked_from_day ? std::to_string(*e.masked_from_day) : "", e.toci_doses);
            }
        });
    if (!pass.is_ok()) return fail("export failed: " + pass.status().message());
    std::printf("RESULT step=%s patients=%llu %s\n", timelines ? "export-timelines" : "export",
                static_cast<unsigned long long>(patients), path_fields(pass.value()).c_str());
    return 0;
}

double percentile(const std::vector<double>& sorted, double p) {
    const auto rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(rank, sorted.size() - 1)];
}

int run_timeline(const std::string& db, int samples, unsigned seed) {
    auto store = open_store(db, true);
    if (!store) return 1;
    auto ids = store->patients();
    if (!ids.is_ok() || ids.value().empty()) return fail("no patients in " + db);
    const auto& patients = ids.value();
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, patients.size() - 1);
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(samples));
    uint64_t events = 0;
    for (int i = 0; i < samples; ++i) {
        const std::string& id = patients[pick(rng)];
        const auto start = Clock::now();
        auto timeline = store->timeline(id);
        ms.push_back(seconds_since(start) * 1000.0);
        if (!timeline.is_ok()) return fail("timeline failed for " + id);
        events += timeline.value().size();
    }
    std::sort(ms.begin(), ms.end());
    std::printf(
        "RESULT step=timeline samples=%d mean_events=%.0f p50_ms=%.3f p90_ms=%.3f "
        "p99_ms=%.3f max_ms=%.3f peak_rss_mib=%.1f\n",
        samples, static_cast<double>(events) / samples, percentile(ms, 50), percentile(ms, 90),
        percentile(ms, 99), ms.back(), peak_rss_mib());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    dayzero::shell::limit_malloc_arenas();  // as the dayzero executable does
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::string usage =
        "usage: cohort_bench import CSV DB | derive DB | derive-timelines DB | export DB DIR | "
        "export-timelines DB DIR | timeline DB [N] [SEED]";
    if (args.empty()) return fail(usage);
    const std::string& step = args[0];
    if (step == "import" && args.size() == 3) return run_import(args[1], args[2]);
    if (step == "derive" && args.size() == 2) return run_derive(args[1], false);
    if (step == "derive-timelines" && args.size() == 2) return run_derive(args[1], true);
    if (step == "export" && args.size() == 3) return run_export(args[1], args[2], false);
    if (step == "export-timelines" && args.size() == 3) return run_export(args[1], args[2], true);
    if (step == "timeline" && args.size() >= 2 && args.size() <= 4) {
        const int samples = args.size() >= 3 ? std::atoi(args[2].c_str()) : 1000;
        const unsigned seed =
            args.size() >= 4 ? static_cast<unsigned>(std::atoi(args[3].c_str())) : 42u;
        if (samples <= 0) return fail("N must be a positive number of samples");
        return run_timeline(args[1], samples, seed);
    }
    return fail(usage);
}

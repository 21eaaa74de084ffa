// Readers see whole transactions (issue #20 item 7): read-only queries and `dayzero verify` are
// fired at random moments while the real `dayzero import` commits a generated cohort file by
// file. Every query's answer must equal the answer in one of the committed states — before that
// import or after it, each asked while no writer runs — and every verify must report OK: no
// answer made of part of a transaction, and no spurious failure beside a healthy writer.
//
// Sizes: DAYZERO_READERS_PATIENTS (default 2,400) and DAYZERO_READERS_FILES (default 6 imports)
// can be raised to reproduce on larger imports; the defaults keep the test short.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;
namespace fs = std::filesystem;

namespace {

constexpr int kBoundSeconds = 600;  // a child still running after this long is hung
constexpr size_t kReadersAtOnce = 4;

int setting(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

// Splits the long CSV `events` (one patient's rows after another's) into `parts` files of
// consecutive patients in `dir`; returns their paths and, for each, its first patient.
std::vector<std::pair<std::string, std::string>> split_by_patient(const std::string& events,
                                                                  int parts, const fs::path& dir) {
    std::ifstream in(events);
    std::string header;
    REQUIRE(std::getline(in, header));
    std::vector<std::vector<std::string>> patients;  // each patient's rows
    std::string line;
    std::string current;
    while (std::getline(in, line)) {
        const std::string id = line.substr(0, line.find(','));
        if (patients.empty() || id != current) patients.emplace_back();
        current = id;
        patients.back().push_back(line);
    }
    REQUIRE(patients.size() >= static_cast<size_t>(parts));
    std::vector<std::pair<std::string, std::string>> files;
    const size_t per_part = patients.size() / static_cast<size_t>(parts);
    for (int k = 0; k < parts; ++k) {
        const size_t from = per_part * static_cast<size_t>(k);
        const size_t to = k + 1 == parts ? patients.size() : from + per_part;
        const fs::path file = dir / ("part" + std::to_string(k) + ".csv");
        std::ofstream out(file);
        out << header << "\n";
        for (size_t p = from; p < to; ++p) {
            for (const auto& row : patients[p])
                out << row << "\n";
        }
        const std::string& first = patients[from].front();
        files.emplace_back(file.string(), first.substr(0, first.find(',')));
    }
    return files;
}

// What a command printed and how it ended.
struct Answer {
    int exit = -1;
    std::string text;
    bool operator==(const Answer&) const = default;
};

// Runs `dayzero args...` to its end (bounded), capturing its output in `output`.
Answer run(const std::vector<std::string>& args, const std::string& output) {
    const pid_t child = spawn_dayzero(args, output);
    REQUIRE(child > 0);
    int status = 0;
    const bool exited = wait_bounded(child, kBoundSeconds, status);
    INFO("dayzero " << args.front() << " did not end: hung");
    REQUIRE(exited);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(output)};
}

}  // namespace

TEST_CASE("readers during imports: every answer is a committed state and every verify OK") {
    const int patients = setting("DAYZERO_READERS_PATIENTS", 2'400);
    const int imports = setting("DAYZERO_READERS_FILES", 6);
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    const std::string generated = (dir.path() / "cohort").string();
    const std::string scratch = (dir.path() / "out").string();
    fs::create_directories(scratch);
    REQUIRE(run({"generate", "--patients", std::to_string(patients), "--seed", "20", "--out",
                 generated, "--format", "long"},
                scratch + "/generate.txt")
                .exit == 0);
    const auto files = split_by_patient(generated + "/events.csv", imports, dir.path());
    REQUIRE(run({"init", db}, scratch + "/init.txt").exit == 0);

    std::mt19937_64 random(7);
    int queries = 0;
    int verifies = 0;
    int wrong = 0;
    int failed_verifies = 0;
    std::string details;  // each wrong answer and failed verify, with the committed answers
    for (size_t k = 0; k < files.size(); ++k) {
        const auto& [file, first_patient] = files[k];
        // The cohort by grade (the stored summaries, or a derivation from the timelines when they
        // are stale), the daily grades of the worst patients (the stored daily rows), and the
        // events of a patient this import adds.
        const std::string statements =
            "count patients; count patients by max_grade; "
            "grades within max_grade >= 4; events " +
            first_patient + " days 0 to 3;";
        const std::vector<std::string> ask{"query", "--db", db, "--read-only", statements};
        const Answer before = run(ask, scratch + "/before.txt");

        const pid_t writer = spawn_dayzero({"import", "--db", db, file, "--reason", "readers"},
                                           scratch + "/import.txt");
        REQUIRE(writer > 0);
        // Readers run a few at a time, each started at a random moment, so many of them overlap
        // every step of the import.
        struct Reader {
            pid_t pid;
            bool verify;
            std::string out;
        };
        std::vector<Reader> running;
        std::vector<Answer> answers;
        std::vector<Answer> verdicts;
        auto reap = [&](bool wait) {
            for (size_t i = 0; i < running.size();) {
                int reader_status = 0;
                bool ended = wait ? wait_bounded(running[i].pid, kBoundSeconds, reader_status)
                                  : child_exited(running[i].pid, reader_status);
                if (wait) REQUIRE(ended);  // a hung reader fails the test
                if (!ended) {
                    ++i;
                    continue;
                }
                Answer a{WIFEXITED(reader_status) ? WEXITSTATUS(reader_status) : -1,
                         read_text(running[i].out)};
                (running[i].verify ? verdicts : answers).push_back(std::move(a));
                running.erase(running.begin() + static_cast<ptrdiff_t>(i));
            }
        };
        int status = 0;
        bool done = false;
        for (int n = 0; !done; ++n) {
            ::usleep(static_cast<useconds_t>(random() % 20'000));  // a random moment
            done = child_exited(writer, status);
            reap(false);
            if (running.size() >= kReadersAtOnce) continue;
            const std::string out = scratch + "/reader" + std::to_string(n) + ".txt";
            const bool verify = random() % 4 == 0;
            const pid_t reader =
                spawn_dayzero(verify ? std::vector<std::string>{"verify", "--db", db} : ask, out);
            REQUIRE(reader > 0);
            running.push_back({reader, verify, out});
        }
        reap(true);
        INFO("import " << k << " said: " << read_text(scratch + "/import.txt"));
        REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
        const Answer after = run(ask, scratch + "/after.txt");
        REQUIRE(after.exit == 0);
        REQUIRE(before != after);
        for (const Answer& a : answers) {
            ++queries;
            if (a == before || a == after) continue;
            ++wrong;
            details += "import " + std::to_string(k) +
                       ": an answer of neither committed state (exit " + std::to_string(a.exit) +
                       "):\n" + a.text + "\nbefore:\n" + before.text + "\nafter:\n" + after.text +
                       "\n";
        }
        for (const Answer& v : verdicts) {
            ++verifies;
            if (v.exit == 0 && v.text.find("OK: ") != std::string::npos) continue;
            ++failed_verifies;
            details += "import " + std::to_string(k) + ": verify beside the writer said (exit " +
                       std::to_string(v.exit) + "):\n" + v.text + "\n";
        }
    }
    INFO(queries << " queries and " << verifies << " verifies during " << imports << " imports of "
                 << patients << " patients\n"
                 << details);
    CHECK(queries + verifies > 0);
    CHECK(wrong == 0);
    CHECK(failed_verifies == 0);
}

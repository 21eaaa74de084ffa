#pragma once
// FileVerdict: whether a file is to be imported (its content new to the store, or --force), heard
// while the file is already being decoded and staged. The verdict needs the file's SHA-256, which
// is computed on its own thread beside the first chunks: it is asked for without waiting between
// chunks, so that a file imported before is called off soon, and waited for before the store's
// first write and before the file's outcome is settled in any other way, so that such a file is
// reported as imported before whatever its rows hold.

#include <functional>

#include "importers/importer.h"

namespace dayzero::importers {

// The caller's side of the verdict.
struct Admission {
    // True to import the file (`verdict` then holds its source), false to leave it (`verdict` is
    // then the file's whole report: already imported, unreadable, ...). It may block until the
    // file's digest is known.
    std::function<bool(FileReport& verdict)> decide;
    // Whether decide() would answer without waiting; unset: always.
    std::function<bool()> ready;

    explicit operator bool() const { return static_cast<bool>(decide); }
};

class FileVerdict {
  public:
    // Without `admission` (unset) the file is admitted already. `report` gets the source once
    // the file is admitted; it must outlive this.
    FileVerdict(const Admission& admission, FileReport& report)
        : admission_(admission), report_(report), known_(!admission) {}

    // Hears the verdict when it is ready, or once it is when `wait`. Called from one thread only;
    // it writes report.source, which the decoding thread never reads.
    void hear(bool wait);
    bool known() const { return known_; }
    bool admitted() const { return known_ && !refused_; }
    bool refused() const { return refused_; }
    // A refused file's report (its outcome and message), which replaces the file's own.
    FileReport take_refusal() { return std::move(refusal_); }

  private:
    const Admission& admission_;
    FileReport& report_;
    bool known_;
    bool refused_ = false;
    FileReport refusal_;
};

}  // namespace dayzero::importers

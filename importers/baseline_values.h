#pragma once
// BaselineValues: within one file, a patient's baseline attribute (age, sex, arm, ...) has one
// value. A second row giving it another value is an error naming the first row's line; the same
// value again is not (a wide sheet repeats a patient's age on each of its rows). weight_kg and
// bsa_m2 are not checked: they may change from day to day, and a dose uses the weight of its day.
//
// Statements read one value per attribute (the latest in timeline order, docs/DERIVATIONS.md),
// so two values that both reached the store would leave one silently unread. The long and wide
// decoders check every good row's baseline events before they accept it (an SDTM study refuses a
// subject's second DM record instead). Across files and imports, the stored-content comparison
// applies as for any observation: it compares the same day and time only, so another value on
// another day from a later file is not caught (README, "what does not work yet").
//
// Only hashes are kept, in one flat table of 16 bytes an attribute, so that a file of 100,000
// patients with eight attributes each holds about 20 MB (two hashes colliding, which would make
// a changed value pass or two attributes meet, is about as likely as 1 in 2^32 per attribute).

#include <cstdint>
#include <string>
#include <vector>

#include "store/event.h"

namespace dayzero::importers {

class BaselineValues {
  public:
    // The line of an earlier row that gave `event`'s patient another value of the same baseline
    // attribute; 0 when none did, or `event` is not a checked attribute.
    uint64_t conflict(const store::Event& event) const;
    // Remembers the value of `event` (of a row that was accepted) and its line, if it is the
    // first the file gives of that attribute.
    void record(const store::Event& event, uint64_t line);
    // The error for `event`, whose attribute line `earlier` gave another value.
    static std::string message(const store::Event& event, uint64_t earlier);

  private:
    struct Slot {
        uint64_t key = 0;  // patient and attribute; 0: empty
        uint32_t value = 0;
        uint32_t line = 0;
    };
    const Slot* find(uint64_t key) const;
    void grow();

    std::vector<Slot> slots_;  // open addressing, a power of two in size
    size_t used_ = 0;
};

}  // namespace dayzero::importers

#pragma once
// A tiny test-only reader for the derive case fixtures in the canonical long CSV format
// (patient_id,day,time,kind,code,value,unit,note; no quoting). The real importer is tested on
// its own; this keeps the derivation tests independent of it.

#include <string>
#include <vector>

#include "store/event.h"

namespace dayzero::derive::testing {

// Reads `path` into events with seqs 1, 2, ... in file order, sorted into timeline order.
// A non-numeric value becomes the event's text. Throws std::runtime_error naming
// "file:line: field 'value'" on a malformed row.
std::vector<store::Event> load_case(const std::string& path);

// The fixture `name` under tests/derive/cases/ of the source tree.
std::string case_path(const std::string& name);

}  // namespace dayzero::derive::testing

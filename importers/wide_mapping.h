#pragma once
// WideMapping: the user's description of a site-specific wide sheet (one row per patient-day, or
// one row per patient): which column becomes which event. A JSON file;
// examples/wide/site_sheet.mapping.json shows all features and docs/IMPORT.md describes them.

#include <map>
#include <string>
#include <vector>

#include "store/event.h"
#include "store/status.h"

namespace dayzero::importers {

// How one sheet column turns into events.
struct WideColumn {
    std::string column;  // header name in the sheet
    store::EventKind kind = store::EventKind::kLab;
    bool daily_vasopressors = false;  // cell lists the drugs running that day
    bool flag = false;                // hypotension_fluids: an event when the cell is "yes"
    std::string code;                 // fixed code
    bool code_from_cell = false;      // the cell holds the code (oxygen device, ...)
    std::map<std::string, std::string> codes;  // cell text (upper-case) → code
    std::string value_column;                  // with code_from_cell: where the value is
    std::string unit;                          // unit of the value
    std::string unit_column;                   // or: a column holding each row's unit
    std::string separator = ";";               // daily_vasopressors: between drug names
    std::string day_column;  // one row per patient: the column holding this event's day
};

struct WideMapping {
    std::string patient_column = "patient_id";
    std::string day_column = "day";
    std::string time_column;   // optional
    bool per_patient = false;  // "layout": "patient": one row per patient, days per column
    std::vector<WideColumn> columns;

    // Loads and checks a mapping file; the error names the file and the entry.
    static store::Result<WideMapping> load(const std::string& path);
};

}  // namespace dayzero::importers

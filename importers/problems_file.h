#pragma once
// The `--problems FILE` of an import: every error and warning of every file as one CSV table, for
// a data manager to sort and filter (the console shows only the first few of each file).

#include <string>
#include <vector>

#include "importers/importer.h"
#include "store/status.h"

namespace dayzero::importers {

// Writes `severity,file,line,column,variable,message,value` rows (a header first) for every
// problem the reports kept; the error names the file when it cannot be written.
store::Status write_problems_file(const std::string& path, const std::vector<FileReport>& reports);

}  // namespace dayzero::importers

#pragma once
// LongCsvWriter: writes events in the canonical long CSV format
// (patient_id,day,time,kind,code,value,unit,note), one row per event, RFC 4180 quoting.

#include <ostream>
#include <string>
#include <vector>

#include "store/event.h"

namespace dayzero::generator {

// The canonical header line, without the line break.
inline constexpr const char* kLongCsvHeader = "patient_id,day,time,kind,code,value,unit,note";

class LongCsvWriter {
  public:
    // Writes the header to `out`; rows follow with write().
    explicit LongCsvWriter(std::ostream& out);

    // Appends one row per event, in the given order.
    void write(const std::vector<store::Event>& events);

    // One event as a CSV row without the line break (the value column holds the text value
    // when there is one, else the shortest exact decimal of the number).
    static std::string format_row(const store::Event& event);

  private:
    std::ostream& out_;
};

// The shortest decimal text that reads back as exactly `value` ("38.2", "45", "0.05").
std::string format_number(double value);

}  // namespace dayzero::generator

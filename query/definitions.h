#pragma once
// Definition settings (`set fever 38.3 C`, `with gap 1 day`), units of quantities and `as of`
// points: the parts of checking that turn written values into canonical ones.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "derive/crs_definition.h"
#include "query/ast.h"
#include "store/event_store.h"

namespace dayzero::query {

// Applies one setting to `def`. Throws QueryError (unknown setting, wrong unit, out of range).
void apply_setting(derive::CrsDefinition& def, const ast::Setting& setting);

// Names of the settings, for errors and completion.
std::vector<std::string> setting_names();

// A time quantity in minutes (`72 h`, `2 days`, `30 min`, `12 months`); a bare number counts as
// `default_unit`. Throws QueryError(kType) for a unit that is not a time.
double to_minutes(const ast::Quantity& q, std::string_view default_unit);

// Minutes per time unit ("h" → 60); nullopt when `unit` is not a time unit.
std::optional<double> minutes_per_unit(std::string_view unit);

// Parses "YYYY-MM-DD[THH:MM[:SS[.ffffff]]][Z]" (UTC) into microseconds since the epoch; a date
// alone means the end of that day. nullopt when malformed.
std::optional<int64_t> parse_instant_us(std::string_view text);

// "2026-11-23T18:30:05Z" for microseconds since the epoch (UTC), with ".ffffff" before the Z
// when the instant is not a whole second: parse_instant_us reads it back as the same point.
std::string format_instant_us(int64_t us);

// The store view an `as of` point selects. Throws QueryError for a malformed instant.
store::AsOf resolve_point(const ast::Point& point);

// "seq 120", "2026-11-23T10:00:00Z" or "now".
std::string describe_as_of(const store::AsOf& as_of);

}  // namespace dayzero::query

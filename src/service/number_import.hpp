#pragma once
// Bulk import of tracking numbers from CSV (SPEC §2), all or nothing, with a report per row;
// the export in the same columns; the lifecycle history of a number.
//
// Columns (header row, any order, case ignored): number (required), type, name,
// advertiser_id or advertiser (its name), operator_id (system admins), destinations
// (separated by '|'), state (available, assigned, quarantined or released; pooled, leased
// and cooldown come from pools), max_lines, ring_timeout_sec, trunk, initial_cost,
// monthly_cost. The export's read-only columns (id, free_call, shows_caller_number,
// created_at, updated_at) are accepted and ignored. An empty cell leaves the default.
// Operator roles import into their operator; advertiser users may not import (they cannot
// create numbers).
#include <string>
#include <string_view>
#include <vector>

#include "service/csv.hpp"
#include "service/numbers.hpp"

namespace hk::service {

struct ImportRow {
  size_t row = 0;                  // spreadsheet row: the header is row 1
  size_t line = 0;                 // text line where the row starts
  std::vector<FieldIssue> errors;  // field: the column name
  domain::TrackingNumber number;   // as it was (or would be) stored
};

struct ImportReport {
  bool dry_run = false;
  size_t imported = 0;  // rows written (0 on a dry run or when a row is bad)
  size_t checked = 0;   // data rows read
  std::vector<ImportRow> rows;
  size_t failed() const;
};

struct ImportLimits {
  size_t max_bytes = 1 << 20;
  size_t max_rows = 10'000;
};

class NumberImport {
 public:
  NumberImport(Numbers& numbers, const Clock& clock) : numbers_(numbers), clock_(clock) {}

  // Writes every row in `tx` (the caller commits when report.failed() == 0 and !dry_run,
  // and rolls back otherwise). Errors: Forbidden (the role may not create numbers), TooLarge
  // (limits), Invalid (not CSV or not UTF-8, an unknown, repeated or missing column).
  Result<ImportReport> run(store::Tx& tx, const domain::Principal& p, std::string_view csv,
                           bool dry_run, const ImportLimits& limits = {});

  // Every number the principal sees, in the import's columns (header first).
  Result<std::string> exportCsv(store::Tx& tx, const domain::Principal& p,
                                const store::NumberFilter& f);

  Result<std::vector<store::NumberTransition>> history(store::Tx& tx, const domain::Principal& p,
                                                       domain::Id number_id);

 private:
  Numbers& numbers_;
  const Clock& clock_;
};

// The export's columns, in order.
const std::vector<std::string>& numberColumns();

}  // namespace hk::service

#pragma once
// CSV as spreadsheets write it (RFC 4180): fields separated by commas, records by CRLF or LF,
// fields in double quotes may hold commas, line breaks and doubled quotes (""). A UTF-8 byte
// order mark at the start is skipped; text that is not UTF-8 (a Shift_JIS export, say) is
// refused with the line where it stops being UTF-8. Empty lines are skipped.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hk::service {

struct CsvRecord {
  size_t line = 0;  // text line (1-based) where the record starts
  std::vector<std::string> fields;
};

struct CsvLimits {
  size_t max_bytes = 1 << 20;
  size_t max_records = 10'001;  // header included
};

// Errors: TooLarge (more bytes or records than the limits allow), Invalid (not UTF-8, a quote
// inside an unquoted field, text after a closing quote, a quote never closed); the message
// names the line.
Result<std::vector<CsvRecord>> parseCsv(std::string_view text, const CsvLimits& limits = {});

// One field, quoted when it must be (comma, quote, CR or LF inside, or spaces around).
std::string csvField(std::string_view v);
// One record ending in CRLF.
std::string csvLine(const std::vector<std::string>& fields);

// Where `text` stops being UTF-8 (text.size() when it is all UTF-8). Overlong forms,
// surrogates and code points above U+10FFFF are not UTF-8.
size_t utf8ValidPrefix(std::string_view text);

}  // namespace hk::service

#include "service/csv.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hk::service {

size_t utf8ValidPrefix(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return n;
}

namespace {
size_t lineAt(std::string_view text, size_t pos) {
  return 1 +
         static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}
}  // namespace

Result<std::vector<CsvRecord>> parseCsv(std::string_view text, const CsvLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return fail(Code::TooLarge,
                fmt::format("the file has {} bytes; at most {} are read at once: split it",
                            text.size(), limits.max_bytes));
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (size_t ok = utf8ValidPrefix(text); ok != text.size()) {
    return fail(Code::Invalid,
                fmt::format("line {}: the file is not UTF-8 (Shift_JIS and other encodings are "
                            "not read): save it as CSV UTF-8",
                            lineAt(text, ok)));
  }
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  const size_t n = text.size();
  bool record_open = false;  // something (even an empty field before a comma) was read
  auto endRecord = [&]() -> Status {
    rec.fields.push_back(std::move(field));
    field.clear();
    const bool blank = rec.fields.size() == 1 && rec.fields[0].empty() && !record_open;
    if (!blank) {
      if (out.size() >= limits.max_records) {
        return fail(Code::TooLarge, fmt::format("the file has more than {} rows: split it",
                                                limits.max_records - 1));
      }
      out.push_back(std::move(rec));
    }
    rec = CsvRecord{};
    record_open = false;
    return ok();
  };
  while (i < n) {
    if (rec.fields.empty() && field.empty() && !record_open) rec.line = line;
    const char c = text[i];
    if (c == '"' && field.empty()) {
      // A quoted field: up to the closing quote.
      const size_t start_line = line;
      ++i;
      record_open = true;
      bool closed = false;
      while (i < n) {
        const char q = text[i];
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (q == '\n') ++line;
        field.push_back(q);
        ++i;
      }
      if (!closed) {
        return fail(Code::Invalid,
                    fmt::format("line {}: a quoted field is never closed", start_line));
      }
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return fail(Code::Invalid,
                    fmt::format("line {}: text after the closing quote of a field (a quote "
                                "inside a field is written twice: \"\")",
                                line));
      }
      // An empty quoted field ("") is a field: keep the record open.
      continue;
    }
    if (c == ',') {
      rec.fields.push_back(std::move(field));
      field.clear();
      record_open = true;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      if (auto st = endRecord(); !st) return st.error();
      ++line;
      continue;
    }
    if (c == '"') {
      return fail(Code::Invalid,
                  fmt::format("line {}: a quote inside a field that does not start with one "
                              "(quote the whole field and write the quote twice: \"\")",
                              line));
    }
    field.push_back(c);
    record_open = true;
    ++i;
  }
  if (!field.empty() || !rec.fields.empty() || record_open) {
    if (auto st = endRecord(); !st) return st.error();
  }
  return out;
}

std::string csvField(std::string_view v) {
  const bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string csvLine(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += csvField(fields[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace hk::service

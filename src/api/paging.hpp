#pragma once
// List endpoints: ?page=2&per_page=50&sort=-din_tms, and the page envelope
//   {"items":[...],"page":2,"per_page":50,"total":1234}
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/http_types.hpp"
#include "api/problem.hpp"

namespace hk::api {

struct PagingRules {
  std::vector<std::string> sortable;  // field names "sort" may name (with or without '-')
  std::string default_sort;           // e.g. "-din_tms"; empty: no order asked
  int64_t default_per_page = 25;
  int64_t max_per_page = 500;
};

struct PageRequest {
  int64_t page = 1;  // 1-based
  int64_t per_page = 25;
  std::string sort_field;  // empty when no sort
  bool descending = false;
  int64_t offset() const { return (page - 1) * per_page; }
};

inline constexpr int64_t kMaxPage = 1'000'000'000;

// Reads page (1..kMaxPage), per_page (1..rules.max_per_page) and sort from req.query. A bad
// value is recorded in `errors` under the parameter's name and its default is kept.
PageRequest parsePaging(const Request& req, const PagingRules& rules, FieldErrors& errors);

nlohmann::json pageEnvelope(nlohmann::json items, const PageRequest& page, int64_t total);

}  // namespace hk::api

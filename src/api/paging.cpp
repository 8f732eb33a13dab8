#include "api/paging.hpp"

#include <algorithm>
#include <charconv>

namespace hk::api {

namespace {

// The one value of a query parameter; a repeated parameter is an error.
const std::string* single(const Request& req, std::string_view name, FieldErrors& errors) {
  const std::string* found = nullptr;
  for (const auto& [k, v] : req.query) {
    if (k != name) continue;
    if (found) {
      errors.add(std::string(name), "must be given once");
      return nullptr;
    }
    found = &v;
  }
  return found;
}

void readInt(const Request& req, std::string_view name, int64_t min, int64_t max,
             FieldErrors& errors, int64_t& out) {
  const std::string* v = single(req, name, errors);
  if (!v) return;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size() || n < min || n > max) {
    errors.add(std::string(name),
               "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
    return;
  }
  out = n;
}

bool applySort(std::string_view sort, const PagingRules& rules, PageRequest& out) {
  bool desc = !sort.empty() && sort.front() == '-';
  if (desc) sort.remove_prefix(1);
  if (std::find(rules.sortable.begin(), rules.sortable.end(), sort) == rules.sortable.end()) {
    return false;
  }
  out.sort_field = std::string(sort);
  out.descending = desc;
  return true;
}

}  // namespace

PageRequest parsePaging(const Request& req, const PagingRules& rules, FieldErrors& errors) {
  PageRequest out;
  out.per_page = rules.default_per_page;
  if (!rules.default_sort.empty()) applySort(rules.default_sort, rules, out);
  readInt(req, "page", 1, kMaxPage, errors, out.page);
  readInt(req, "per_page", 1, rules.max_per_page, errors, out.per_page);
  if (const std::string* sort = single(req, "sort", errors)) {
    if (!applySort(*sort, rules, out)) {
      std::string reason = "must be one of the sortable fields, optionally prefixed with '-':";
      for (size_t i = 0; i < rules.sortable.size(); ++i) {
        reason += i == 0 ? " " : ", ";
        reason += rules.sortable[i];
      }
      if (rules.sortable.empty()) reason = "sorting is not supported here";
      errors.add("sort", std::move(reason));
    }
  }
  return out;
}

nlohmann::json pageEnvelope(nlohmann::json items, const PageRequest& page, int64_t total) {
  return {{"items", std::move(items)},
          {"page", page.page},
          {"per_page", page.per_page},
          {"total", total}};
}

}  // namespace hk::api

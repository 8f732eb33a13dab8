#include "store/sqlite/query.hpp"

#include <fmt/format.h>

namespace hk::store::sqlite {

Where& Where::add(std::string cond, std::vector<Value> args) {
  conds_.push_back(std::move(cond));
  for (auto& a : args) args_.push_back(std::move(a));
  return *this;
}

std::string Where::sql() const {
  std::string out;
  for (size_t i = 0; i < conds_.size(); ++i) {
    out += i == 0 ? " WHERE " : " AND ";
    out += conds_[i];
  }
  return out;
}

void Where::bindTo(Stmt& s) const {
  for (const auto& a : args_) {
    std::visit([&](const auto& v) { s.bind(v); }, a);
  }
}

namespace {

void appendEscaped(std::string& out, std::string_view s) {
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
}

}  // namespace

std::string likePrefix(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  appendEscaped(out, s);
  out.push_back('%');
  return out;
}

std::string likeContains(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  out.push_back('%');
  appendEscaped(out, s);
  out.push_back('%');
  return out;
}

Result<std::string> orderBy(const PageRequest& p, const SortSpec& s) {
  std::string_view column = s.default_column;
  bool desc = s.default_forces_direction ? s.default_desc : p.desc;
  if (!p.sort.empty()) {
    bool found = false;
    for (const auto& c : s.allowed) {
      if (c.name == p.sort) {
        column = c.column;
        found = true;
        break;
      }
    }
    if (!found) {
      std::string names;
      for (const auto& c : s.allowed) {
        if (!names.empty()) names += ", ";
        names += c.name;
      }
      return fail(Code::Invalid, fmt::format("cannot sort by '{}'; one of: {}", p.sort, names),
                  "sort");
    }
    desc = p.desc;
  }
  const char* dir = desc ? " DESC" : "";
  if (column == s.tiebreak) return fmt::format(" ORDER BY {}{}", column, dir);
  return fmt::format(" ORDER BY {}{}, {}{}", column, dir, s.tiebreak, dir);
}

Result<Limits> limitsOf(const PageRequest& p) {
  if (p.page < 1) return fail(Code::Invalid, "page starts at 1", "page");
  if (p.per_page < 1) return fail(Code::Invalid, "per_page must be at least 1", "per_page");
  return Limits{p.per_page, (int64_t{p.page} - 1) * p.per_page};
}

}  // namespace hk::store::sqlite

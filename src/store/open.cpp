// Store::open: picks the backend from the URL scheme.
#include <string_view>

#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace hk::store {

Result<std::unique_ptr<Store>> Store::open(const std::string& url, const Clock& clock,
                                           const Options& opts) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with(kSqlite)) return sqlite::openSqlite(url.substr(kSqlite.size()), clock, opts);
  if (url.starts_with("postgres:") || url.starts_with("postgresql:")) {
    return fail(Code::Invalid, "the PostgreSQL backend is not built into this binary", "url");
  }
  return fail(Code::Invalid, "unknown store URL (expected sqlite:<path> or sqlite::memory:)",
              "url");
}

}  // namespace hk::store

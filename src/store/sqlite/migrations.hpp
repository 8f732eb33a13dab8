#pragma once
// The SQLite schema migrations, embedded at build time from src/store/migrations/sqlite/
// (NNNN_name.sql) by src/store/embed_migrations.cmake.
#include <span>
#include <string_view>

namespace hk::store::sqlite {

struct Migration {
  int version;            // NNNN of the file name
  std::string_view name;  // file name without ".sql"
  std::string_view sql;   // the whole file, one or more statements
};

// In version order.
std::span<const Migration> migrations();

}  // namespace hk::store::sqlite

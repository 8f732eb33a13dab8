#pragma once
// Schema migrations: the embedded NNNN_*.sql files not yet recorded in schema_migrations are
// applied, in order, in one IMMEDIATE transaction (so two processes opening the same file do
// not both migrate). A database recording a version this binary does not know is refused.
#include <span>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "store/sqlite/db.hpp"
#include "store/sqlite/migrations.hpp"

namespace hk::store::sqlite {

// Returns the schema version after migrating.
Result<int> migrate(Connection& c, std::span<const Migration> all, const Clock& clock);

// The highest version recorded in schema_migrations (0: none).
Result<int> schemaVersionOf(Connection& c);

}  // namespace hk::store::sqlite

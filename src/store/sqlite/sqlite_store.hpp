#pragma once
// The SQLite backend of Store.
//
// A file database ("sqlite:/var/lib/hankyo/hankyo.db") runs in WAL mode with foreign keys on,
// busy_timeout and synchronous=NORMAL (FULL with Options::synchronous_full). It keeps one
// writer connection, handed to one write Tx at a time (BEGIN IMMEDIATE), and up to
// Options::pool_size reader connections (query_only, BEGIN), opened on demand, that read
// beside the writer. begin() waits up to busy_timeout_ms for a free connection, then fails
// with Code::Unavailable. Each connection caches its prepared statements.
//
// "sqlite::memory:" (tests) is ONE private in-memory connection: every Tx, read or write, takes
// it in turn, so a thread that holds a Tx and begins another waits busy_timeout_ms and gets
// Code::Unavailable. Read transactions are not made read-only there.
#include <memory>
#include <string>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "store/store.hpp"

namespace hk::store::sqlite {

// target: what follows "sqlite:" in the URL -- a path (an optional leading "//" is dropped)
// or ":memory:". Applies pending migrations.
Result<std::unique_ptr<Store>> openSqlite(const std::string& target, const Clock& clock,
                                          const Options& opts);

}  // namespace hk::store::sqlite

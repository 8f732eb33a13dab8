#pragma once
// Storage interfaces. The SQLite backend (src/store/sqlite/) implements them today; a
// PostgreSQL backend will implement the same interfaces, so nothing above this folder
// writes SQL. Every API request runs in one Tx: all or nothing.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/account.hpp"
#include "domain/call_record.hpp"
#include "domain/number.hpp"

namespace hk::store {

using domain::Id;

struct PageRequest {
  int page = 1;       // 1-based
  int per_page = 25;  // SPEC §5: 25 a page by default
  std::string sort;   // a column name the repo allows; empty: by id
  bool desc = false;
  int offset() const { return (page - 1) * per_page; }
};

template <class T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;  // rows matching, over all pages
};

// Which rows a query may touch, from the principal: operator 0 = every operator (system
// admin); advertiser set = that advertiser's rows only.
struct Scope {
  Id operator_id = 0;
  std::optional<Id> advertiser_id;
  static Scope of(const domain::Principal& p) {
    if (p.isSystem()) return {};
    return {p.operator_id, p.role == domain::Role::AdvertiserUser ? p.advertiser_id : std::nullopt};
  }
};

struct NumberFilter {
  std::optional<Id> advertiser_id;
  std::optional<domain::NumberState> state;
  std::optional<domain::NumberType> type;
  std::string q;  // number prefix or name substring
};

struct CallQuery {
  std::optional<WallTime> from, to;  // din_tms range [from, to)
  std::optional<Id> client_id;       // advertiser
  std::optional<Id> dialin_id;       // tracking number
  std::string din_id;                // number called (prefix match)
  std::string fwd_id;                // forwarded-to number (exact)
  std::optional<domain::DialStat> dial_stat;
  std::optional<domain::HupUsr> hup_usr;
  std::optional<domain::CallState> state;
  std::string clr_id_index;  // caller blind index (equality)
};

// Errors: a unique key taken -> Code::Conflict naming the field; a row another row still
// needs (advertiser with numbers) -> Code::Conflict; missing row -> Code::NotFound;
// database down or busy past its timeout -> Code::Unavailable.

class OperatorRepo {
 public:
  virtual ~OperatorRepo() = default;
  virtual Result<domain::Operator> insert(const domain::Operator& o) = 0;
  virtual Result<domain::Operator> get(Id id) = 0;
  virtual Result<domain::Operator> findByName(const std::string& name) = 0;
  virtual Result<Page<domain::Operator>> list(const Scope& s, const PageRequest& p) = 0;
  virtual Result<domain::Operator> update(const domain::Operator& o) = 0;
  virtual Status remove(Id id) = 0;
};

class AdvertiserRepo {
 public:
  virtual ~AdvertiserRepo() = default;
  virtual Result<domain::Advertiser> insert(const domain::Advertiser& a) = 0;
  virtual Result<domain::Advertiser> get(Id id) = 0;
  virtual Result<domain::Advertiser> findByName(Id operator_id, const std::string& name) = 0;
  virtual Result<Page<domain::Advertiser>> list(const Scope& s, const PageRequest& p) = 0;
  virtual Result<domain::Advertiser> update(const domain::Advertiser& a) = 0;
  virtual Status remove(Id id) = 0;
};

class NumberRepo {
 public:
  virtual ~NumberRepo() = default;
  virtual Result<domain::TrackingNumber> insert(const domain::TrackingNumber& n) = 0;
  virtual Result<domain::TrackingNumber> get(Id id) = 0;
  virtual Result<domain::TrackingNumber> findByNumber(const std::string& number) = 0;
  virtual Result<Page<domain::TrackingNumber>> list(const Scope& s, const NumberFilter& f,
                                                    const PageRequest& p) = 0;
  // Every number not released, for the routing directory the SIP side loads.
  virtual Result<std::vector<domain::TrackingNumber>> allActive() = 0;
  virtual Result<domain::TrackingNumber> update(const domain::TrackingNumber& n) = 0;
  virtual Status remove(Id id) = 0;
};

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  virtual Result<domain::User> insert(const domain::User& u) = 0;
  virtual Result<domain::User> get(Id id) = 0;
  virtual Result<domain::User> findByLogin(const std::string& login) = 0;
  virtual Result<Page<domain::User>> list(const Scope& s, const PageRequest& p) = 0;
  virtual Result<domain::User> update(const domain::User& u) = 0;
  virtual Status remove(Id id) = 0;
};

class ApiKeyRepo {
 public:
  virtual ~ApiKeyRepo() = default;
  virtual Result<domain::ApiKey> insert(const domain::ApiKey& k) = 0;
  virtual Result<domain::ApiKey> get(Id id) = 0;
  virtual Result<domain::ApiKey> findByPrefix(const std::string& prefix) = 0;
  virtual Result<Page<domain::ApiKey>> list(const Scope& s, const PageRequest& p) = 0;
  virtual Status revoke(Id id, WallTime at) = 0;
  virtual Status touch(Id id, WallTime at) = 0;  // last_used_at
};

class SessionRepo {
 public:
  virtual ~SessionRepo() = default;
  virtual Status insert(const domain::SessionRow& s) = 0;
  virtual Result<domain::SessionRow> find(const std::string& token_hash) = 0;
  virtual Status remove(const std::string& token_hash) = 0;
  virtual Result<int64_t> purgeExpired(WallTime now) = 0;
};

class CallLogRepo {
 public:
  virtual ~CallLogRepo() = default;
  // A call that started: state in_progress, seq_num 0. Upsert by trn_id.
  virtual Status upsertInProgress(const domain::CallRecord& r) = 0;
  // The finished record: assigns the next gap-free seq_num (returned in the record), state
  // finished, replaces the attempts. Idempotent by trn_id: a record already finished keeps
  // its seq_num (journal replay may deliver it twice).
  virtual Result<domain::CallRecord> finalize(const domain::CallRecord& r) = 0;
  virtual Result<domain::CallRecord> getByTrnId(const std::string& trn_id) = 0;
  virtual Result<Page<domain::CallRecord>> list(const Scope& s, const CallQuery& q,
                                                const PageRequest& p) = 0;
  virtual Result<std::vector<domain::CallRecord>> inProgress() = 0;
  virtual Status touch(const std::string& trn_id, WallTime at) = 0;  // last_activity
};

// One transaction on one connection. Destroyed without commit(): rolled back.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual OperatorRepo& operators() = 0;
  virtual AdvertiserRepo& advertisers() = 0;
  virtual NumberRepo& numbers() = 0;
  virtual UserRepo& users() = 0;
  virtual ApiKeyRepo& apiKeys() = 0;
  virtual SessionRepo& sessions() = 0;
  virtual CallLogRepo& calls() = 0;
  virtual Status commit() = 0;
};

struct Options {
  bool synchronous_full = false;  // SQLite: synchronous=FULL (survives power loss) vs NORMAL
  int busy_timeout_ms = 5000;
  int pool_size = 4;  // connections kept for readers
};

class Store {
 public:
  virtual ~Store() = default;
  // Opens the store named by `url` ("sqlite:/var/lib/hankyo/hankyo.db", "sqlite::memory:"
  // for tests; "postgres://..." later) and applies pending migrations.
  static Result<std::unique_ptr<Store>> open(const std::string& url, const Clock& clock,
                                             const Options& opts = {});
  // write=false: a read-only transaction (may run beside the writer in WAL mode).
  virtual Result<std::unique_ptr<Tx>> begin(bool write = true) = 0;
  virtual std::string backend() const = 0;  // "sqlite"
  virtual int schemaVersion() = 0;
};

}  // namespace hk::store

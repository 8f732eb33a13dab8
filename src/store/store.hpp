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
#include "store/flow_rows.hpp"
#include "store/judgement_rows.hpp"
#include "store/prompt_rows.hpp"
#include "store/telemetry_rows.hpp"
#include "store/tracking_rows.hpp"

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

// Flows (the documents are validated by the service before they get here), their versions
// and attachments.
class FlowRepo {
 public:
  virtual ~FlowRepo() = default;
  // The flow with version 1 (`first`); name taken (same owner) -> Conflict on "/name".
  virtual Result<Flow> insert(const Flow& f, const FlowVersion& first) = 0;
  virtual Result<Flow> get(Id id) = 0;
  virtual Result<Flow> findByName(Id operator_id, Id advertiser_id, const std::string& name) = 0;
  virtual Result<Page<Flow>> list(const Scope& s, const FlowFilter& f, const PageRequest& p) = 0;
  // Stores `v` as the next version (v.version is assigned) and makes it current; the flow's
  // name follows `name`.
  virtual Result<Flow> addVersion(Id flow_id, const std::string& name, const FlowVersion& v) = 0;
  virtual Result<FlowVersion> version(Id flow_id, int version) = 0;
  // Newest first, without documents.
  virtual Result<Page<FlowVersion>> versions(Id flow_id, const PageRequest& p) = 0;
  // Conflict while any target still runs it.
  virtual Status remove(Id id) = 0;

  // One per target: a second one for the same target -> Conflict.
  virtual Result<FlowAttachment> attach(const FlowAttachment& a) = 0;
  virtual Result<FlowAttachment> attachment(Id id) = 0;
  // Scope: an advertiser sees its own advertiser-level row and its numbers' rows.
  virtual Result<Page<FlowAttachment>> attachments(const Scope& s, const AttachmentFilter& f,
                                                   const PageRequest& p) = 0;
  virtual Result<FlowAttachment> reattach(Id id, Id flow_id) = 0;
  virtual Status detach(Id id) = 0;
  // The rows that could apply to a call on `n`: its own, its advertiser's, its operator's.
  virtual Result<std::vector<FlowAttachment>> attachmentsFor(const domain::TrackingNumber& n) = 0;
  virtual Result<int64_t> attachmentCount(Id flow_id) = 0;
};

class BlockListRepo {
 public:
  virtual ~BlockListRepo() = default;
  // The same entry twice (same list, kind and number or prefix) -> Conflict.
  virtual Result<BlockEntry> insert(const BlockEntry& e) = 0;
  virtual Result<BlockEntry> get(Id id) = 0;
  // An operator's own list (number_id 0; operator_id 0: every operator's own list) or one
  // number's, oldest first.
  virtual Result<Page<BlockEntry>> list(Id operator_id, Id number_id, const PageRequest& p) = 0;
  virtual Status remove(Id id) = 0;
  // The entry that blocks a call from a caller (blind index and normalised digits; both empty
  // and withheld=true for a withheld caller) to `number_id` of `operator_id`: the number's
  // own entries before the operator's. nullopt: not blocked.
  virtual Result<std::optional<BlockEntry>> match(Id operator_id, Id number_id,
                                                  const std::string& caller_index,
                                                  const std::string& caller_digits,
                                                  bool withheld) = 0;
  // Every entry of every list (operators' and numbers'), for the B2BUA's in-memory snapshot.
  // Not pure: the default fails with Code::Internal (judgement_rows.cpp).
  virtual Result<std::vector<BlockEntry>> all();
};

class AbsenceRepo {
 public:
  virtual ~AbsenceRepo() = default;
  // nullopt: never switched (present).
  virtual Result<std::optional<AbsenceSwitch>> forNumber(Id number_id) = 0;
  virtual Result<std::optional<AbsenceSwitch>> forAdvertiser(Id advertiser_id) = 0;
  // Every switch row (numbers' and advertisers', present or absent), in one read.
  virtual Result<std::vector<AbsenceSwitch>> all() = 0;
  // Creates or replaces the switch of s.number_id (or s.advertiser_id).
  virtual Result<AbsenceSwitch> set(const AbsenceSwitch& s) = 0;
};

// Number pools and the leases they hand out (src/tracking/). The lease table lives in
// memory in hankyod and is written behind: saveLease/saveVisitor are upserts.
class TrackingRepo {
 public:
  virtual ~TrackingRepo() = default;
  // Key taken -> Conflict on "/key"; a number already in another pool -> Conflict on
  // "/number_ids".
  virtual Result<TrackingPool> insertPool(const TrackingPool& p) = 0;
  virtual Result<TrackingPool> getPool(Id id) = 0;
  virtual Result<TrackingPool> findPoolByKey(const std::string& key) = 0;
  virtual Result<Page<TrackingPool>> listPools(const Scope& s, const PageRequest& p) = 0;
  virtual Result<std::vector<TrackingPool>> allPools() = 0;
  virtual Result<TrackingPool> updatePool(const TrackingPool& p) = 0;
  virtual Status removePool(Id id) = 0;

  virtual Status saveLease(const LeaseRow& l) = 0;
  // Leases not ended, or ended at or after `since` (for attribution inside match windows).
  virtual Result<std::vector<LeaseRow>> recentLeases(Id pool_id, WallTime since) = 0;
  // Keeps first_params/first_seen of a visitor already stored.
  virtual Status saveVisitor(const VisitorRow& v) = 0;
  virtual Result<VisitorRow> getVisitor(const std::string& id) = 0;
  virtual Status addTransitions(const std::vector<TransitionRow>& rows) = 0;
  // Adds to the month's counters.
  virtual Status addMonthly(const MonthlyCount& delta) = 0;
  virtual Result<std::vector<MonthlyCount>> monthly(Id pool_id) = 0;
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
  // Not pure, so that decorators written before them still compile: the defaults are repos
  // whose every call fails with Code::Internal ("this store has no flows").
  virtual FlowRepo& flows();
  virtual BlockListRepo& blockList();
  virtual AbsenceRepo& absence();
  virtual TrackingRepo& tracking();
  virtual PromptRepo& prompts();       // prompt_rows.hpp
  virtual JudgementRepo& judgement();  // judgement_rows.hpp
  virtual TelemetryRepo& telemetry();  // telemetry_rows.hpp
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

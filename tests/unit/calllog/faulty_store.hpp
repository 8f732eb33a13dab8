#pragma once
// Test support: a decorator around the real SQLite store (not a mock) that counts write
// transactions and can make the database fail on demand: begin() returns Unavailable while
// `down` is set, commit() fails (and the transaction rolls back) while `fail_commit` is
// set, and begin() waits while the gate is closed (a database stuck on a lock).
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "store/store.hpp"

namespace hk::calllog::test {

class FaultyTx final : public store::Tx {
 public:
  FaultyTx(std::unique_ptr<store::Tx> inner, const std::atomic<bool>& fail_commit)
      : inner_(std::move(inner)), fail_commit_(fail_commit) {}
  store::OperatorRepo& operators() override { return inner_->operators(); }
  store::AdvertiserRepo& advertisers() override { return inner_->advertisers(); }
  store::NumberRepo& numbers() override { return inner_->numbers(); }
  store::UserRepo& users() override { return inner_->users(); }
  store::ApiKeyRepo& apiKeys() override { return inner_->apiKeys(); }
  store::SessionRepo& sessions() override { return inner_->sessions(); }
  store::CallLogRepo& calls() override { return inner_->calls(); }
  store::FlowRepo& flows() override { return inner_->flows(); }
  store::BlockListRepo& blockList() override { return inner_->blockList(); }
  store::AbsenceRepo& absence() override { return inner_->absence(); }
  store::TrackingRepo& tracking() override { return inner_->tracking(); }
  store::JudgementRepo& judgement() override { return inner_->judgement(); }
  Status commit() override {
    if (fail_commit_) return fail(Code::Unavailable, "test: commit fails (disk I/O error)");
    return inner_->commit();
  }

 private:
  std::unique_ptr<store::Tx> inner_;
  const std::atomic<bool>& fail_commit_;
};

class FaultyStore final : public store::Store {
 public:
  explicit FaultyStore(std::unique_ptr<store::Store> inner) : inner_(std::move(inner)) {}

  Result<std::unique_ptr<store::Tx>> begin(bool write = true) override {
    if (write) {
      std::unique_lock lk(mu_);
      ++write_begins_;
      ++waiting_;
      cv_.notify_all();
      cv_.wait(lk, [&] { return gate_open_; });
      --waiting_;
    }
    if (write && down) return fail(Code::Unavailable, "test: database down");
    auto tx = inner_->begin(write);
    if (!tx) return tx.error();
    return std::unique_ptr<store::Tx>(std::make_unique<FaultyTx>(std::move(*tx), fail_commit));
  }
  std::string backend() const override { return inner_->backend(); }
  int schemaVersion() override { return inner_->schemaVersion(); }

  int writeBegins() {
    std::lock_guard lk(mu_);
    return write_begins_;
  }
  void closeGate() {
    std::lock_guard lk(mu_);
    gate_open_ = false;
  }
  void openGate() {
    std::lock_guard lk(mu_);
    gate_open_ = true;
    cv_.notify_all();
  }
  // Blocks until a writer is held at the closed gate.
  void awaitWriterAtGate() {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return waiting_ > 0; });
  }
  store::Store& inner() { return *inner_; }

  std::atomic<bool> down{false};
  std::atomic<bool> fail_commit{false};

 private:
  std::unique_ptr<store::Store> inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool gate_open_ = true;
  int waiting_ = 0;
  int write_begins_ = 0;
};

}  // namespace hk::calllog::test

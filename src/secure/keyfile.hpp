#pragma once
// The key file shared by every node: one index key (never rotated; blind indexes and
// API-key / session hashes are derived from it) and numbered data keys (the highest id
// encrypts, every id decrypts).
//
// Format, one key per line, `#` starts a comment line, blank lines ignored:
//   index <64 hex chars>
//   data <id> <64 hex chars>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "secure/sodium.hpp"

namespace hk::secure {

// Data key ids are 1..999999999, decimal, without leading zeros.
bool parseKeyId(std::string_view text, uint32_t& id);

class KeyRing {
 public:
  // Loads `path`, or creates it (mode 0600, one index key, data key 1) when it does not exist.
  // Refuses, naming the file, a file with any group/other permission, a malformed file, or
  // one without an index or a data key.
  static Result<KeyRing> loadOrCreate(const std::string& path);
  // Loads an existing file with the same checks; NotFound when it does not exist.
  static Result<KeyRing> load(const std::string& path);
  // Appends data key <highest id + 1> to `path` (atomic replace, still 0600, writers
  // serialised by "<path>.lock") and returns the ring read back from the new text.
  static Result<KeyRing> rotate(const std::string& path);
  // Parses key-file text; `origin` names it in error messages.
  static Result<KeyRing> parse(std::string_view text, std::string_view origin);

  // The data key used for encryption: the one with the highest id.
  uint32_t activeKeyId() const;
  const Key& activeDataKey() const;
  // nullptr when the ring has no data key with this id.
  const Key* dataKey(uint32_t id) const;
  std::vector<uint32_t> dataKeyIds() const;

  // Sub-keys derived from the index key with crypto_kdf, one context each.
  const Key& callerIndexKey() const;
  const Key& apiKeyHashKey() const;
  const Key& sessionTokenKey() const;

 private:
  struct State;
  explicit KeyRing(std::shared_ptr<const State> s) : s_(std::move(s)) {}
  std::shared_ptr<const State> s_;  // immutable once built: safe for concurrent readers
};

}  // namespace hk::secure

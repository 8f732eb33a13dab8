#pragma once
// Strict readers of the JSON objects inside a flow document. ParamReader reads one object:
// every getter marks its key as known, checks the value's type and range and returns it
// (nullopt when absent or bad); every problem is appended to a shared list with its JSON
// Pointer (RFC 6901). finish() reports the keys no getter asked for as unknown fields.
// StepReader is the ParamReader of one step: it also collects the step's branches (fields
// whose value names another step) and the traits the document checks need.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hk::flow {

using Json = nlohmann::json;
using Issues = std::vector<FieldIssue>;

// "/steps" + "a/b" -> "/steps/a~1b".
std::string pointerTo(const std::string& parent, std::string_view token);

enum class Need { Optional, Required };

class ParamReader {
 public:
  // `pointer`: where `object` sits in the document ("" for the root).
  ParamReader(const Json& object, std::string pointer, Issues& issues);
  ParamReader(const ParamReader&) = delete;
  ParamReader& operator=(const ParamReader&) = delete;
  virtual ~ParamReader() = default;

  bool isObject() const { return object_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string at(std::string_view key) const { return pointerTo(pointer_, key); }
  bool has(std::string_view key) const;
  Issues& issues() { return issues_; }
  void error(std::string_view key, std::string reason);

  // The raw value (marked known); "is required" when a required key is missing.
  const Json* value(std::string_view key, Need need = Need::Optional);
  // Non-empty text of at most max_bytes bytes of valid UTF-8 without control characters.
  std::optional<std::string> text(std::string_view key, size_t max_bytes,
                                  Need need = Need::Optional);
  // One of `allowed`; the reason lists them.
  std::optional<std::string> oneOf(std::string_view key,
                                   std::initializer_list<std::string_view> allowed,
                                   Need need = Need::Optional);
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max,
                                 Need need = Need::Optional);
  std::optional<double> number(std::string_view key, double min, double max,
                               Need need = Need::Optional);
  std::optional<bool> boolean(std::string_view key, Need need = Need::Optional);
  // Type checks only; the caller reads the contents.
  const Json* object(std::string_view key, Need need = Need::Optional);
  const Json* array(std::string_view key, size_t min_items, size_t max_items,
                    Need need = Need::Optional);

  // Marks keys as known without reading them (the document reader's "verb", "label").
  void known(std::initializer_list<std::string_view> keys);
  // Reports every key of the object no getter asked for. Runs once.
  void finish();

 private:
  const Json* object_;  // nullptr: not an object (reported once)
  std::string pointer_;
  Issues& issues_;
  std::vector<std::string> seen_;
  bool finished_ = false;
};

// Where a branch of a step leads: `name` is the branch ("next", "on_busy", "choices/1"),
// `target` the step id it names, `pointer` the field that names it.
struct Branch {
  std::string name;
  std::string target;
  std::string pointer;
};

class StepReader : public ParamReader {
 public:
  using ParamReader::ParamReader;

  // A field whose value is the id of another step. The document checks that it exists.
  void branch(std::string_view key, Need need = Need::Optional);
  // An object of key -> step id (gather's choices). `check_key` returns "" for a good key or
  // the reason it is not. Returns the number of entries.
  size_t branchMap(std::string_view key, size_t max_entries,
                   const std::function<std::string(const std::string&)>& check_key,
                   Need need = Need::Optional);
  bool hasBranch(std::string_view name) const;

  // A loop through this step is bounded by the caller (gather, queue).
  void waitsForCaller() { waits_ = true; }
  // The step plays to or listens to the caller: it needs the caller's leg answered (or early
  // media), which `"answer": "on_connect"` does not give.
  void usesCallerMedia() { caller_media_ = true; }

  std::vector<Branch>& branches() { return branches_; }
  bool waits() const { return waits_; }
  bool callerMedia() const { return caller_media_; }

 private:
  std::vector<Branch> branches_;
  bool waits_ = false;
  bool caller_media_ = false;
};

}  // namespace hk::flow

#pragma once
// INI-style process configuration: `[section]` headers and `key = value` lines, `#` or `;`
// comments. Every key is declared in a schema (name, type, default, help); precedence per
// key: command-line override > HANKYO_SECTION_KEY environment > file > default.
// Sections may repeat by name: the schema key "trunk.*.host" accepts [trunk.carrier1] host=...
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace hk {

struct ConfigKey {
  enum class Type { String, Int, Bool, Enum };
  std::string name;  // "section.key" or "family.*.key"
  Type type = Type::String;
  std::string def;
  std::string help;
  int64_t min = 0, max = INT64_MAX;  // Int
  std::vector<std::string> choices;  // Enum
  bool secret = false;               // masked in the start-up summary
};

class Config {
 public:
  enum class Source { Default, File, Env, Flag };

  // `file` may be empty (no file). `env` is the process environment as name -> value;
  // `overrides` come from the command line as "section.key" -> value.
  static Result<Config> load(const std::vector<ConfigKey>& schema, const std::string& file,
                             const std::map<std::string, std::string>& env,
                             const std::map<std::string, std::string>& overrides);
  static std::map<std::string, std::string> processEnv();

  const std::string& str(const std::string& key) const;
  int64_t integer(const std::string& key) const;
  bool flag(const std::string& key) const;
  Source source(const std::string& key) const;
  // Names of the instances of a repeated section family ("trunk" -> {"carrier1", ...}).
  std::vector<std::string> instances(const std::string& family) const;
  // Every effective setting, "key = value (source)", secrets masked.
  std::vector<std::string> summary() const;
  // Tests and tools may set a value after loading (validated like the file).
  Status set(const std::string& key, const std::string& value);

 private:
  struct Value {
    std::string text;
    Source source = Source::Default;
  };
  const ConfigKey* findKey(const std::string& name) const;
  std::vector<ConfigKey> schema_;
  std::map<std::string, Value> values_;
};

// Validates `value` against `key`; returns a reason on failure.
Status validateConfigValue(const ConfigKey& key, const std::string& value);

}  // namespace hk

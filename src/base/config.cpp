#include "base/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

extern char** environ;  // NOLINT

namespace hk {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// "trunk.carrier1.host" matches "trunk.*.host"
bool matches(const std::string& pattern, const std::string& name) {
  auto star = pattern.find(".*.");
  if (star == std::string::npos) return pattern == name;
  std::string head = pattern.substr(0, star + 1);
  std::string tail = pattern.substr(star + 2);
  if (name.size() <= head.size() + tail.size()) return false;
  if (name.compare(0, head.size(), head) != 0) return false;
  if (name.compare(name.size() - tail.size(), tail.size(), tail) != 0) return false;
  std::string mid = name.substr(head.size(), name.size() - head.size() - tail.size());
  return !mid.empty() && mid.find('.') == std::string::npos;
}

std::string envName(const std::string& key) {
  std::string out = "HANKYO_";
  for (char c : key) out += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

bool parseBool(const std::string& v, bool& out) {
  std::string l = v;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
  if (l == "true" || l == "yes" || l == "on" || l == "1") return out = true, true;
  if (l == "false" || l == "no" || l == "off" || l == "0") return out = false, true;
  return false;
}

const char* sourceName(Config::Source s) {
  switch (s) {
    case Config::Source::Default: return "default";
    case Config::Source::File: return "file";
    case Config::Source::Env: return "env";
    case Config::Source::Flag: return "flag";
  }
  return "default";
}

}  // namespace

Status validateConfigValue(const ConfigKey& key, const std::string& value) {
  switch (key.type) {
    case ConfigKey::Type::String: return ok();
    case ConfigKey::Type::Bool: {
      bool b;
      if (!parseBool(value, b)) return fail(Code::Invalid, "must be true or false", key.name);
      return ok();
    }
    case ConfigKey::Type::Int: {
      int64_t v = 0;
      size_t pos = 0;
      try {
        v = std::stoll(value, &pos);
      } catch (...) {
        pos = std::string::npos;
      }
      if (pos != value.size() || value.empty()) {
        return fail(Code::Invalid, fmt::format("must be an integer, got '{}'", value), key.name);
      }
      if (v < key.min || v > key.max) {
        return fail(Code::Invalid,
                    fmt::format("must be between {} and {}, got {}", key.min, key.max, v),
                    key.name);
      }
      return ok();
    }
    case ConfigKey::Type::Enum:
      if (std::find(key.choices.begin(), key.choices.end(), value) == key.choices.end()) {
        return fail(Code::Invalid,
                    fmt::format("must be one of {}, got '{}'", fmt::join(key.choices, ", "), value),
                    key.name);
      }
      return ok();
  }
  return ok();
}

const ConfigKey* Config::findKey(const std::string& name) const {
  for (const auto& k : schema_) {
    if (matches(k.name, name)) return &k;
  }
  return nullptr;
}

std::map<std::string, std::string> Config::processEnv() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

Result<Config> Config::load(const std::vector<ConfigKey>& schema, const std::string& file,
                            const std::map<std::string, std::string>& env,
                            const std::map<std::string, std::string>& overrides) {
  Config cfg;
  cfg.schema_ = schema;
  for (const auto& k : cfg.schema_) {
    if (k.name.find(".*.") == std::string::npos) {
      cfg.values_[k.name] = Value{k.def, Source::Default};
    }
  }
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return fail(Code::Invalid, fmt::format("{}: cannot open the config file", file));
    std::string line, section;
    int lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      std::string t = trim(line);
      if (t.empty() || t[0] == '#' || t[0] == ';') continue;
      if (t.front() == '[') {
        if (t.back() != ']' || t.size() < 3) {
          return fail(Code::Invalid,
                      fmt::format("{}:{}: malformed section header '{}'", file, lineno, t));
        }
        section = trim(t.substr(1, t.size() - 2));
        continue;
      }
      auto eq = t.find('=');
      if (eq == std::string::npos) {
        return fail(Code::Invalid,
                    fmt::format("{}:{}: expected 'key = value', got '{}'", file, lineno, t));
      }
      std::string key = trim(t.substr(0, eq));
      std::string value = trim(t.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      std::string full = section.empty() ? key : section + "." + key;
      const ConfigKey* k = cfg.findKey(full);
      if (!k) {
        return fail(Code::Invalid, fmt::format("{}:{}: unknown key '{}'", file, lineno, full),
                    full);
      }
      if (auto st = validateConfigValue(*k, value); !st) {
        return fail(
            Code::Invalid,
            fmt::format("{}:{}: bad value for '{}': {}", file, lineno, full, st.error().message),
            full);
      }
      cfg.values_[full] = Value{value, Source::File};
    }
  }
  // Environment: fixed keys only (repeated sections come from the file).
  for (const auto& k : cfg.schema_) {
    if (k.name.find(".*.") != std::string::npos) continue;
    auto it = env.find(envName(k.name));
    if (it == env.end()) continue;
    if (auto st = validateConfigValue(k, it->second); !st) {
      return fail(Code::Invalid,
                  fmt::format("environment {}: bad value for '{}': {}", it->first, k.name,
                              st.error().message),
                  k.name);
    }
    cfg.values_[k.name] = Value{it->second, Source::Env};
  }
  for (const auto& [name, value] : overrides) {
    const ConfigKey* k = cfg.findKey(name);
    if (!k) return fail(Code::Invalid, fmt::format("--set: unknown key '{}'", name), name);
    if (auto st = validateConfigValue(*k, value); !st) {
      return fail(Code::Invalid,
                  fmt::format("--set: bad value for '{}': {}", name, st.error().message), name);
    }
    cfg.values_[name] = Value{value, Source::Flag};
  }
  // Fill defaults of repeated sections that appeared.
  for (const auto& k : cfg.schema_) {
    auto star = k.name.find(".*.");
    if (star == std::string::npos) continue;
    std::string family = k.name.substr(0, star);
    for (const auto& inst : cfg.instances(family)) {
      std::string full = family + "." + inst + k.name.substr(star + 2);
      if (!cfg.values_.count(full)) cfg.values_[full] = Value{k.def, Source::Default};
    }
  }
  return cfg;
}

Status Config::set(const std::string& key, const std::string& value) {
  const ConfigKey* k = findKey(key);
  if (!k) return fail(Code::Invalid, fmt::format("unknown key '{}'", key), key);
  if (auto st = validateConfigValue(*k, value); !st) return st;
  values_[key] = Value{value, Source::Flag};
  return ok();
}

const std::string& Config::str(const std::string& key) const {
  static const std::string empty;
  auto it = values_.find(key);
  return it == values_.end() ? empty : it->second.text;
}

int64_t Config::integer(const std::string& key) const {
  const auto& s = str(key);
  return s.empty() ? 0 : std::stoll(s);
}

bool Config::flag(const std::string& key) const {
  bool b = false;
  parseBool(str(key), b);
  return b;
}

Config::Source Config::source(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? Source::Default : it->second.source;
}

std::vector<std::string> Config::instances(const std::string& family) const {
  std::vector<std::string> out;
  std::string prefix = family + ".";
  for (const auto& [name, v] : values_) {
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    auto rest = name.substr(prefix.size());
    auto dot = rest.find('.');
    if (dot == std::string::npos) continue;
    auto inst = rest.substr(0, dot);
    if (std::find(out.begin(), out.end(), inst) == out.end()) out.push_back(inst);
  }
  return out;
}

std::vector<std::string> Config::summary() const {
  std::vector<std::string> out;
  for (const auto& [name, v] : values_) {
    const ConfigKey* k = findKey(name);
    bool secret = k && k->secret && !v.text.empty();
    out.push_back(
        fmt::format("{} = {} ({})", name, secret ? "****" : v.text, sourceName(v.source)));
  }
  return out;
}

}  // namespace hk

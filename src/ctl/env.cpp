#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <iostream>

#include "ctl/ctl.hpp"

namespace hk::ctl {

Result<Env> openEnv(const Config& cfg) {
  Env env{cfg, std::nullopt, nullptr};
  const std::string& key_file = cfg.str("crypto.key_file");
  std::error_code ec;
  auto parent = std::filesystem::path(key_file).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto keys = secure::KeyRing::loadOrCreate(key_file);
  if (!keys) return keys.error();
  env.keys.emplace(std::move(*keys));
  const std::string& url = cfg.str("store.url");
  if (url.rfind("sqlite:", 0) == 0 && url != "sqlite::memory:") {
    auto dir = std::filesystem::path(url.substr(7)).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  }
  auto st = store::Store::open(url, SystemClock::instance());
  if (!st) return Error{st.error().code, fmt::format("store {}: {}", url, st.error().message)};
  env.store = std::move(*st);
  return env;
}

namespace {
bool asId(const std::string& s, domain::Id& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out > 0;
}
}  // namespace

Result<domain::Id> operatorId(store::Tx& tx, const std::string& name_or_id) {
  domain::Id id;
  if (asId(name_or_id, id)) {
    if (auto o = tx.operators().get(id); !o) return o.error();
    return id;
  }
  auto o = tx.operators().findByName(name_or_id);
  if (!o) return fail(Code::NotFound, fmt::format("no operator named '{}'", name_or_id));
  return o->id;
}

Result<domain::Id> advertiserId(store::Tx& tx, domain::Id operator_id,
                                const std::string& name_or_id) {
  domain::Id id;
  if (asId(name_or_id, id)) {
    auto a = tx.advertisers().get(id);
    if (!a || a->operator_id != operator_id) {
      return fail(Code::NotFound, fmt::format("no advertiser {} in this operator", id));
    }
    return id;
  }
  auto a = tx.advertisers().findByName(operator_id, name_or_id);
  if (!a) return fail(Code::NotFound, fmt::format("no advertiser named '{}'", name_or_id));
  return a->id;
}

int report(const Error& e) {
  std::cerr << "hankyoctl: " << e.message << "\n";
  for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.reason << "\n";
  return e.code == Code::Invalid ? 2 : 1;
}

}  // namespace hk::ctl

#pragma once
// hankyoctl: administration from the shell, on the store directly (same config file as
// hankyod) or through a running hankyod's API (--api URL --key KEY).
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/config.hpp"
#include "secure/keyfile.hpp"
#include "store/store.hpp"

namespace hk::ctl {

// The store and key ring named by the config, opened for one command.
struct Env {
  Config cfg;
  std::optional<secure::KeyRing> keys;
  std::unique_ptr<store::Store> store;
};
Result<Env> openEnv(const Config& cfg);

// Resolves "--operator" / "--advertiser" given as a numeric id or a name.
Result<domain::Id> operatorId(store::Tx& tx, const std::string& name_or_id);
Result<domain::Id> advertiserId(store::Tx& tx, domain::Id operator_id,
                                const std::string& name_or_id);

// A JSON request to a running hankyod. Returns the status and the parsed body.
struct ApiReply {
  long status = 0;
  nlohmann::json body;
};
Result<ApiReply> apiCall(const std::string& base_url, const std::string& key,
                         const std::string& method, const std::string& path,
                         const std::string& body = {});

// Prints an API or service error the way every command does, returns the exit code.
int report(const Error& e);

}  // namespace hk::ctl

#include "ctl/commands.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/config_schema.hpp"
#include "base/ids.hpp"
#include "ctl/ctl.hpp"
#include "domain/enum_names.hpp"
#include "secure/password.hpp"
#include "service/apply.hpp"
#include "service/people.hpp"
#include "service/shapes.hpp"
#include "service/tenants.hpp"

namespace hk::ctl {

namespace {

Result<Config> loadConfig(const Globals& g) {
  std::map<std::string, std::string> overrides;
  for (const auto& s : g.sets) {
    auto eq = s.find('=');
    if (eq == std::string::npos) return fail(Code::Invalid, "--set takes section.key=value");
    overrides[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return Config::load(app::configSchema(), g.config_file, Config::processEnv(), overrides);
}

// Runs `fn` with the store opened from the config; sets the exit code.
template <class F>
void withStore(Globals& g, F fn) {
  auto cfg = loadConfig(g);
  if (!cfg) {
    g.exit_code = report(cfg.error());
    return;
  }
  auto env = openEnv(*cfg);
  if (!env) {
    g.exit_code = report(env.error());
    return;
  }
  Status st = fn(*env);
  if (!st) g.exit_code = report(st.error());
}

std::string apiKeyOf(const Globals& g) {
  if (!g.api_key.empty()) return g.api_key;
  const char* k = std::getenv("HANKYO_API_KEY");
  return k ? k : "";
}

// A password for a new admin when none was given: 24 hex characters (96 bits).
std::string generatedPassword() { return randomHex(12); }

Status createOperator(Env& env, const std::string& name, const std::string& tz,
                      const std::string& login, std::string password) {
  auto tx = env.store->begin(true);
  if (!tx) return tx.error();
  auto sys = service::systemPrincipal();
  service::Tenants tenants(SystemClock::instance());
  service::People people(SystemClock::instance(), *env.keys);
  domain::Operator o;
  o.name = name;
  o.timezone = tz;
  auto op = tenants.createOperator(**tx, sys, o);
  if (!op) return op.error();
  bool generated = password.empty();
  if (generated) password = generatedPassword();
  domain::User u;
  u.login = login;
  u.display_name = "Administrator";
  u.role = domain::Role::OperatorAdmin;
  u.operator_id = op->id;
  auto user = people.createUser(**tx, sys, u, password);
  if (!user) return user.error();
  domain::ApiKey k;
  k.name = "created by hankyoctl";
  k.role = domain::Role::OperatorAdmin;
  k.operator_id = op->id;
  auto key = people.createKey(**tx, sys, k);
  if (!key) return key.error();
  if (auto st = (*tx)->commit(); !st) return st;
  std::cout << fmt::format("operator {} \"{}\" created\n", op->id, op->name);
  std::cout << fmt::format("admin user {} login {}{}\n", user->id, login,
                           generated ? " password " + password : "");
  std::cout << fmt::format("API key (shown once, keep it): {}\n", key->key);
  return ok();
}

Status createKey(Env& env, const std::string& name, const std::string& role_s,
                 const std::string& op_s, const std::string& adv_s) {
  domain::Role role;
  if (!domain::parse(role_s, role)) {
    return fail(Code::Invalid, fmt::format("unknown role '{}'", role_s), "--role");
  }
  auto tx = env.store->begin(true);
  if (!tx) return tx.error();
  domain::ApiKey k;
  k.name = name;
  k.role = role;
  if (!op_s.empty()) {
    auto op = operatorId(**tx, op_s);
    if (!op) return op.error();
    k.operator_id = *op;
    if (!adv_s.empty()) {
      auto adv = advertiserId(**tx, *op, adv_s);
      if (!adv) return adv.error();
      k.advertiser_id = *adv;
    }
  }
  service::People people(SystemClock::instance(), *env.keys);
  auto key = people.createKey(**tx, service::systemPrincipal(), k);
  if (!key) return key.error();
  if (auto st = (*tx)->commit(); !st) return st;
  std::cout << fmt::format("API key {} (prefix {}) created. Shown once, keep it:\n{}\n",
                           key->row.id, key->row.prefix, key->key);
  return ok();
}

Status createUser(Env& env, const std::string& login, const std::string& password,
                  const std::string& role_s, const std::string& op_s, const std::string& adv_s) {
  domain::User u;
  u.login = login;
  u.display_name = login;
  if (!domain::parse(role_s, u.role)) {
    return fail(Code::Invalid, fmt::format("unknown role '{}'", role_s), "--role");
  }
  auto tx = env.store->begin(true);
  if (!tx) return tx.error();
  if (!op_s.empty()) {
    auto op = operatorId(**tx, op_s);
    if (!op) return op.error();
    u.operator_id = *op;
    if (!adv_s.empty()) {
      auto adv = advertiserId(**tx, *op, adv_s);
      if (!adv) return adv.error();
      u.advertiser_id = *adv;
    }
  }
  service::People people(SystemClock::instance(), *env.keys);
  auto user = people.createUser(**tx, service::systemPrincipal(), u, password);
  if (!user) return user.error();
  if (auto st = (*tx)->commit(); !st) return st;
  std::cout << fmt::format("user {} ({}) created\n", user->id, user->login);
  return ok();
}

Status listKeys(Env& env) {
  auto tx = env.store->begin(false);
  if (!tx) return tx.error();
  service::People people(SystemClock::instance(), *env.keys);
  auto keys = people.listKeys(**tx, service::systemPrincipal(), {1, 100000, "id", false});
  if (!keys) return keys.error();
  std::cout << fmt::format("{:>5}  {:<10} {:<16} {:>8} {:>10}  {:<24} {}\n", "id", "prefix", "role",
                           "operator", "advertiser", "state", "name");
  for (const auto& k : keys->items) {
    std::cout << fmt::format("{:>5}  {:<10} {:<16} {:>8} {:>10}  {:<24} {}\n", k.id, k.prefix,
                             domain::name(k.role), k.operator_id, k.advertiser_id.value_or(0),
                             k.revoked_at ? "revoked " + formatUtc(*k.revoked_at) : "active",
                             k.name);
  }
  return ok();
}

Status revokeKey(Env& env, domain::Id id) {
  auto tx = env.store->begin(true);
  if (!tx) return tx.error();
  service::People people(SystemClock::instance(), *env.keys);
  if (auto st = people.revokeKey(**tx, service::systemPrincipal(), id); !st) return st;
  if (auto st = (*tx)->commit(); !st) return st;
  std::cout << fmt::format("API key {} revoked\n", id);
  return ok();
}

Result<nlohmann::json> readJsonFile(const std::string& path) {
  std::ifstream in(path == "-" ? "/dev/stdin" : path);
  if (!in) return fail(Code::Invalid, fmt::format("cannot read {}", path));
  std::stringstream ss;
  ss << in.rdbuf();
  auto doc = nlohmann::json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded()) return fail(Code::Invalid, fmt::format("{}: not valid JSON", path));
  return doc;
}

void printReport(const nlohmann::json& rep) {
  std::cout << fmt::format("created {}, updated {}, unchanged {}\n", rep.value("created", 0),
                           rep.value("updated", 0), rep.value("unchanged", 0));
}

Status applyFile(Env& env, const std::string& path) {
  auto doc = readJsonFile(path);
  if (!doc) return doc.error();
  auto tx = env.store->begin(true);
  if (!tx) return tx.error();
  auto rep =
      service::applyDocument(**tx, service::systemPrincipal(), SystemClock::instance(), *doc);
  if (!rep) return rep.error();
  if (!rep->errors.empty()) {
    Error e = service::invalidFields(rep->errors);
    e.message = fmt::format("{}: {} invalid entries, nothing applied", path, rep->errors.size());
    return e;
  }
  if (auto st = (*tx)->commit(); !st) return st;
  printReport(rep->toJson());
  return ok();
}

Status apiApply(const Globals& g, const std::string& path) {
  auto doc = readJsonFile(path);
  if (!doc) return doc.error();
  auto reply = apiCall(g.api_url, apiKeyOf(g), "POST", "/api/v1/apply", doc->dump());
  if (!reply) return reply.error();
  if (reply->status != 200) {
    Error e{Code::Invalid, fmt::format("{}: HTTP {}: {}", path, reply->status,
                                       reply->body.is_object() ? reply->body.value("detail", "")
                                                               : reply->body.dump())};
    if (reply->body.is_object() && reply->body.contains("errors")) {
      for (const auto& f : reply->body["errors"]) {
        e.fields.push_back({f.value("field", ""), f.value("reason", "")});
      }
    }
    return e;
  }
  printReport(reply->body);
  return ok();
}

}  // namespace

void addCommands(CLI::App& cli, Globals& g) {
  auto* op = cli.add_subcommand("operator", "operators")->require_subcommand(1);
  auto* op_create =
      op->add_subcommand("create", "create an operator, its first admin and an API key");
  static std::string name, tz = "Asia/Tokyo", login, password;
  op_create->add_option("name", name, "operator name")->required();
  op_create->add_option("--timezone", tz, "IANA time zone");
  op_create->add_option("--admin-login", login, "login of the first admin user")->required();
  op_create->add_option("--admin-password", password, "its password (generated when omitted)");
  op_create->callback([&g] {
    withStore(g, [](Env& env) { return createOperator(env, name, tz, login, password); });
  });

  auto* user = cli.add_subcommand("user", "users")->require_subcommand(1);
  auto* user_create = user->add_subcommand("create", "create a user who logs in to the API/UI");
  static std::string u_login, u_password, u_role = "operator_staff", u_op, u_adv;
  user_create->add_option("--login", u_login, "login (e-mail)")->required();
  user_create->add_option("--password", u_password, "password (10+ characters)")->required();
  user_create->add_option("--role", u_role,
                          "system_admin, operator_admin, operator_staff or advertiser_user");
  user_create->add_option("--operator", u_op, "operator name or id");
  user_create->add_option("--advertiser", u_adv, "advertiser name or id (advertiser_user)");
  user_create->callback([&g] {
    withStore(g,
              [](Env& env) { return createUser(env, u_login, u_password, u_role, u_op, u_adv); });
  });

  auto* key = cli.add_subcommand("key", "API keys")->require_subcommand(1);
  auto* key_create = key->add_subcommand("create", "create an API key (printed once)");
  static std::string key_name = "hankyoctl", role = "operator_admin", op_s, adv_s;
  key_create->add_option("--name", key_name, "what the key is for");
  key_create->add_option("--role", role,
                         "system_admin, operator_admin, operator_staff or advertiser_user");
  key_create->add_option("--operator", op_s, "operator name or id");
  key_create->add_option("--advertiser", adv_s, "advertiser name or id (advertiser_user)");
  key_create->callback(
      [&g] { withStore(g, [](Env& env) { return createKey(env, key_name, role, op_s, adv_s); }); });
  key->add_subcommand("list", "list API keys")->callback([&g] { withStore(g, listKeys); });
  auto* key_revoke = key->add_subcommand("revoke", "revoke an API key");
  static domain::Id revoke_id = 0;
  key_revoke->add_option("id", revoke_id, "key id")->required();
  key_revoke->callback([&g] { withStore(g, [](Env& env) { return revokeKey(env, revoke_id); }); });

  auto* apply = cli.add_subcommand(
      "apply", "create or update operators, advertisers and numbers from a JSON document");
  static std::string apply_file;
  apply->add_option("file", apply_file, "the document ('-': standard input)")->required();
  apply->callback([&g] {
    if (!g.api_url.empty()) {
      if (auto st = apiApply(g, apply_file); !st) g.exit_code = report(st.error());
      return;
    }
    withStore(g, [](Env& env) { return applyFile(env, apply_file); });
  });

  auto* exp = cli.add_subcommand("export", "write the set-up as a JSON document apply takes");
  exp->callback([&g] {
    if (!g.api_url.empty()) {
      auto reply = apiCall(g.api_url, apiKeyOf(g), "GET", "/api/v1/export");
      if (!reply) {
        g.exit_code = report(reply.error());
      } else if (reply->status != 200) {
        g.exit_code = report(Error{Code::Unavailable,
                                   fmt::format("HTTP {}: {}", reply->status, reply->body.dump())});
      } else {
        std::cout << reply->body.dump(2) << "\n";
      }
      return;
    }
    withStore(g, [](Env& env) -> Status {
      auto tx = env.store->begin(false);
      if (!tx) return tx.error();
      auto doc = service::exportDocument(**tx, service::systemPrincipal(), SystemClock::instance());
      if (!doc) return doc.error();
      std::cout << doc->dump(2) << "\n";
      return ok();
    });
  });

  auto* crypto = cli.add_subcommand("crypto", "the key file")->require_subcommand(1);
  crypto->add_subcommand("rotate-key", "add a new data key; new caller numbers use it")
      ->callback([&g] {
        auto cfg = loadConfig(g);
        if (!cfg) {
          g.exit_code = report(cfg.error());
          return;
        }
        auto ring = secure::KeyRing::rotate(cfg->str("crypto.key_file"));
        if (!ring) {
          g.exit_code = report(ring.error());
          return;
        }
        std::cout << fmt::format("data key {} is now active; restart every node to use it\n",
                                 ring->activeKeyId());
      });
}

}  // namespace hk::ctl

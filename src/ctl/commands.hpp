#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace hk::ctl {

struct Globals {
  std::string config_file;
  std::vector<std::string> sets;
  std::string api_url;
  std::string api_key;
  int exit_code = 0;
};

// operator create, user create, key create/list/revoke, apply, export, crypto rotate-key.
void addCommands(CLI::App& cli, Globals& g);

}  // namespace hk::ctl

// hankyoctl: operators, users, API keys and set-up documents from the shell.
#include <CLI/CLI.hpp>

#include "ctl/commands.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"hankyoctl: administer a Hankyo installation"};
  cli.require_subcommand(1);
  hk::ctl::Globals g;
  cli.add_option("-c,--config", g.config_file, "hankyod's configuration file");
  cli.add_option("--set", g.sets, "override a config key: section.key=value");
  cli.add_option("--api", g.api_url,
                 "talk to a running hankyod (http://host:port) instead of the store");
  cli.add_option("--key", g.api_key, "API key for --api (or HANKYO_API_KEY)");
  hk::ctl::addCommands(cli, g);
  CLI11_PARSE(cli, argc, argv);
  return g.exit_code;
}

// hankyod: the Hankyo daemon. Thin: parses the command line, loads the configuration and
// hands everything to app::Server.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "app/config_schema.hpp"
#include "app/server.hpp"
#include "base/log.hpp"

namespace {

int waitForSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"hankyod: call tracking and IVR (SIP B2BUA, call log, REST API)"};
  std::string config_file;
  std::vector<std::string> sets;
  bool check = false, start_and_exit = false, version = false, print_routes = false;
  cli.add_option("-c,--config", config_file,
                 "configuration file (INI, see etc/hankyo.conf.sample)");
  cli.add_option("--set", sets, "override a key: --set section.key=value (repeatable)");
  cli.add_flag("--check-config", check, "validate the configuration, print it and exit");
  cli.add_flag("--start-and-exit", start_and_exit,
               "start everything, then stop at once (start-up benchmarks)");
  cli.add_flag("--print-routes", print_routes,
               "print every HTTP route (method and pattern, one per line) and exit");
  cli.add_flag("--version", version, "print the version and exit");
  CLI11_PARSE(cli, argc, argv);
  if (version) {
    std::cout << "hankyod " << HK_VERSION << "\n";
    return 0;
  }

  std::map<std::string, std::string> overrides;
  for (const auto& s : sets) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "hankyod: --set takes section.key=value, got '" << s << "'\n";
      return 2;
    }
    overrides[s.substr(0, eq)] = s.substr(eq + 1);
  }
  auto cfg =
      hk::Config::load(hk::app::configSchema(), config_file, hk::Config::processEnv(), overrides);
  if (!cfg) {
    std::cerr << "hankyod: " << cfg.error().message << "\n";
    return 2;
  }
  if (check) {
    for (const auto& line : cfg->summary()) std::cout << line << "\n";
    std::cout << "configuration ok\n";
    return 0;
  }

  // Block the signals before any thread starts so that only sigwait() sees them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto server = hk::app::Server::create(*cfg, hk::SystemClock::instance());
  if (!server) {
    std::cerr << "hankyod: " << server.error().message << "\n";
    return 1;
  }
  if (print_routes) {
    for (const auto& r : (*server)->routes()) std::cout << r << "\n";
    return 0;
  }
  auto started = (*server)->start();
  if (!started) {
    std::cerr << "hankyod: " << started.error().message << "\n";
    return 1;
  }
  std::printf("hankyod ready: http://%s\n", (*server)->httpAddress().c_str());
  std::fflush(stdout);
  if (!start_and_exit) {
    int sig = waitForSignal();
    auto lg = hk::log::get("app");
    HK_LOG_INFO(lg, "signal {} received, stopping", sig);
  }
  (*server)->stop();
  return 0;
}

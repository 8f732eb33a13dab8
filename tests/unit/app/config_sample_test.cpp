#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "app/config_schema.hpp"

namespace hk::app {
namespace {

std::string samplePath() {
  const char* src = std::getenv("HK_SOURCE_DIR");
  return std::string(src ? src : ".") + "/etc/hankyo.conf.sample";
}

// The sample must list every key with its default, and nothing else: it is the reference
// an operator copies.
TEST(ConfigSample, ListsEveryKeyWithItsDefault) {
  auto cfg = Config::load(configSchema(), samplePath(), {}, {});
  ASSERT_TRUE(cfg) << cfg.error().message;
  std::set<std::string> in_file;
  for (const auto& k : configSchema()) {
    if (k.name.find(".*.") != std::string::npos) continue;
    EXPECT_EQ(cfg->source(k.name), Config::Source::File) << k.name << " missing from the sample";
    EXPECT_EQ(cfg->str(k.name), k.def) << k.name << ": the sample's value is not the default";
  }
}

TEST(ConfigSample, DefaultsAreValid) {
  for (const auto& k : configSchema()) {
    EXPECT_TRUE(validateConfigValue(k, k.def)) << k.name;
  }
}

}  // namespace
}  // namespace hk::app

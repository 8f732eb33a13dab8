#include "base/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace hk {
namespace {

std::vector<ConfigKey> schema() {
  return {
      {"http.listen", ConfigKey::Type::String, "127.0.0.1:8080", "API address"},
      {"http.threads", ConfigKey::Type::Int, "2", "HTTP threads", 1, 64},
      {"log.level", ConfigKey::Type::Enum, "info", "level", 0, 0, {"debug", "info", "warn"}},
      {"store.fsync", ConfigKey::Type::Bool, "false", "full sync"},
      {"crypto.key_file", ConfigKey::Type::String, "", "key", 0, 0, {}, true},
      {"trunk.*.host", ConfigKey::Type::String, "", "trunk host"},
      {"trunk.*.port", ConfigKey::Type::Int, "5060", "trunk port", 1, 65535},
  };
}

class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char tmpl[] = "/tmp/hkcfgXXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    path_ = tmpl;
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(Config, DefaultsWhenNothingGiven) {
  auto cfg = Config::load(schema(), "", {}, {});
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->str("http.listen"), "127.0.0.1:8080");
  EXPECT_EQ(cfg->integer("http.threads"), 2);
  EXPECT_FALSE(cfg->flag("store.fsync"));
  EXPECT_EQ(cfg->source("http.listen"), Config::Source::Default);
}

TEST(Config, PrecedenceFlagOverEnvOverFile) {
  TempFile f("[http]\nlisten = 0.0.0.0:9000\nthreads = 4\n[log]\nlevel = warn\n");
  std::map<std::string, std::string> env{{"HANKYO_HTTP_THREADS", "8"},
                                         {"HANKYO_LOG_LEVEL", "debug"}};
  std::map<std::string, std::string> flags{{"log.level", "info"}};
  auto cfg = Config::load(schema(), f.path(), env, flags);
  ASSERT_TRUE(cfg) << cfg.error().message;
  EXPECT_EQ(cfg->str("http.listen"), "0.0.0.0:9000");
  EXPECT_EQ(cfg->source("http.listen"), Config::Source::File);
  EXPECT_EQ(cfg->integer("http.threads"), 8);
  EXPECT_EQ(cfg->source("http.threads"), Config::Source::Env);
  EXPECT_EQ(cfg->str("log.level"), "info");
  EXPECT_EQ(cfg->source("log.level"), Config::Source::Flag);
}

TEST(Config, UnknownKeyNamesKeyAndLine) {
  TempFile f("# comment\n[http]\nlisten = x\nlisen = y\n");
  auto cfg = Config::load(schema(), f.path(), {}, {});
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().message.find(":4: unknown key 'http.lisen'"), std::string::npos)
      << cfg.error().message;
}

TEST(Config, BadValueNamesKeyLineAndReason) {
  TempFile f("[http]\nthreads = many\n");
  auto cfg = Config::load(schema(), f.path(), {}, {});
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().message.find(":2: bad value for 'http.threads'"), std::string::npos);
  EXPECT_NE(cfg.error().message.find("integer"), std::string::npos);
  TempFile g("[http]\nthreads = 100\n");
  auto cfg2 = Config::load(schema(), g.path(), {}, {});
  ASSERT_FALSE(cfg2);
  EXPECT_NE(cfg2.error().message.find("between 1 and 64"), std::string::npos);
}

TEST(Config, BadEnumAndBool) {
  EXPECT_FALSE(Config::load(schema(), "", {{"HANKYO_LOG_LEVEL", "loud"}}, {}));
  EXPECT_FALSE(Config::load(schema(), "", {}, {{"store.fsync", "maybe"}}));
  EXPECT_TRUE(Config::load(schema(), "", {}, {{"store.fsync", "yes"}}));
}

TEST(Config, MissingFileIsAnError) {
  auto cfg = Config::load(schema(), "/nonexistent/hankyo.conf", {}, {});
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().message.find("cannot open"), std::string::npos);
}

TEST(Config, MalformedLines) {
  TempFile f("[http\n");
  EXPECT_FALSE(Config::load(schema(), f.path(), {}, {}));
  TempFile g("[http]\njust words\n");
  auto cfg = Config::load(schema(), g.path(), {}, {});
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().message.find(":2:"), std::string::npos);
}

TEST(Config, RepeatedSections) {
  TempFile f(
      "[trunk.carrier1]\nhost = 10.0.0.1\n[trunk.carrier2]\nhost = b.example\nport = 5080\n");
  auto cfg = Config::load(schema(), f.path(), {}, {});
  ASSERT_TRUE(cfg) << cfg.error().message;
  auto inst = cfg->instances("trunk");
  ASSERT_EQ(inst.size(), 2u);
  EXPECT_EQ(cfg->str("trunk.carrier1.host"), "10.0.0.1");
  EXPECT_EQ(cfg->integer("trunk.carrier1.port"), 5060);
  EXPECT_EQ(cfg->integer("trunk.carrier2.port"), 5080);
}

TEST(Config, SummaryMasksSecrets) {
  auto cfg = Config::load(schema(), "", {}, {{"crypto.key_file", "/secret/path"}});
  ASSERT_TRUE(cfg);
  bool seen = false;
  for (const auto& line : cfg->summary()) {
    EXPECT_EQ(line.find("/secret/path"), std::string::npos);
    if (line.rfind("crypto.key_file = ****", 0) == 0) seen = true;
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace hk

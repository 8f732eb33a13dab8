// hankyod opens one prompt store for the API and the calls: a prompt uploaded over HTTP is
// in the cache the calls play from, without the file being read again.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numbers>

#include "../api/test_http_client.hpp"
#include "app/config_schema.hpp"
#include "app/server.hpp"
#include "media/prompt_store.hpp"
#include "secure/keyfile.hpp"
#include "service/people.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

namespace hk::app {
namespace {

namespace fs = std::filesystem;

// 0.5 s of 8 kHz mono 16-bit WAV: a tone.
std::string toneWav() {
  constexpr uint32_t kRate = 8000;
  constexpr uint32_t kSamples = kRate / 2;
  std::string out;
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  auto u16 = [&](uint16_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>(v >> 8));
  };
  out += "RIFF";
  u32(36 + kSamples * 2);
  out += "WAVEfmt ";
  u32(16);
  u16(1);
  u16(1);
  u32(kRate);
  u32(kRate * 2);
  u16(2);
  u16(16);
  out += "data";
  u32(kSamples * 2);
  for (uint32_t i = 0; i < kSamples; ++i) {
    double v = 8000 * std::sin(2 * std::numbers::pi * 440.0 * i / kRate);
    u16(static_cast<uint16_t>(static_cast<int16_t>(v)));
  }
  return out;
}

class ServerPromptsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = dir_.path();
    std::map<std::string, std::string> o{{"store.url", "sqlite:" + (d / "hankyo.db").string()},
                                         {"calllog.journal", (d / "calllog.journal").string()},
                                         {"crypto.key_file", (d / "hankyo.key").string()},
                                         {"http.listen", "127.0.0.1:0"},
                                         {"sip.udp_listen", "127.0.0.1:0"},
                                         {"media.dir", (d / "media").string()},
                                         {"log.level", "warn"}};
    auto cfg = Config::load(configSchema(), "", {}, o);
    ASSERT_TRUE(cfg) << cfg.error().message;
    auto s = Server::create(*cfg, SystemClock::instance());
    ASSERT_TRUE(s) << s.error().message;
    server_ = std::move(*s);
    ASSERT_TRUE(server_->start());
    auto addr = server_->httpAddress();
    port_ = static_cast<uint16_t>(std::stoi(addr.substr(addr.rfind(':') + 1)));
    // An operator admin's API key, made as hankyoctl does.
    auto keys = secure::KeyRing::loadOrCreate((d / "hankyo.key").string());
    ASSERT_TRUE(keys);
    auto tx = server_->store().begin(true);
    ASSERT_TRUE(tx);
    domain::Operator op;
    op.name = "X";
    auto row = (*tx)->operators().insert(op);
    ASSERT_TRUE(row) << row.error().message;
    domain::ApiKey k;
    k.name = "test";
    k.role = domain::Role::OperatorAdmin;
    k.operator_id = row->id;
    service::People people(SystemClock::instance(), *keys);
    auto key = people.createKey(**tx, service::systemPrincipal(), k);
    ASSERT_TRUE(key) << key.error().message;
    ASSERT_TRUE((*tx)->commit());
    key_ = key->key;
  }

  hk::test::TempDir dir_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::string key_;
};

TEST_F(ServerPromptsTest, AnUploadedPromptIsPlayedFromTheCacheTheApiFilled) {
  media::PromptStore* store = server_->prompts();
  ASSERT_NE(store, nullptr);
  api::test::HttpClient http(port_);
  auto r = http.request("POST", "/api/v1/prompts?name=Welcome", toneWav(),
                        {{"Authorization", "Bearer " + key_}, {"Content-Type", "audio/wav"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  EXPECT_EQ(store->cachedCountForTest(), 1u);

  // Spoil the file in place and give it back its inode, size and modification time: only a
  // player that reads the file again would notice.
  fs::path file = server_->prompts()->pathFor(id);
  auto mtime = fs::last_write_time(file);
  auto size = fs::file_size(file);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    std::string zeros(size, '\0');
    f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  fs::last_write_time(file, mtime);
  auto played = store->load(id);
  ASSERT_TRUE(played) << played.error().message;
  EXPECT_EQ((*played)->size(), 4000u);
  // A second store (as hankyod had before: one per side) reads the file itself.
  media::PromptStoreOptions po;
  po.media_dir = dir_.path() / "media";
  auto other = media::PromptStore::open(po);
  ASSERT_TRUE(other);
  EXPECT_FALSE((*other)->load(id));

  // A prompt deleted through the API is gone for the calls too.
  r = http.request("DELETE", "/api/v1/prompts/" + id, {}, {{"Authorization", "Bearer " + key_}});
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(store->cachedCountForTest(), 0u);
  auto gone = store->load(id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, Code::NotFound);
}

}  // namespace
}  // namespace hk::app

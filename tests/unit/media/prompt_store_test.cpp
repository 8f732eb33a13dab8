#include "media/prompt_store.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <numbers>
#include <random>
#include <set>
#include <thread>

#include "media/goertzel.hpp"
#include "support/temp_dir.hpp"

namespace hk::media {
namespace {

namespace fs = std::filesystem;

using test::TempDir;  // each test's own folder

// A 16-bit WAV upload at `rate` with a tone, as a browser would send it.
std::vector<uint8_t> wavUpload(int rate, double seconds, double hz = 440.0) {
  TempDir dir;
  auto path = dir.path() / "up.wav";
  SF_INFO info{0, rate, 1, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 0, 0};
  SNDFILE* snd = sf_open(path.c_str(), SFM_WRITE, &info);
  EXPECT_NE(snd, nullptr);
  if (!snd) return {};
  std::vector<double> v(static_cast<size_t>(rate * seconds));
  for (size_t i = 0; i < v.size(); ++i) {
    v[i] = 0.5 * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate);
  }
  sf_write_double(snd, v.data(), static_cast<sf_count_t>(v.size()));
  sf_close(snd);
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> filesUnder(const fs::path& root) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), root).string());
  }
  return out;
}

Pcm8k seconds8k(double s, int16_t value) {
  Pcm8k p;
  p.samples.assign(static_cast<size_t>(s * kPcmRate), value);
  return p;
}

class PromptStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<PromptStore> open(size_t cache_bytes = 64u << 20) {
    PromptStoreOptions o;
    o.media_dir = dir_.path();
    o.cache_bytes = cache_bytes;
    auto s = PromptStore::open(o);
    EXPECT_TRUE(s) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  TempDir dir_;
};

TEST_F(PromptStoreTest, SavesAnUploadAs8kWavUnderANewId) {
  auto store = open();
  auto ref = store->saveUpload(wavUpload(16000, 1.5), "ご案内 1");
  ASSERT_TRUE(ref) << ref.error().message;
  EXPECT_TRUE(PromptStore::isPromptId(ref->id));
  EXPECT_EQ(ref->name, "ご案内 1");
  EXPECT_NEAR(static_cast<double>(ref->duration_ms), 1500.0, 20.0);
  auto file = dir_.path() / "prompts" / (ref->id + ".wav");
  EXPECT_EQ(store->pathFor(ref->id), file);
  auto disk = readWav8k(file);
  ASSERT_TRUE(disk);
  EXPECT_EQ(disk->samples.size(), ref->samples);
  EXPECT_GT(goertzelPower(disk->samples, 440.0), 0.15);

  auto loaded = store->load(ref->id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(**loaded, disk->samples);
}

TEST_F(PromptStoreTest, IdsAreFreshEachTime) {
  auto store = open();
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.insert(store->savePcm(seconds8k(0.1, 1), "same name")->id);
  EXPECT_EQ(ids.size(), 20u);
}

TEST_F(PromptStoreTest, RefusedUploadsStoreNothing) {
  PromptStoreOptions o;
  o.media_dir = dir_.path();
  o.limits.max_bytes = 64 * 1024;
  auto opened = PromptStore::open(o);
  ASSERT_TRUE(opened);
  auto store = std::move(*opened);
  std::mt19937 rng(99);
  for (int i = 0; i < 50; ++i) {
    std::vector<uint8_t> junk(rng() % 2000);
    for (auto& b : junk) b = static_cast<uint8_t>(rng());
    auto r = store->saveUpload(junk, "junk");
    EXPECT_FALSE(r);
  }
  auto big = store->saveUpload(wavUpload(16000, 3.0), "big");  // 96 KB
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, Code::TooLarge);
  for (std::string_view bad : {std::string_view(""), std::string_view("a\nb"),
                               std::string_view("\xFF\xFE"), std::string_view("x\0y", 3)}) {
    auto r = store->saveUpload(wavUpload(8000, 0.5), bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "name");
  }
  EXPECT_FALSE(store->saveUpload(wavUpload(8000, 0.5), std::string(201, 'n')));
  EXPECT_TRUE(filesUnder(dir_.path()).empty());
}

TEST_F(PromptStoreTest, NamesNeverBecomePaths) {
  auto store = open();
  auto ref = store->saveUpload(wavUpload(8000, 0.5), "../../escape");
  ASSERT_TRUE(ref);
  EXPECT_EQ(filesUnder(dir_.path()), std::set<std::string>{"prompts/" + ref->id + ".wav"});
}

TEST_F(PromptStoreTest, IdsFromOutsideCannotReachOtherFiles) {
  auto store = open();
  // A valid 8 kHz WAV outside the prompts folder, and one with a prompt-like name there.
  ASSERT_TRUE(writeWav8k(dir_.path() / "secret.wav", seconds8k(0.2, 5).samples));
  ASSERT_TRUE(
      writeWav8k(dir_.path() / "0123456789abcdef0123456789abcdef.wav", seconds8k(0.2, 5).samples));
  const std::string attempts[] = {
      "../secret",
      "..",
      "",
      "/etc/passwd",
      "../0123456789abcdef0123456789abcdef",
      "0123456789ABCDEF0123456789ABCDEF",
      "0123456789abcdef0123456789abcde",
      "0123456789abcdef0123456789abcdef0",
      "0123456789abcdef0123456789abcdef.wav",
      "0123456789abcdef/../../secret.wav",
      std::string("0123456789abcdef0123456789abcde\0", 32),
      "%2e%2e%2fsecret",
      "..\\secret",
  };
  for (const auto& id : attempts) {
    SCOPED_TRACE(id);
    EXPECT_FALSE(PromptStore::isPromptId(id));
    auto r = store->load(id);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Code::Invalid);
    auto rm = store->remove(id);
    ASSERT_FALSE(rm);
    EXPECT_EQ(rm.error().code, Code::Invalid);
  }
  EXPECT_TRUE(fs::exists(dir_.path() / "secret.wav"));
  EXPECT_TRUE(fs::exists(dir_.path() / "0123456789abcdef0123456789abcdef.wav"));
  // The same id, well-formed, looks only inside prompts/.
  auto r = store->load("0123456789abcdef0123456789abcdef");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::NotFound);
}

TEST_F(PromptStoreTest, RemoveDeletesButPlayersKeepTheirBuffer) {
  auto store = open();
  auto ref = store->savePcm(seconds8k(0.5, 42), "bye");
  ASSERT_TRUE(ref);
  auto playing = store->load(ref->id);
  ASSERT_TRUE(playing);
  ASSERT_TRUE(store->remove(ref->id));
  EXPECT_FALSE(fs::exists(store->pathFor(ref->id)));
  EXPECT_EQ(store->load(ref->id).error().code, Code::NotFound);
  EXPECT_EQ(store->remove(ref->id).error().code, Code::NotFound);
  EXPECT_EQ((*playing)->size(), 4000u);
  EXPECT_EQ((**playing)[3999], 42);
  EXPECT_EQ(store->cachedCountForTest(), 0u);
}

// hankyod's API and SIP side each have a store on the same folder: what the API removes
// or replaces is what the SIP side plays next, whatever its cache held.
TEST_F(PromptStoreTest, ARemoveThroughAnotherStoreIsSeenByTheNextLoad) {
  auto api = open();
  auto sip = open();
  auto ref = api->savePcm(seconds8k(0.5, 42), "closed today");
  ASSERT_TRUE(ref);
  auto playing = sip->load(ref->id);
  ASSERT_TRUE(playing);
  EXPECT_EQ(*sip->load(ref->id), *playing);  // cached: the very same buffer
  EXPECT_EQ(sip->cachedCountForTest(), 1u);
  ASSERT_TRUE(api->remove(ref->id));
  auto next = sip->load(ref->id);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, Code::NotFound);
  EXPECT_EQ(sip->cachedCountForTest(), 0u);
  EXPECT_EQ((**playing)[0], 42);  // a player already holding it finishes
}

TEST_F(PromptStoreTest, AFileReplacedOnDiskIsReadAgain) {
  auto api = open();
  auto sip = open();
  auto ref = api->savePcm(seconds8k(0.5, 1), "menu");
  ASSERT_TRUE(ref);
  auto old = sip->load(ref->id);
  ASSERT_TRUE(old);
  // Replaced under the same id (a restore, an operator copying a file in).
  ASSERT_TRUE(writeWav8k(api->pathFor(ref->id), seconds8k(1, 5).samples));
  auto now = sip->load(ref->id);
  ASSERT_TRUE(now) << now.error().message;
  EXPECT_EQ((*now)->size(), 8000u);
  EXPECT_EQ((**now)[7999], 5);
  EXPECT_EQ(*sip->load(ref->id), *now);  // and the new audio is what is cached
  EXPECT_EQ(sip->cachedCountForTest(), 1u);
  EXPECT_EQ(sip->cachedBytesForTest(), 16000u);
}

TEST_F(PromptStoreTest, LoadsAreCachedLeastRecentlyUsedFirstOut) {
  std::string a, b, c;
  {
    auto writer = open();
    a = writer->savePcm(seconds8k(1, 1), "a")->id;
    b = writer->savePcm(seconds8k(1, 2), "b")->id;
    c = writer->savePcm(seconds8k(1, 3), "c")->id;
  }
  auto store = open(2 * 16000 + 100);  // room for two 1 s prompts
  EXPECT_EQ(store->cachedCountForTest(), 0u);
  auto a1 = *store->load(a);
  EXPECT_EQ(*store->load(a), a1);  // cached: the very same buffer
  auto b1 = *store->load(b);
  EXPECT_EQ(*store->load(a), a1);  // a is now the most recent
  auto c1 = *store->load(c);       // evicts b
  EXPECT_EQ(store->cachedCountForTest(), 2u);
  EXPECT_EQ(store->cachedBytesForTest(), 2u * 16000u);
  EXPECT_EQ(*store->load(a), a1);
  EXPECT_EQ(*store->load(c), c1);
  auto b2 = *store->load(b);  // read again from disk
  EXPECT_NE(b2, b1);
  EXPECT_EQ(*b2, *b1);
}

TEST_F(PromptStoreTest, TooBigToCacheStillLoads) {
  auto store = open(1000);
  auto ref = store->savePcm(seconds8k(1, 9), "long");
  ASSERT_TRUE(ref);
  auto pcm = store->load(ref->id);
  ASSERT_TRUE(pcm);
  EXPECT_EQ((*pcm)->size(), 8000u);
  EXPECT_EQ(store->cachedCountForTest(), 0u);
}

TEST_F(PromptStoreTest, DamagedFileIsAnErrorNotACrash) {
  std::string id;
  {
    auto writer = open();
    id = writer->savePcm(seconds8k(1, 1), "x")->id;
  }
  auto path = dir_.path() / "prompts" / (id + ".wav");
  fs::resize_file(path, 100);
  auto store = open();
  auto r = store->load(id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Internal);
  EXPECT_NE(r.error().message.find(id), std::string::npos);
}

TEST_F(PromptStoreTest, ConcurrentLoadsAndRemovesStayConsistent) {
  auto store = open(3 * 1600 * 2);
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(store->savePcm(seconds8k(0.2, 7), "p")->id);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        auto r = store->load(ids[static_cast<size_t>((i + t) % 6)]);
        if (r) {
          EXPECT_EQ((*r)->size(), 1600u);
        }
      }
    });
  }
  ASSERT_TRUE(store->remove(ids[0]));
  for (auto& th : threads) th.join();
  EXPECT_LE(store->cachedBytesForTest(), 3u * 1600u * 2u);
  EXPECT_EQ(store->load(ids[0]).error().code, Code::NotFound);
}

TEST(PromptStore, OpenFailsWhenTheFolderCannotBeMade) {
  TempDir dir;
  { std::ofstream(dir.path() / "prompts") << "a file in the way"; }
  PromptStoreOptions o;
  o.media_dir = dir.path();
  auto s = PromptStore::open(o);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::Unavailable);
  EXPECT_FALSE(PromptStore::open(PromptStoreOptions{}));
}

}  // namespace
}  // namespace hk::media

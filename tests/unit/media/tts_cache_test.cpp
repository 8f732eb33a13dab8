#include "media/tts_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>
#include <optional>
#include <thread>

#include "base/ids.hpp"
#include "media/goertzel.hpp"

namespace hk::media {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("hk-ttscache-" + randomHex(6))) {}
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Counts calls; the audio's length follows the text so that results can be told apart.
class CountingSynth : public Synthesizer {
 public:
  Result<Pcm8k> synthesize(const TtsRequest& r) override {
    ++calls;
    if (fail_next) {
      fail_next = false;
      return fail(Code::Unavailable, "engine down");
    }
    Pcm8k pcm;
    pcm.samples.assign(800 + 10 * r.text.size(), 1000);
    return pcm;
  }
  std::string engineVersion(std::string_view voice) const override {
    return version + "/" + std::string(voice);
  }
  std::atomic<int> calls{0};
  bool fail_next = false;
  std::string version = "v1";
};

TtsRequest req(std::string text, std::string voice = "", double speed = 1.0) {
  return TtsRequest{std::move(text), std::move(voice), speed};
}

size_t wavFiles(const fs::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) n += e.path().extension() == ".wav";
  return n;
}

TEST(TtsCache, KeyChangesWithEachInputAndNothingElse) {
  TtsRequest base{"お電話ありがとうございます", "ja-nitech", 1.0};
  auto k = TtsCache::key(base, "e1");
  EXPECT_EQ(k.size(), 64u);
  EXPECT_EQ(k.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(TtsCache::key(TtsRequest{base}, "e1"), k);
  EXPECT_NE(TtsCache::key({"お電話ありがとうございます。", "ja-nitech", 1.0}, "e1"), k);
  EXPECT_NE(TtsCache::key({"お電話ありがとうございます", "en-kal", 1.0}, "e1"), k);
  EXPECT_NE(TtsCache::key({"お電話ありがとうございます", "ja-nitech", 1.1}, "e1"), k);
  EXPECT_NE(TtsCache::key({"お電話ありがとうございます", "ja-nitech", 1.0000001}, "e1"), k);
  EXPECT_NE(TtsCache::key(base, "e2"), k);
  // Fields do not run into each other.
  EXPECT_NE(TtsCache::key({"ab", "c", 1.0}, "e"), TtsCache::key({"a", "bc", 1.0}, "e"));
}

TEST(TtsCache, SecondRequestIsServedFromDisk) {
  TempDir dir;
  CountingSynth synth;
  TtsCache cache(dir.path(), synth);
  auto first = cache.get(req("Hello there"));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->from_disk);
  EXPECT_TRUE(fs::exists(first->path));
  EXPECT_EQ(first->path.parent_path(), dir.path());
  // Normalisation makes these the same request.
  auto second = cache.get(req("  Hello there\n", "auto"));
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->from_disk);
  EXPECT_EQ(second->key, first->key);
  EXPECT_EQ(*second->pcm, *first->pcm);
  EXPECT_EQ(synth.calls.load(), 1);

  TtsCache restarted(dir.path(), synth);  // a new process finds the file
  auto third = restarted.get(req("Hello there"));
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->from_disk);
  EXPECT_EQ(synth.calls.load(), 1);
}

TEST(TtsCache, AnyChangeMakesNewAudio) {
  TempDir dir;
  CountingSynth synth;
  TtsCache cache(dir.path(), synth);
  ASSERT_TRUE(cache.get(req("Hello")));
  ASSERT_TRUE(cache.get(req("Hello!")));
  ASSERT_TRUE(cache.get(req("Hello", "", 1.5)));
  ASSERT_TRUE(cache.get(req("Hello", "ja-nitech")));
  synth.version = "v2";  // engine upgraded
  auto upgraded = cache.get(req("Hello"));
  ASSERT_TRUE(upgraded);
  EXPECT_FALSE(upgraded->from_disk);
  EXPECT_EQ(synth.calls.load(), 5);
  EXPECT_EQ(wavFiles(dir.path()), 5u);
}

TEST(TtsCache, DamagedFileIsMadeAgain) {
  TempDir dir;
  CountingSynth synth;
  TtsCache cache(dir.path(), synth);
  auto first = cache.get(req("Hello"));
  ASSERT_TRUE(first);
  auto size = fs::file_size(first->path);

  { std::ofstream(first->path, std::ios::binary | std::ios::trunc) << "garbage, not a wav"; }
  auto again = cache.get(req("Hello"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->from_disk);
  EXPECT_EQ(synth.calls.load(), 2);
  EXPECT_EQ(*again->pcm, *first->pcm);
  EXPECT_EQ(fs::file_size(first->path), size);

  fs::resize_file(first->path, size / 2);  // truncated
  auto third = cache.get(req("Hello"));
  ASSERT_TRUE(third);
  EXPECT_FALSE(third->from_disk);
  EXPECT_EQ(synth.calls.load(), 3);
  EXPECT_TRUE(cache.get(req("Hello"))->from_disk);
}

TEST(TtsCache, FailedSynthesisIsNotCachedAndIsRetried) {
  TempDir dir;
  CountingSynth synth;
  TtsCache cache(dir.path(), synth);
  synth.fail_next = true;
  auto r = cache.get(req("Hello"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Unavailable);
  EXPECT_EQ(wavFiles(dir.path()), 0u);
  EXPECT_TRUE(cache.get(req("Hello")));
  EXPECT_EQ(synth.calls.load(), 2);
}

TEST(TtsCache, InvalidRequestNeverReachesTheEngine) {
  TempDir dir;
  CountingSynth synth;
  TtsCache cache(dir.path(), synth);
  auto r = cache.get(req("hi", "", 9.0));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "speed");
  EXPECT_FALSE(cache.get(req("")));
  EXPECT_EQ(synth.calls.load(), 0);
}

TEST(TtsCache, UnwritableFolderStillGivesAudio) {
  TempDir dir;
  fs::create_directories(dir.path());
  auto blocker = dir.path() / "cache";
  { std::ofstream(blocker) << "a file where the folder should be"; }
  CountingSynth synth;
  TtsCache cache(blocker, synth);
  auto r = cache.get(req("Hello"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->pcm->empty());
}

// Blocks in synthesize() until released, so that a second request arrives meanwhile.
class GatedSynth : public CountingSynth {
 public:
  Result<Pcm8k> synthesize(const TtsRequest& r) override {
    entered.set_value();
    gate.wait();
    return CountingSynth::synthesize(r);
  }
  std::promise<void> entered;
  std::shared_future<void> gate;
};

TEST(TtsCache, ConcurrentRequestsForOneKeySynthesiseOnce) {
  TempDir dir;
  GatedSynth synth;
  std::promise<void> release;
  synth.gate = release.get_future().share();
  auto entered = synth.entered.get_future();
  TtsCache cache(dir.path(), synth);

  std::optional<Result<TtsClip>> a, b;
  std::thread first([&] { a.emplace(cache.get(req("Same text"))); });
  entered.wait();  // the first request is inside the engine
  std::thread second([&] { b.emplace(cache.get(req("Same text"))); });
  // Until the second is waiting on the first (bounded, so a broken cache fails, not hangs).
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (cache.waitingForTest() < 1 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();
  }
  EXPECT_EQ(cache.waitingForTest(), 1u);
  release.set_value();
  first.join();
  second.join();

  ASSERT_TRUE(*a);
  ASSERT_TRUE(*b);
  EXPECT_EQ(synth.calls.load(), 1);
  EXPECT_EQ((*a)->pcm, (*b)->pcm);  // the very same buffer
  EXPECT_EQ(wavFiles(dir.path()), 1u);
}

class TtsCacheReal : public ::testing::Test {
 protected:
  bool energetic(const TtsClip& c) { return meanPower(*c.pcm) > 1e-4; }
  TempDir dir_;
  Tts tts_;
};

TEST_F(TtsCacheReal, JapaneseThroughTheCache) {
  if (!tts_.available(kVoiceJa)) GTEST_SKIP() << "open_jtalk or its voice is not installed";
  TtsCache cache(dir_.path(), tts_);
  auto clip = cache.get(req("お電話ありがとうございます"));
  ASSERT_TRUE(clip) << clip.error().message;
  EXPECT_GE(clip->pcm->size(), static_cast<size_t>(kPcmRate / 2));
  EXPECT_TRUE(energetic(*clip));
  auto disk = readWav8k(clip->path);  // stored as 8 kHz WAV
  ASSERT_TRUE(disk);
  EXPECT_EQ(disk->samples, *clip->pcm);
  EXPECT_TRUE(cache.get(req("お電話ありがとうございます"))->from_disk);
}

TEST_F(TtsCacheReal, EnglishThroughTheCache) {
  TtsCache cache(dir_.path(), tts_);
  auto clip = cache.get(req("Thank you for calling."));
  ASSERT_TRUE(clip) << clip.error().message;
  EXPECT_GE(clip->pcm->size(), static_cast<size_t>(kPcmRate / 2));
  EXPECT_TRUE(energetic(*clip));
  EXPECT_TRUE(cache.get(req("Thank you for calling."))->from_disk);
}

}  // namespace
}  // namespace hk::media

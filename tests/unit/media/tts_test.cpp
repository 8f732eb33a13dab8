#include "media/tts.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "media/detail/child_process.hpp"
#include "media/goertzel.hpp"

namespace hk::media {
namespace {

const char* kThanks = "お電話ありがとうございます";

TtsRequest req(std::string text, std::string voice = "", double speed = 1.0) {
  return TtsRequest{std::move(text), std::move(voice), speed};
}

bool hasEnergy(const Pcm8k& pcm) { return meanPower(pcm.samples) > 1e-4; }

TEST(Tts, LooksJapaneseOnKanaAndKanjiOnly) {
  EXPECT_TRUE(looksJapanese("お電話"));
  EXPECT_TRUE(looksJapanese("カタカナ"));
  EXPECT_TRUE(looksJapanese("漢字"));
  EXPECT_TRUE(looksJapanese("ｶﾀｶﾅ"));
  EXPECT_TRUE(looksJapanese("Press 1 for 営業"));
  EXPECT_FALSE(looksJapanese("Hello, press 1."));
  EXPECT_FALSE(looksJapanese("。、「」　"));
  EXPECT_FALSE(looksJapanese("Ünïcödé ½"));
  EXPECT_FALSE(looksJapanese("\xE3\x81"));  // truncated あ
}

TEST(Tts, AutoVoiceFollowsTheText) {
  auto ja = normalizeRequest(req(kThanks));
  ASSERT_TRUE(ja);
  EXPECT_EQ(ja->voice, kVoiceJa);
  auto en = normalizeRequest(req("Thank you for calling", "auto"));
  ASSERT_TRUE(en);
  EXPECT_EQ(en->voice, kVoiceEn);
  auto forced = normalizeRequest(req(kThanks, "en-kal"));
  ASSERT_TRUE(forced);
  EXPECT_EQ(forced->voice, kVoiceEn);
}

TEST(Tts, NormalisesText) {
  auto r = normalizeRequest(req("  \tHello\r\n \u3000world\x7F  "));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text, "Hello world");
  auto ja = normalizeRequest(req("\u3000お電話\u3000"));
  ASSERT_TRUE(ja);
  EXPECT_EQ(ja->text, "お電話");
}

TEST(Tts, RefusesBadRequestsNamingTheField) {
  struct Case {
    TtsRequest request;
    Code code;
    const char* field;
  };
  const Case cases[] = {
      {req(""), Code::Invalid, "text"},
      {req(" \n\t\u3000 "), Code::Invalid, "text"},
      {req("abc\xFF"), Code::Invalid, "text"},
      {req("\xC0\x80"), Code::Invalid, "text"},          // overlong NUL
      {req("\xED\xA0\x80"), Code::Invalid, "text"},      // surrogate
      {req("\xF4\x90\x80\x80"), Code::Invalid, "text"},  // past U+10FFFF
      {req(std::string(kMaxTextBytes + 1, 'a')), Code::TooLarge, "text"},
      {req("hi", "", 0.49), Code::Invalid, "speed"},
      {req("hi", "", 2.01), Code::Invalid, "speed"},
      {req("hi", "", std::nan("")), Code::Invalid, "speed"},
      {req("hi", "ja-other"), Code::Invalid, "voice"},
      {req("hi", "../../bin/sh"), Code::Invalid, "voice"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.request.text + " / " + c.request.voice);
    auto r = normalizeRequest(c.request);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, c.code);
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_TRUE(normalizeRequest(req("hi", "", 0.5)));
  EXPECT_TRUE(normalizeRequest(req("hi", "", 2.0)));
  EXPECT_TRUE(normalizeRequest(req(std::string(kMaxTextBytes, 'a'))));
}

TEST(Tts, RandomTextNeverCrashesTheValidator) {
  std::mt19937 rng(4242);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 64, '\0');
    for (auto& ch : s) ch = static_cast<char>(rng());
    auto r = normalizeRequest(req(s));
    if (r) {
      EXPECT_FALSE(r->text.empty());
    }
  }
}

TEST(Tts, EnglishThroughFlite) {
  Tts tts;
  EXPECT_TRUE(tts.available(kVoiceEn));
  auto pcm = tts.synthesize(req("Thank you for calling. Please hold.", "en-kal"));
  ASSERT_TRUE(pcm) << pcm.error().message;
  EXPECT_GE(pcm->durationMs(), 500);
  EXPECT_TRUE(hasEnergy(*pcm));
}

TEST(Tts, SpeedChangesTheLength) {
  Tts tts;
  auto slow = tts.synthesize(req("Thank you for calling our office today.", "en-kal", 0.5));
  auto fast = tts.synthesize(req("Thank you for calling our office today.", "en-kal", 2.0));
  ASSERT_TRUE(slow);
  ASSERT_TRUE(fast);
  EXPECT_GT(slow->samples.size(), 3 * fast->samples.size());
}

TEST(Tts, ConcurrentEnglishSynthesisGivesTheSameAudio) {
  // Flite has global state: calls from several worker threads must not interfere.
  Tts tts;
  auto reference = tts.synthesize(req("Press one for sales.", "en-kal"));
  ASSERT_TRUE(reference);
  std::vector<std::thread> threads;
  std::atomic<int> same{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        auto r = tts.synthesize(req("Press one for sales.", "en-kal"));
        same += r && r->samples == reference->samples;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(same.load(), 12);
}

TEST(Tts, EnglishVoiceRefusesTextItCannotSay) {
  Tts tts;
  auto r = tts.synthesize(req(kThanks, "en-kal"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Invalid);
  EXPECT_FALSE(tts.synthesize(req("!!! ... ???", "en-kal")));
}

TEST(Tts, RandomAsciiThroughFliteNeverCrashes) {
  Tts tts;
  std::mt19937 rng(777);
  for (int i = 0; i < 40; ++i) {
    std::string s(1 + rng() % 40, ' ');
    for (auto& ch : s) ch = static_cast<char>(0x20 + rng() % 95);
    auto r = tts.synthesize(req(s, "en-kal"));
    if (r) {
      EXPECT_FALSE(r->samples.empty());
    }
  }
}

class TtsJapanese : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!tts_.available(kVoiceJa)) GTEST_SKIP() << "open_jtalk or its voice is not installed";
  }
  Tts tts_;
};

TEST_F(TtsJapanese, SynthesisesThroughOpenJtalk) {
  auto pcm = tts_.synthesize(req(kThanks));
  ASSERT_TRUE(pcm) << pcm.error().message;
  EXPECT_GE(pcm->durationMs(), 500);
  EXPECT_LE(pcm->durationMs(), 5000);
  EXPECT_TRUE(hasEnergy(*pcm));
  auto fast = tts_.synthesize(req(kThanks, "ja-nitech", 2.0));
  ASSERT_TRUE(fast);
  EXPECT_LT(fast->samples.size() * 3, pcm->samples.size() * 2);
}

TEST_F(TtsJapanese, LongTextIsSpokenWhole) {
  // open_jtalk reads one line of at most 1023 bytes: longer text must be sent in pieces, or
  // what comes after the first kilobyte is silently dropped.
  std::string head = "はい。";
  std::string tail = "ありがとうございました。";
  // 400 ASCII characters (1200 bytes once open_jtalk widens them, which would smash its
  // stack) then 600 bytes of commas; symbols only, so the test stays fast.
  std::string filler(400, '!');
  for (int i = 0; i < 200; ++i) filler += "、";
  std::string text = head + filler + tail;
  auto head_pcm = tts_.synthesize(req(head));
  auto whole = tts_.synthesize(req(text));
  ASSERT_TRUE(head_pcm);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_GT(whole->durationMs(), head_pcm->durationMs() + 800);
}

TEST_F(TtsJapanese, PunctuationOnlyIsAnError) {
  auto r = tts_.synthesize(req("。。。", "ja-nitech"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Invalid);
}

TEST_F(TtsJapanese, RandomTextNeverCrashesTheEngine) {
  // Kana, kanji, ASCII, full-width and half-width forms, symbols: each either speaks or is
  // refused with a reason; open_jtalk never dies of it.
  const char32_t ranges[][2] = {{0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x4E00, 0x4FFF},
                                {0x21, 0x7E},     {0xFF01, 0xFF5E}, {0xFF66, 0xFF9F},
                                {0x3000, 0x303F}, {0x2190, 0x21FF}, {0x21, 0x2F}};
  std::mt19937 rng(31337);
  for (int i = 0; i < 12; ++i) {
    // Short mixed texts, then long ones of symbols and ASCII punctuation (cheap to speak).
    bool long_text = i >= 10;
    std::u32string cps;
    size_t n = long_text ? 350 + rng() % 50 : 1 + rng() % 30;
    const auto& r = long_text ? ranges[i % 2 ? 8 : 6] : ranges[rng() % 8];
    for (size_t k = 0; k < n; ++k) {
      const auto& rr = !long_text && rng() % 4 == 0 ? ranges[rng() % 8] : r;
      cps.push_back(static_cast<char32_t>(rr[0] + rng() % (rr[1] - rr[0] + 1)));
    }
    std::string utf8;
    for (char32_t c : cps) {
      if (c < 0x80) {
        utf8.push_back(static_cast<char>(c));
      } else if (c < 0x800) {
        utf8.push_back(static_cast<char>(0xC0 | (c >> 6)));
        utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else {
        utf8.push_back(static_cast<char>(0xE0 | (c >> 12)));
        utf8.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      }
    }
    auto out = tts_.synthesize(req(utf8, "ja-nitech"));
    if (!out) {
      EXPECT_EQ(out.error().code, Code::Invalid) << out.error().message;
    }
  }
}

TEST(Tts, MissingJapaneseEngineIsUnavailable) {
  TtsConfig cfg;
  cfg.open_jtalk = "/nonexistent/open_jtalk";
  Tts tts(cfg);
  EXPECT_FALSE(tts.available(kVoiceJa));
  auto r = tts.synthesize(req(kThanks));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Unavailable);
}

TEST(Tts, EngineVersionDependsOnVoiceAndData) {
  Tts tts;
  EXPECT_NE(tts.engineVersion(kVoiceJa), tts.engineVersion(kVoiceEn));
  TtsConfig cfg;
  cfg.jtalk_voice = "/nonexistent/other.htsvoice";
  EXPECT_NE(Tts(cfg).engineVersion(kVoiceJa), tts.engineVersion(kVoiceJa));
  EXPECT_EQ(Tts().engineVersion(kVoiceJa), tts.engineVersion(kVoiceJa));
}

TEST(ChildProcess, ReportsExitCodeAndStderr) {
  auto r = detail::runChild({"/bin/ls", "/nonexistent-hk-path"}, std::chrono::seconds(10));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_NE(r->exit_code, 0);
  EXPECT_NE(r->stderr_tail.find("nonexistent-hk-path"), std::string::npos);
  auto fine = detail::runChild({"/bin/true"}, std::chrono::seconds(10));
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->exit_code, 0);
}

TEST(ChildProcess, ArgumentsAreNotInterpretedByAShell) {
  // A shell would expand the glob and run the second command.
  auto r = detail::runChild({"/bin/ls", "/*; echo pwned"}, std::chrono::seconds(10));
  ASSERT_TRUE(r);
  EXPECT_NE(r->exit_code, 0);
  EXPECT_NE(r->stderr_tail.find("/*; echo pwned"), std::string::npos);
}

TEST(ChildProcess, MissingProgramIsUnavailable) {
  auto r = detail::runChild({"/nonexistent/prog"}, std::chrono::seconds(10));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Unavailable);
}

TEST(ChildProcess, KilledAfterItsTimeout) {
  auto start = std::chrono::steady_clock::now();
  auto r = detail::runChild({"/bin/sleep", "30"}, std::chrono::milliseconds(100));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace hk::media

// Recordings to Ogg/Opus: the file a player opens (OpusHead, channels, input rate) and the
// length it shows (granule position of the last page minus the pre-skip).
#include "media/opus_file.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <numbers>

#include "support/temp_dir.hpp"

namespace hk::media {
namespace {

namespace fs = std::filesystem;

void writeWav(const fs::path& path, int rate, int channels, double seconds) {
  SF_INFO info{0, rate, channels, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 0, 0};
  SNDFILE* snd = sf_open(path.c_str(), SFM_WRITE, &info);
  ASSERT_NE(snd, nullptr);
  auto frames = static_cast<size_t>(rate * seconds);
  std::vector<double> v(frames * static_cast<size_t>(channels));
  for (size_t i = 0; i < frames; ++i) {
    for (int c = 0; c < channels; ++c) {
      double hz = c == 0 ? 440.0 : 660.0;
      v[i * static_cast<size_t>(channels) + static_cast<size_t>(c)] =
          0.4 * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate);
    }
  }
  sf_writef_double(snd, v.data(), static_cast<sf_count_t>(frames));
  sf_close(snd);
}

TEST(OpusFile, StereoRecordingBecomesOggOpusOfTheSameLength) {
  test::TempDir dir;
  auto wav = dir.path() / "call.wav";
  auto opus = dir.path() / "call.opus";
  writeWav(wav, 8000, 2, 3.5);
  ASSERT_TRUE(encodeOpusFile(wav, opus));
  std::ifstream f(opus, std::ios::binary);
  char magic[4] = {};
  f.read(magic, 4);
  EXPECT_EQ(std::string(magic, 4), "OggS");
  auto info = readOpusInfo(opus);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->channels, 2);
  EXPECT_EQ(info->input_rate, 8000);
  EXPECT_GT(info->pre_skip, 0);
  EXPECT_NEAR(static_cast<double>(info->duration_ms), 3500.0, 25.0);
  // Much smaller than the 16-bit WAV (8000 * 2 * 2 bytes a second).
  EXPECT_LT(fs::file_size(opus), fs::file_size(wav) / 3);
  EXPECT_FALSE(fs::exists(dir.path() / "call.opus.part"));
}

TEST(OpusFile, MonoKeepsOneChannel) {
  test::TempDir dir;
  writeWav(dir.path() / "m.wav", 8000, 1, 1.0);
  ASSERT_TRUE(encodeOpusFile(dir.path() / "m.wav", dir.path() / "m.opus"));
  auto info = readOpusInfo(dir.path() / "m.opus");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->channels, 1);
  EXPECT_NEAR(static_cast<double>(info->duration_ms), 1000.0, 25.0);
}

TEST(OpusFile, BadInputLeavesNothing) {
  test::TempDir dir;
  auto out = dir.path() / "x.opus";
  EXPECT_EQ(encodeOpusFile(dir.path() / "missing.wav", out).error().code, Code::NotFound);
  {
    std::ofstream junk(dir.path() / "junk.wav", std::ios::binary);
    junk << "RIFF this is not audio at all";
  }
  EXPECT_EQ(encodeOpusFile(dir.path() / "junk.wav", out).error().code, Code::Invalid);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir.path() / "x.opus.part"));
  // A WAV is not Ogg/Opus.
  writeWav(dir.path() / "w.wav", 8000, 1, 0.5);
  EXPECT_EQ(readOpusInfo(dir.path() / "w.wav").error().code, Code::Invalid);
  EXPECT_EQ(readOpusInfo(dir.path() / "none.opus").error().code, Code::NotFound);
}

}  // namespace
}  // namespace hk::media

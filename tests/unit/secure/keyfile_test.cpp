#include "secure/keyfile.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "secure/api_key.hpp"
#include "secure/caller_cipher.hpp"
#include "unit/secure/temp_dir.hpp"

namespace hk::secure {
namespace {

using test::fileMode;
using test::readAll;
using test::TempDir;
using test::writeFile;

const std::string kHexA(64, 'a');
const std::string kHexB(64, 'b');

size_t countLinesStartingWith(const std::string& text, const std::string& start) {
  size_t n = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, start.size(), start) == 0) ++n;
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return n;
}

TEST(KeyFile, FirstStartCreatesA0600FileWithIndexAndDataKey1) {
  TempDir dir;
  std::string path = dir.file("keys");
  mode_t old = ::umask(0);  // a permissive umask must not widen the file's mode
  auto ring = KeyRing::loadOrCreate(path);
  ::umask(old);
  ASSERT_TRUE(ring) << ring.error().message;
  EXPECT_EQ(fileMode(path), 0600u);
  std::string text = readAll(path);
  EXPECT_EQ(countLinesStartingWith(text, "index "), 1u) << text;
  EXPECT_EQ(countLinesStartingWith(text, "data 1 "), 1u) << text;
  EXPECT_EQ(countLinesStartingWith(text, "data "), 1u) << text;
  EXPECT_EQ(ring->activeKeyId(), 1u);
  EXPECT_EQ(ring->dataKeyIds(), std::vector<uint32_t>{1});
  // No temporary or lock file is left behind.
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
}

TEST(KeyFile, LaterStartsLoadTheSameKeys) {
  TempDir dir;
  std::string path = dir.file("keys");
  auto first = KeyRing::loadOrCreate(path);
  ASSERT_TRUE(first) << first.error().message;
  std::string before = readAll(path);
  auto second = KeyRing::loadOrCreate(path);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(readAll(path), before);

  CallerCipher a(*first), b(*second);
  auto plain = b.decrypt(a.encrypt("09012345678"));
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(*plain, "09012345678");
  EXPECT_EQ(a.blindIndex("09012345678"), b.blindIndex("09012345678"));
}

TEST(KeyFile, ProcessesStartingTogetherAgreeOnOneKeyFile) {
  TempDir dir;
  std::string path = dir.file("keys");
  std::vector<std::string> indexes(4);
  std::vector<std::string> errors(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto ring = KeyRing::loadOrCreate(path);
      if (ring) {
        indexes[i] = CallerCipher(*ring).blindIndex("0312345678");
      } else {
        errors[i] = ring.error().message;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(errors[i], "");
    EXPECT_EQ(indexes[i], indexes[0]);
  }
  EXPECT_EQ(indexes[0].size(), 64u);
}

TEST(KeyFile, TwoKeyFilesGiveDifferentKeys) {
  TempDir dir;
  auto a = KeyRing::loadOrCreate(dir.file("a"));
  auto b = KeyRing::loadOrCreate(dir.file("b"));
  ASSERT_TRUE(a && b);
  EXPECT_NE(CallerCipher(*a).blindIndex("0312345678"), CallerCipher(*b).blindIndex("0312345678"));
  EXPECT_FALSE(CallerCipher(*b).decrypt(CallerCipher(*a).encrypt("0312345678")));
}

TEST(KeyFile, SubKeysAreDistinct) {
  TempDir dir;
  auto ring = KeyRing::loadOrCreate(dir.file("keys"));
  ASSERT_TRUE(ring);
  const Key* keys[] = {&ring->callerIndexKey(), &ring->apiKeyHashKey(), &ring->sessionTokenKey(),
                       &ring->activeDataKey()};
  for (size_t i = 0; i < 4; ++i) {
    for (size_t j = i + 1; j < 4; ++j) {
      EXPECT_NE(std::memcmp(keys[i]->data(), keys[j]->data(), kKeyBytes), 0) << i << "," << j;
    }
  }
  EXPECT_NE(hashApiKey(*ring, "same text"), hashSessionToken(*ring, "same text"));
}

TEST(KeyFile, RefusesAFileOthersCanAccessAndNamesIt) {
  TempDir dir;
  std::string path = dir.file("keys");
  ASSERT_TRUE(KeyRing::loadOrCreate(path));
  std::string before = readAll(path);
  for (unsigned mode : {0644u, 0640u, 0604u, 0620u, 0602u, 0610u}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto ring = KeyRing::loadOrCreate(path);
    ASSERT_FALSE(ring) << std::oct << mode;
    EXPECT_EQ(ring.error().code, Code::Invalid);
    EXPECT_NE(ring.error().message.find(path), std::string::npos) << ring.error().message;
    EXPECT_FALSE(KeyRing::load(path));
  }
  EXPECT_NE(KeyRing::load(path).error().message.find("0610"), std::string::npos);
  EXPECT_EQ(readAll(path), before);  // never overwritten
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(KeyRing::load(path));
}

TEST(KeyFile, RefusesMalformedFilesNamingFileAndLine) {
  struct Case {
    std::string text;
    std::string mustMention;
  };
  const std::vector<Case> cases = {
      {"", "no index key"},
      {"# only a comment\n", "no index key"},
      {"index " + kHexA + "\n", "no data key"},
      {"data 1 " + kHexB + "\n", "no index key"},
      {"index " + kHexA + "\nindex " + kHexB + "\ndata 1 " + kHexB + "\n", "line 2"},
      {"index " + kHexA + "\ndata 1 " + kHexB + "\ndata 1 " + kHexA + "\n", "line 3"},
      {"index " + kHexA.substr(1) + "\ndata 1 " + kHexB + "\n", "line 1"},
      {"index " + std::string(63, 'a') + "g\ndata 1 " + kHexB + "\n", "line 1"},
      {"index " + kHexA + "\ndata 0 " + kHexB + "\n", "line 2"},
      {"index " + kHexA + "\ndata 01 " + kHexB + "\n", "line 2"},
      {"index " + kHexA + "\ndata -1 " + kHexB + "\n", "line 2"},
      {"index " + kHexA + "\ndata 1234567890 " + kHexB + "\n", "line 2"},
      {"index " + kHexA + "\ndata " + kHexB + "\n", "line 2"},
      {"index " + kHexA + "\ndata 1 " + kHexB + " extra\n", "line 2"},
      {"index " + kHexA + "\n\nkey 1 " + kHexB + "\n", "line 3"},
      {"index=" + kHexA + "\ndata 1 " + kHexB + "\n", "line 1"},
  };
  TempDir dir;
  std::string path = dir.file("keys");
  for (const auto& c : cases) {
    writeFile(path, c.text, 0600);
    auto ring = KeyRing::load(path);
    ASSERT_FALSE(ring) << c.text;
    EXPECT_EQ(ring.error().code, Code::Invalid) << c.text;
    EXPECT_NE(ring.error().message.find(path), std::string::npos) << ring.error().message;
    EXPECT_NE(ring.error().message.find(c.mustMention), std::string::npos) << ring.error().message;
    EXPECT_EQ(ring.error().message.find(kHexB), std::string::npos) << "key material in message";
    // loadOrCreate refuses too, and leaves the file alone.
    EXPECT_FALSE(KeyRing::loadOrCreate(path));
    EXPECT_EQ(readAll(path), c.text);
  }
}

TEST(KeyFile, AcceptsCommentsBlankLinesAndCrlf) {
  TempDir dir;
  std::string path = dir.file("keys");
  writeFile(path,
            "# Hankyo keys\r\n\r\n  index " + kHexA + "\r\n\t# old key\r\ndata 1 " + kHexB +
                "\r\ndata 7\t" + std::string(64, 'C') + "\r\ndata 3 " + kHexA,
            0600);
  auto ring = KeyRing::load(path);
  ASSERT_TRUE(ring) << ring.error().message;
  EXPECT_EQ(ring->activeKeyId(), 7u);
  EXPECT_EQ(ring->dataKeyIds(), (std::vector<uint32_t>{1, 3, 7}));
  ASSERT_NE(ring->dataKey(3), nullptr);
  EXPECT_EQ(ring->dataKey(3)->data()[0], 0xaa);
  EXPECT_EQ(ring->activeDataKey().data()[0], 0xcc);
  EXPECT_EQ(ring->dataKey(2), nullptr);
}

TEST(KeyFile, LoadOfMissingFileIsNotFoundAndMissingFolderIsAnError) {
  TempDir dir;
  auto missing = KeyRing::load(dir.file("nope"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Code::NotFound);
  std::string deep = dir.file("no/such/folder/keys");
  auto ring = KeyRing::loadOrCreate(deep);
  ASSERT_FALSE(ring);
  EXPECT_NE(ring.error().message.find(deep), std::string::npos) << ring.error().message;
}

TEST(KeyFile, RefusesAFolder) {
  TempDir dir;
  auto ring = KeyRing::load(dir.path());
  ASSERT_FALSE(ring);
  EXPECT_NE(ring.error().message.find("not a regular file"), std::string::npos);
}

TEST(KeyFile, RotationAddsTheNextDataKeyAndOldCiphertextStillDecrypts) {
  TempDir dir;
  std::string path = dir.file("keys");
  auto first = KeyRing::loadOrCreate(path);
  ASSERT_TRUE(first);
  CallerCipher before(*first);
  std::string oldText = before.encrypt("0312345678");
  std::string oldIndex = before.blindIndex("0312345678");
  std::string apiKey = generateApiKey().full;
  std::string oldApiHash = hashApiKey(*first, apiKey);
  std::string oldSessionHash = hashSessionToken(*first, "token");
  std::string fileBefore = readAll(path);

  auto rotated = KeyRing::rotate(path);
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_EQ(rotated->activeKeyId(), 2u);
  EXPECT_EQ(rotated->dataKeyIds(), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(fileMode(path), 0600u);
  std::string fileAfter = readAll(path);
  EXPECT_EQ(fileAfter.compare(0, fileBefore.size(), fileBefore), 0) << "earlier lines kept";
  EXPECT_EQ(countLinesStartingWith(fileAfter, "data 2 "), 1u);

  CallerCipher after(*rotated);
  auto plain = after.decrypt(oldText);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(*plain, "0312345678");
  std::string newText = after.encrypt("0312345678");
  EXPECT_EQ(newText.rfind("v1.2.", 0), 0u) << newText;
  EXPECT_EQ(after.blindIndex("0312345678"), oldIndex);
  EXPECT_EQ(hashApiKey(*rotated, apiKey), oldApiHash);
  EXPECT_EQ(hashSessionToken(*rotated, "token"), oldSessionHash);

  // A node still holding the old ring cannot read the new key id until it reloads.
  auto stale = before.decrypt(newText);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Code::NotFound);

  // The file on disk agrees with what rotate() returned, and rotates again.
  auto reloaded = KeyRing::loadOrCreate(path);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->activeKeyId(), 2u);
  EXPECT_EQ(*CallerCipher(*reloaded).decrypt(newText), "0312345678");
  auto third = KeyRing::rotate(path);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->activeKeyId(), 3u);
  EXPECT_EQ(*CallerCipher(*third).decrypt(oldText), "0312345678");
  EXPECT_EQ(fileMode(path), 0600u);
}

TEST(KeyFile, RotationRefusesMissingOrOpenFiles) {
  TempDir dir;
  std::string path = dir.file("keys");
  auto missing = KeyRing::rotate(path);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Code::NotFound);
  ASSERT_TRUE(KeyRing::loadOrCreate(path));
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  std::string before = readAll(path);
  EXPECT_FALSE(KeyRing::rotate(path));
  EXPECT_EQ(readAll(path), before);
}

TEST(KeyFile, RotationAfterAGapUsesHighestIdPlusOne) {
  TempDir dir;
  std::string path = dir.file("keys");
  writeFile(path, "index " + kHexA + "\ndata 5 " + kHexB, 0600);  // no final newline
  auto rotated = KeyRing::rotate(path);
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_EQ(rotated->dataKeyIds(), (std::vector<uint32_t>{5, 6}));
  auto reloaded = KeyRing::load(path);
  ASSERT_TRUE(reloaded) << reloaded.error().message;
  EXPECT_EQ(reloaded->activeKeyId(), 6u);
}

}  // namespace
}  // namespace hk::secure

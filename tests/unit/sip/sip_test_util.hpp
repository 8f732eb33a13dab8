#pragma once
// Helpers of the SIP unit tests: test data files and CRLF messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace hk::sip::test {

inline std::filesystem::path dataDir() { return HK_SIP_TEST_DATA; }

inline std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string dataFile(std::string_view name) { return readFile(dataDir() / name); }

// The .sip files of a folder, sorted by name.
inline std::vector<std::filesystem::path> sipFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".sip") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Text written with \n line ends, sent with \r\n.
inline std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

}  // namespace hk::sip::test

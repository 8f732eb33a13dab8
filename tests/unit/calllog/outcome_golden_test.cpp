// Golden cases of the outcome decision table (SPEC §5). Each file in
// tests/data/calllog/outcomes/*.json is {"case": what it shows, "facts": CallFacts (see
// facts_json.hpp), "expect": what decide() must give}. The folder is found through
// HK_SOURCE_DIR, which ctest sets; when running the binary by hand, set it to the repo root.
//
// After a deliberate change of the rules, rewrite every "expect" with
//   HK_SOURCE_DIR=<repo> HK_UPDATE_GOLDEN=1 <build>/tests/unit_calllog
//   --gtest_filter='OutcomeGolden.*'
// and review the diff of tests/data/calllog/outcomes/ before committing it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "calllog/outcome.hpp"
#include "unit/calllog/facts_json.hpp"

namespace hk::calllog {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

std::vector<fs::path> goldenFiles() {
  const char* root = std::getenv("HK_SOURCE_DIR");
  if (root == nullptr) return {};
  std::vector<fs::path> files;
  fs::path dir = fs::path(root) / "tests/data/calllog/outcomes";
  if (!fs::is_directory(dir)) return {};
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool updating() {
  const char* v = std::getenv("HK_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

TEST(OutcomeGolden, EveryCaseMatches) {
  ASSERT_NE(std::getenv("HK_SOURCE_DIR"), nullptr) << "set HK_SOURCE_DIR to the repository root";
  const auto files = goldenFiles();
  ASSERT_GE(files.size(), 25u) << "golden cases missing under tests/data/calllog/outcomes";

  std::set<Rule> rules_seen;
  std::set<domain::DialStat> stats_seen;
  for (const auto& path : files) {
    const std::string file = path.filename().string();
    ordered_json doc;
    try {
      std::ifstream in(path);
      doc = ordered_json::parse(in);
      auto facts = test::factsFromJson(nlohmann::json::parse(doc.at("facts").dump()));
      ASSERT_TRUE(facts) << file << ": " << facts.error().message;
      const Outcome got = decide(*facts);
      rules_seen.insert(got.rule);
      stats_seen.insert(got.dial_stat);
      const ordered_json actual = test::expectOf(got);
      if (updating()) {
        doc["expect"] = actual;
        std::ofstream(path) << doc.dump(2) << "\n";
        continue;
      }
      // Compare as unordered objects; print both on a mismatch.
      const auto want = nlohmann::json::parse(doc.at("expect").dump());
      const auto have = nlohmann::json::parse(actual.dump());
      EXPECT_TRUE(want == have) << file << " (" << doc.value("case", "") << ")\n  expected "
                                << want.dump() << "\n  actual   " << have.dump();
    } catch (const nlohmann::json::exception& e) {
      ADD_FAILURE() << file << ": bad golden file: " << e.what();
    }
  }
  // Every row of the table and every status is exercised by at least one case.
  EXPECT_EQ(rules_seen.size(), 10u) << "a Rule has no golden case";
  EXPECT_EQ(stats_seen.size(), 8u) << "a dial_stat has no golden case";
}

}  // namespace
}  // namespace hk::calllog

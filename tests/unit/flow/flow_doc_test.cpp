// Flow documents: every file of tests/data/flows/good/ is accepted without warnings, every
// file of bad/ is refused with exactly the JSON Pointers it lists (and reasons that contain
// the listed text). Plus the rules that are easier to state in code: the verb registry,
// warnings for unreachable steps, pointers under a base, the parsed model.
#include "flow/flow_doc.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace hk::flow {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

fs::path dataDir() {
  if (const char* src = std::getenv("HK_SOURCE_DIR")) return fs::path(src) / "tests/data/flows";
  // Outside ctest: next to the holiday data the unit_flow target names.
  return fs::path(HK_HOLIDAYS_CSV).parent_path().parent_path() / "flows";
}

Json load(const fs::path& p) {
  std::ifstream in(p);
  return Json::parse(in);
}

std::vector<fs::path> files(const std::string& kind) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dataDir() / kind)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(const Issues& issues) {
  std::string out;
  for (const auto& i : issues) out += "\n  " + i.field + ": " + i.reason;
  return out;
}

TEST(FlowDocData, EveryGoodDocumentIsAcceptedWithoutWarnings) {
  auto good = files("good");
  ASSERT_GE(good.size(), 5u) << dataDir();
  for (const auto& p : good) {
    SCOPED_TRACE(p.filename().string());
    auto check = checkFlow(load(p));
    EXPECT_TRUE(check.ok()) << describe(check.errors);
    EXPECT_TRUE(check.warnings.empty()) << describe(check.warnings);
    ASSERT_TRUE(check.document);
    EXPECT_FALSE(check.document->steps.empty());
  }
}

TEST(FlowDocData, EveryBadDocumentNamesExactlyItsBadFields) {
  auto bad = files("bad");
  ASSERT_GE(bad.size(), 20u) << dataDir();
  for (const auto& p : bad) {
    SCOPED_TRACE(p.filename().string());
    Json c = load(p);
    ASSERT_TRUE(c.contains("why") && c.contains("errors") && c.contains("document"));
    auto check = checkFlow(c["document"]);
    EXPECT_FALSE(check.ok());
    EXPECT_FALSE(check.document);
    std::set<std::string> want, got;
    for (const auto& e : c["errors"]) want.insert(e["field"].get<std::string>());
    for (const auto& e : check.errors) got.insert(e.field);
    EXPECT_EQ(got, want) << c["why"].get<std::string>() << describe(check.errors);
    for (const auto& e : c["errors"]) {
      auto field = e["field"].get<std::string>();
      auto reason = e["reason"].get<std::string>();
      bool found = false;
      for (const auto& i : check.errors) {
        found = found || (i.field == field && i.reason.find(reason) != std::string::npos);
      }
      EXPECT_TRUE(found) << field << " should say \"" << reason << "\"" << describe(check.errors);
    }
  }
}

TEST(VerbRegistry, HoldsEveryVerbOfTheIssue) {
  EXPECT_THAT(VerbRegistry::builtin().names(),
              ElementsAre("absence", "forward", "gather", "hangup", "play", "queue", "reception",
                          "record", "say", "schedule", "set", "sms", "voicemail"));
  for (const auto& name : VerbRegistry::builtin().names()) {
    const VerbSpec* spec = VerbRegistry::builtin().find(name);
    ASSERT_NE(spec, nullptr);
    EXPECT_FALSE(spec->summary.empty()) << name;
  }
  EXPECT_EQ(VerbRegistry::builtin().find("dial"), nullptr);
}

TEST(VerbRegistry, RefusesTwinsAndNamesThatAreNotWords) {
  VerbRegistry r;
  auto noop = [](StepReader&) {};
  EXPECT_TRUE(r.add({"beep", "beeps", {"next"}, noop}));
  auto twin = r.add({"beep", "again", {}, noop});
  ASSERT_FALSE(twin);
  EXPECT_EQ(twin.error().code, Code::Conflict);
  EXPECT_FALSE(r.add({"Beep2", "x", {}, noop}));
  EXPECT_FALSE(r.add({"silent", "no check", {}, nullptr}));
  EXPECT_THAT(r.names(), ElementsAre("beep"));
}

TEST(VerbRegistry, DocumentsOnlyUseTheVerbsOfTheirRegistry) {
  // A registry of one verb: the document reader knows nothing else.
  VerbRegistry r;
  ASSERT_TRUE(r.add({"beep", "beeps", {"next"}, [](StepReader& s) { s.branch("next"); }}));
  Json doc = {{"name", "x"},
              {"start", "a"},
              {"steps", {{"a", {{"verb", "beep"}, {"next", "b"}}}, {"b", {{"verb", "hangup"}}}}}};
  auto check = checkFlow(doc, r);
  ASSERT_EQ(check.errors.size(), 1u) << describe(check.errors);
  EXPECT_EQ(check.errors[0].field, "/steps/b/verb");
  EXPECT_EQ(check.errors[0].reason, "must be one of: beep");
}

TEST(VerbRegistry, EveryBranchAStepTakesIsDeclaredByItsVerb) {
  for (const auto& p : files("good")) {
    auto check = checkFlow(load(p));
    ASSERT_TRUE(check.document) << p;
    for (const auto& [id, step] : check.document->steps) {
      const VerbSpec* spec = VerbRegistry::builtin().find(step.verb);
      ASSERT_NE(spec, nullptr);
      for (const auto& b : step.branches) {
        std::string base = b.name.substr(0, b.name.find('/'));
        EXPECT_NE(std::find(spec->branches.begin(), spec->branches.end(), base),
                  spec->branches.end())
            << p.filename() << " " << id << " " << b.name;
      }
    }
  }
}

TEST(FlowDoc, ReadsTheModelTheEngineRuns) {
  auto check = checkFlow(load(dataDir() / "good/business_hours_menu.json"));
  ASSERT_TRUE(check.document) << describe(check.errors);
  const FlowDocument& d = *check.document;
  EXPECT_EQ(d.name, "Clinic main line");
  EXPECT_EQ(d.answer, AnswerMode::Now);
  EXPECT_EQ(d.start, "hours");
  EXPECT_EQ(d.max_visits, 3);
  EXPECT_EQ(d.steps.size(), 9u);
  const Step& menu = d.steps.at("menu");
  EXPECT_EQ(menu.verb, "gather");
  EXPECT_TRUE(menu.waits_for_caller);
  EXPECT_TRUE(menu.uses_caller_media);
  ASSERT_NE(menu.next("choices/1"), nullptr);
  EXPECT_EQ(*menu.next("choices/1"), "reservations");
  EXPECT_EQ(*menu.next("on_timeout"), "front_desk");
  EXPECT_EQ(menu.next("choices/5"), nullptr);
  EXPECT_EQ(menu.params["timeout_sec"], 5);
  const Step& fwd = d.steps.at("front_desk");
  EXPECT_FALSE(fwd.waits_for_caller);
  EXPECT_FALSE(fwd.uses_caller_media);
  EXPECT_EQ(fwd.next("on_busy"), nullptr);  // not given: the call ends busy
  EXPECT_EQ(*d.steps.at("hours").next("holiday"), "holiday_message");
}

TEST(FlowDoc, DefaultsApplyWhenLeftOut) {
  auto check = checkFlow(load(dataDir() / "good/forward_only.json"));
  ASSERT_TRUE(check.document);
  EXPECT_EQ(check.document->answer, AnswerMode::Now);
  EXPECT_EQ(check.document->max_visits, kDefaultMaxVisits);
  EXPECT_EQ(std::string(answerModeName(AnswerMode::EarlyMedia)), "early_media");
}

TEST(FlowDoc, AStepStartCannotReachIsAWarningNotAnError) {
  Json doc = load(dataDir() / "good/forward_only.json");
  doc["steps"]["old_menu"] = {{"verb", "say"}, {"text", "unused"}, {"next", "fwd"}};
  auto check = checkFlow(doc);
  EXPECT_TRUE(check.ok()) << describe(check.errors);
  ASSERT_TRUE(check.document);
  ASSERT_EQ(check.warnings.size(), 1u);
  EXPECT_EQ(check.warnings[0].field, "/steps/old_menu");
  EXPECT_THAT(check.warnings[0].reason, HasSubstr("cannot be reached"));
}

TEST(FlowDoc, PointersStartAtTheBaseGiven) {
  Json doc = load(dataDir() / "good/forward_only.json");
  doc["steps"]["fwd"]["ring_timeout_sec"] = 0;
  doc["steps"]["spare"] = {{"verb", "hangup"}};
  auto check = checkFlow(doc, VerbRegistry::builtin(), "/document");
  ASSERT_EQ(check.errors.size(), 1u);
  EXPECT_EQ(check.errors[0].field, "/document/steps/fwd/ring_timeout_sec");
  doc["steps"]["fwd"].erase("ring_timeout_sec");
  check = checkFlow(doc, VerbRegistry::builtin(), "/document");
  ASSERT_EQ(check.warnings.size(), 1u);
  EXPECT_EQ(check.warnings[0].field, "/document/steps/spare");
  EXPECT_EQ(checkFlow(Json::array(), VerbRegistry::builtin(), "/document").errors[0].field,
            "/document");
}

TEST(FlowDoc, ALoopThroughAGatherOrAQueueIsAllowed) {
  Json doc = {{"name", "x"},
              {"start", "a"},
              {"steps",
               {{"a", {{"verb", "say"}, {"text", "hi"}, {"next", "b"}}},
                {"b", {{"verb", "gather"}, {"choices", {{"1", "a"}}}, {"on_timeout", "a"}}}}}};
  EXPECT_TRUE(checkFlow(doc).ok()) << describe(checkFlow(doc).errors);
  doc["steps"]["b"] = {{"verb", "play"}, {"file", std::string(32, 'b')}, {"next", "a"}};
  auto check = checkFlow(doc);
  ASSERT_EQ(check.errors.size(), 1u);
  EXPECT_EQ(check.errors[0].field, "/steps/b/next");
  EXPECT_THAT(check.errors[0].reason, HasSubstr("(a -> b -> a)"));
}

TEST(FlowDoc, StepIdsNeedNoEscapingButOddOnesAreStillNamedExactly) {
  Json doc = {{"name", "x"}, {"start", "a/b"}, {"steps", {{"a/b", {{"verb", "hangup"}}}}}};
  auto check = checkFlow(doc);
  ASSERT_EQ(check.errors.size(), 1u);
  EXPECT_EQ(check.errors[0].field, "/steps/a~1b");  // RFC 6901
}

TEST(FlowDoc, ADocumentTooLargeIsRefusedWhole) {
  Json doc = load(dataDir() / "good/forward_only.json");
  doc["description"] = std::string(300 * 1024, 'x');
  auto check = checkFlow(doc);
  ASSERT_EQ(check.errors.size(), 1u);
  EXPECT_EQ(check.errors[0].field, "/");
  EXPECT_THAT(check.errors[0].reason, HasSubstr("more than the 262144 allowed"));
}

TEST(FlowDoc, InvalidUtf8IsAnErrorNotACrash) {
  Json doc = load(dataDir() / "good/forward_only.json");
  doc["name"] = std::string("\xff\xfe", 2);
  auto check = checkFlow(doc);
  ASSERT_EQ(check.errors.size(), 1u);
  EXPECT_EQ(check.errors[0].field, "/name");
  EXPECT_EQ(check.errors[0].reason, "must be valid UTF-8");
}

TEST(FlowDoc, HugeNumbersAreOutOfRangeNotWrapped) {
  Json doc = load(dataDir() / "good/forward_only.json");
  doc["steps"]["fwd"]["ring_timeout_sec"] = 18446744073709551615ull;
  auto check = checkFlow(doc);
  ASSERT_EQ(check.errors.size(), 1u);
  EXPECT_EQ(check.errors[0].reason, "must be between 1 and 300");
  doc["steps"]["fwd"]["ring_timeout_sec"] = -5;
  EXPECT_EQ(checkFlow(doc).errors.size(), 1u);
  doc["steps"]["fwd"]["ring_timeout_sec"] = 20.5;
  EXPECT_EQ(checkFlow(doc).errors.at(0).reason, "must be an integer");
}

}  // namespace
}  // namespace hk::flow

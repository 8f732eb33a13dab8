// The CSV import of numbers against the real SQLite store (in memory): the report per row,
// nothing written when a row is bad (the caller rolls back), scope, and the export.
#include "service/number_import.hpp"

#include <gtest/gtest.h>

#include "unit/service/store_fixture.hpp"

namespace hk::service {
namespace {

using domain::Principal;
using domain::Role;

class NumberImportTest : public test::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    auto tx = begin();
    ASSERT_NO_FATAL_FAILURE(seedAdvertiser(*tx, "Import Op", "Shop, Shibuya"));
    ASSERT_TRUE(tx->commit());
  }

  Principal staff() const {
    Principal p;
    p.role = Role::OperatorStaff;
    p.user_id = 5;
    p.operator_id = op_;
    return p;
  }

  int64_t count() {
    auto tx = begin();
    auto page = numbers_.list(*tx, staff(), {}, {1, 100, "", false});
    EXPECT_TRUE(page);
    return page ? page->total : -1;
  }

  Numbers numbers_{clock_};
  NumberImport import_{numbers_, clock_};
};

TEST_F(NumberImportTest, GoodFileImportsEveryRowWithItsHistory) {
  const std::string csv =
      "\xEF\xBB\xBFNumber,Name,Advertiser,Destinations,Ring timeout sec,Monthly cost\r\n"
      "0120-111-222,\"Flyer, spring\",\"Shop, Shibuya\",03-1111-2222|sip:desk@pbx.example.jp,20,"
      "1500\r\n"
      "050-3333-0001,\"Say \"\"two\"\"\",,,,\r\n";
  auto tx = begin();
  auto rep = import_.run(*tx, staff(), csv, false);
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->failed(), 0u);
  EXPECT_EQ(rep->imported, 2u);
  ASSERT_EQ(rep->rows.size(), 2u);
  const auto& first = rep->rows[0].number;
  EXPECT_EQ(rep->rows[0].row, 2u);
  EXPECT_EQ(first.number, "0120111222");
  EXPECT_EQ(first.type, domain::NumberType::FreeCall0120);
  EXPECT_EQ(first.name, "Flyer, spring");
  EXPECT_EQ(first.advertiser_id, adv_);
  EXPECT_EQ(first.state, domain::NumberState::Assigned);
  EXPECT_EQ(first.destinations,
            (std::vector<std::string>{"0311112222", "sip:desk@pbx.example.jp"}));
  EXPECT_EQ(first.ring_timeout_sec, 20);
  EXPECT_EQ(first.monthly_cost, 1500);
  const auto& second = rep->rows[1].number;
  EXPECT_EQ(second.name, "Say \"two\"");
  EXPECT_EQ(second.state, domain::NumberState::Available);
  ASSERT_TRUE(tx->commit());
  tx.reset();
  EXPECT_EQ(count(), 2);

  auto rd = begin();
  auto hist = import_.history(*rd, staff(), first.id);
  ASSERT_TRUE(hist) << hist.error().message;
  ASSERT_EQ(hist->size(), 1u);
  EXPECT_EQ((*hist)[0].from_state, "");
  EXPECT_EQ((*hist)[0].to_state, "assigned");
  EXPECT_EQ((*hist)[0].cause, "import");
}

TEST_F(NumberImportTest, BadRowsAreReportedByRowAndColumn) {
  const std::string csv =
      "number,type,max_lines,state,advertiser,name\n"
      "050-3333-0002,,,,,ok\n"         // row 2: fine
      "not a number,,,,,x\n"           // row 3: bad number
      "050-3333-0003,fax,x,,,x\n"      // row 4: bad type and max_lines
      "050-3333-0002,,,,,x\n"          // row 5: same number as row 2
      "050-3333-0004,,,pooled,,x\n"    // row 6: a pool state
      "050-3333-0005,,,,Nobody,x\n"    // row 7: unknown advertiser
      "050-3333-0006,,\n"              // row 8: too few fields
      "050-3333-0007,,,,,\"a\nb\"\n";  // row 9: a line break in a name
  auto tx = begin();
  auto rep = import_.run(*tx, staff(), csv, false);
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->imported, 0u);
  EXPECT_EQ(rep->checked, 8u);
  EXPECT_EQ(rep->failed(), 7u);
  std::map<size_t, std::vector<std::string>> fields;
  for (const auto& r : rep->rows) {
    for (const auto& e : r.errors) fields[r.row].push_back(e.field);
  }
  EXPECT_FALSE(fields.contains(2));
  EXPECT_EQ(fields[3], std::vector<std::string>{"number"});
  EXPECT_EQ(fields[4], (std::vector<std::string>{"max_lines", "type"}));
  EXPECT_EQ(fields[5], std::vector<std::string>{"number"});
  EXPECT_EQ(fields[6], std::vector<std::string>{"state"});
  EXPECT_EQ(fields[7], std::vector<std::string>{"advertiser"});
  EXPECT_EQ(fields[8], std::vector<std::string>{"row"});
  EXPECT_EQ(fields[9], std::vector<std::string>{"name"});
  EXPECT_EQ(rep->rows.back().line, 9u);
  tx.reset();  // not committed: rolled back
  EXPECT_EQ(count(), 0);
}

TEST_F(NumberImportTest, FileLevelProblemsAndScope) {
  auto tx = begin();
  auto unknown = import_.run(*tx, staff(), "number,colour\n0501,red\n", false);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Code::Invalid);
  EXPECT_NE(unknown.error().message.find("colour"), std::string::npos);
  auto no_number = import_.run(*tx, staff(), "name\nx\n", false);
  ASSERT_FALSE(no_number);
  EXPECT_NE(no_number.error().message.find("number"), std::string::npos);
  auto sjis = import_.run(*tx, staff(), "number,name\n05011112222,\x93\x8c\x8b\x9e\n", false);
  ASSERT_FALSE(sjis);
  EXPECT_NE(sjis.error().message.find("UTF-8"), std::string::npos);
  auto big = import_.run(*tx, staff(), "number\n1\n2\n3\n", false, {1 << 20, 2});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, Code::TooLarge);

  Principal adv_user;
  adv_user.role = Role::AdvertiserUser;
  adv_user.operator_id = op_;
  adv_user.advertiser_id = adv_;
  auto refused = import_.run(*tx, adv_user, "number,name\n05011112222,x\n", false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Code::Forbidden);
}

TEST_F(NumberImportTest, ExportReadsBackThroughImport) {
  {
    auto tx = begin();
    auto rep = import_.run(*tx, staff(),
                           "number,name,advertiser_id,destinations\n"
                           "0800-111-2222,\"=HYPERLINK(\"\"x\"\")\"," +
                               std::to_string(adv_) + ",06-1234-5678|0312345678\n",
                           false);
    ASSERT_TRUE(rep);
    ASSERT_EQ(rep->failed(), 0u);
    ASSERT_TRUE(tx->commit());
  }
  auto rd = begin();
  auto csv = import_.exportCsv(*rd, staff(), {});
  ASSERT_TRUE(csv) << csv.error().message;
  auto recs = parseCsv(*csv);
  ASSERT_TRUE(recs);
  ASSERT_EQ(recs->size(), 2u);
  EXPECT_EQ((*recs)[0].fields, numberColumns());
  const auto& row = (*recs)[1].fields;
  EXPECT_EQ(row[1], "08001112222");
  EXPECT_EQ(row[3], "'=HYPERLINK(\"x\")");  // a spreadsheet shows it, does not run it
  EXPECT_EQ(row[6], "Shop, Shibuya");
  EXPECT_EQ(row[7], "0612345678|0312345678");
  rd.reset();

  // The same file into an empty inventory gives the same number (ids and derived columns
  // are ignored).
  auto tx = begin();
  ASSERT_TRUE(tx->numbers().remove(std::stoll(row[0])));
  auto again = import_.run(*tx, staff(), *csv, false);
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_EQ(again->failed(), 0u) << again->rows[0].errors[0].field << ": "
                                 << again->rows[0].errors[0].reason;
  EXPECT_EQ(again->rows[0].number.name, "=HYPERLINK(\"x\")");
  EXPECT_EQ(again->rows[0].number.destinations,
            (std::vector<std::string>{"0612345678", "0312345678"}));
  EXPECT_EQ(again->rows[0].number.advertiser_id, adv_);
}

}  // namespace
}  // namespace hk::service

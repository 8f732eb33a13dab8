// The CSV reader of the number import: what spreadsheets write, and clear refusals.
#include "service/csv.hpp"

#include <gtest/gtest.h>

namespace hk::service {
namespace {

std::vector<std::vector<std::string>> fieldsOf(const std::vector<CsvRecord>& recs) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : recs) out.push_back(r.fields);
  return out;
}

TEST(CsvTest, PlainRecordsWithLfOrCrlfAndATrailingNewline) {
  auto lf = parseCsv("a,b\n1,2\n");
  ASSERT_TRUE(lf) << lf.error().message;
  EXPECT_EQ(fieldsOf(*lf), (std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}}));
  auto crlf = parseCsv("a,b\r\n1,2");
  ASSERT_TRUE(crlf);
  EXPECT_EQ(fieldsOf(*crlf), fieldsOf(*lf));
}

TEST(CsvTest, QuotedFieldsHoldCommasNewlinesAndDoubledQuotes) {
  auto r =
      parseCsv("name,note\r\n\"Shop, Shibuya\",\"line one\r\nline \"\"two\"\"\"\r\nx,\"\"\r\n");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].fields,
            (std::vector<std::string>{"Shop, Shibuya", "line one\r\nline \"two\""}));
  EXPECT_EQ((*r)[2].fields, (std::vector<std::string>{"x", ""}));
  // The third record starts on line 4: the second one spans lines 2 and 3.
  EXPECT_EQ((*r)[1].line, 2u);
  EXPECT_EQ((*r)[2].line, 4u);
}

TEST(CsvTest, ByteOrderMarkAndBlankLinesAreSkippedEmptyFieldsKept) {
  auto r = parseCsv("\xEF\xBB\xBFnumber,name\n\n0501,\n,\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(fieldsOf(*r),
            (std::vector<std::vector<std::string>>{{"number", "name"}, {"0501", ""}, {"", ""}}));
  EXPECT_EQ((*r)[1].line, 3u);
}

TEST(CsvTest, JapaneseUtf8IsReadShiftJisIsRefusedWithTheLine) {
  auto ok = parseCsv("name\n渋谷店\n");
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)[1].fields[0], "渋谷店");
  // "渋谷" in Shift_JIS on line 3.
  auto sjis = parseCsv("name\nok\n\x8f\x61\x92\x4a\n");
  ASSERT_FALSE(sjis);
  EXPECT_EQ(sjis.error().code, Code::Invalid);
  EXPECT_NE(sjis.error().message.find("line 3"), std::string::npos) << sjis.error().message;
  EXPECT_NE(sjis.error().message.find("UTF-8"), std::string::npos);
}

TEST(CsvTest, BrokenQuotingIsRefusedWithTheLine) {
  auto open = parseCsv("a\n\"never closed\nb\n");
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("line 2"), std::string::npos) << open.error().message;
  auto stray = parseCsv("a\nab\"c\n");
  ASSERT_FALSE(stray);
  EXPECT_NE(stray.error().message.find("line 2"), std::string::npos);
  auto after = parseCsv("a\n\"x\"y\n");
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, Code::Invalid);
}

TEST(CsvTest, LimitsAreTooLarge) {
  auto bytes = parseCsv("a,b,c\n", {5, 100});
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, Code::TooLarge);
  auto rows = parseCsv("h\n1\n2\n3\n", {1000, 3});
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, Code::TooLarge);
  EXPECT_NE(rows.error().message.find("more than 2 rows"), std::string::npos)
      << rows.error().message;
  EXPECT_TRUE(parseCsv("h\n1\n2\n", {1000, 3}));
}

TEST(CsvTest, WrittenFieldsReadBack) {
  const std::vector<std::string> fields = {"plain",        "a,b",   "say \"hi\"",
                                           "two\r\nlines", " pad ", ""};
  auto r = parseCsv(csvLine(fields) + csvLine({"x"}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].fields, fields);
  EXPECT_EQ(csvField("plain"), "plain");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
}

TEST(CsvTest, Utf8Validation) {
  EXPECT_EQ(utf8ValidPrefix("abc"), 3u);
  EXPECT_EQ(utf8ValidPrefix("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(utf8ValidPrefix("a\xED\xA0\x80"), 1u);     // surrogate
  EXPECT_EQ(utf8ValidPrefix("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(utf8ValidPrefix("\xE3\x81"), 0u);          // cut short
  EXPECT_EQ(utf8ValidPrefix("\xF0\x9F\x93\x9E"), 4u);  // 📞
}

}  // namespace
}  // namespace hk::service

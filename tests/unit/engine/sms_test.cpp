// The sms executor: the wanted message recorded on the call log (target kind, text,
// status), a withheld caller, and a log line that never shows a number in clear.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "base/log.hpp"
#include "verbs_fakes.hpp"

namespace hk::engine {
namespace {

using test::VerbHarness;

// Captures the "engine" logger's lines while alive.
class LogCapture {
 public:
  LogCapture()
      : lg_(log::get("engine")), sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)) {
    lg_->sinks().push_back(sink_);
  }
  ~LogCapture() { std::erase(lg_->sinks(), sink_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> lg_;
  spdlog::sink_ptr sink_;
};

TEST(SmsRun, ToTheCallerByDefault) {
  LogCapture logs;
  VerbHarness h({{"verb", "sms"}, {"text", "営業時間は 9:00-18:00 です。"}, {"next", "bye"}},
                {"bye"});
  h.start();
  EXPECT_EQ(h.ctx.outcome(), "next");
  EXPECT_EQ(h.ctx.vars.at("sms_to"), "caller");
  EXPECT_EQ(h.ctx.vars.at("sms_text"), "営業時間は 9:00-18:00 です。");
  EXPECT_EQ(h.ctx.vars.at("sms_status"), "wanted");
  EXPECT_NE(logs.text().find("090****5678"), std::string::npos) << logs.text();
}

TEST(SmsRun, ToANumberKeepsTheNumberAndLogsItMasked) {
  LogCapture logs;
  VerbHarness h({{"verb", "sms"}, {"text", "着信がありました。"}, {"to", "09011112222"}}, {});
  h.start();
  EXPECT_EQ(h.ctx.outcome(), "next");  // no next branch: the engine ends the flow there
  EXPECT_EQ(h.ctx.vars.at("sms_to"), "09011112222");
  EXPECT_EQ(h.ctx.vars.at("sms_status"), "wanted");
  EXPECT_EQ(logs.text().find("09011112222"), std::string::npos) << logs.text();
  EXPECT_NE(logs.text().find(log::maskNumber("09011112222")), std::string::npos) << logs.text();
}

TEST(SmsRun, AWithheldCallerIsSkipped) {
  VerbHarness h({{"verb", "sms"}, {"text", "ありがとうございました。"}, {"next", "bye"}}, {"bye"});
  h.call.info_.caller_masked.clear();
  h.call.record.clr_type = domain::DeviceType::Withheld;
  h.start();
  EXPECT_EQ(h.ctx.vars.at("sms_status"), "skipped: withheld caller");
  EXPECT_EQ(h.ctx.outcome(), "next");
}

}  // namespace
}  // namespace hk::engine

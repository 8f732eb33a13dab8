// Golden offer/answer tables, rtpengine style: each file under golden/ lists the SDP that
// comes in (the caller's offer, the callee's answer, re-offers...) and, after each one,
// exactly what Hankyo sends out and the media plan the relay gets. The test replays the
// inputs and compares the whole file. HK_UPDATE_GOLDEN=1 rewrites the expected parts
// (review the diff).
#include "sdp/offer_answer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sdp/parser.hpp"

namespace hk::sdp {
namespace {

namespace fs = std::filesystem;

struct Section {
  std::string name;
  std::string body;  // LF line ends as in the file
};

std::string toCrlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string toLf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != '\r') out += c;
  }
  return out;
}

std::string describe(const LegMedia& m) {
  std::ostringstream o;
  o << codecName(m.codec.codec) << "/" << int(m.codec.payload_type) << " te=";
  if (m.telephone_event) {
    o << int(*m.telephone_event);
  } else {
    o << "-";
  }
  o << " remote=" << (m.remote_address.empty() ? "none" : m.remote_address) << ":" << m.remote_port
    << " rtcp=" << m.remote_rtcp_port << " ptime=" << m.ptime << " " << directionName(m.direction)
    << (m.on_hold ? " hold" : "");
  return o.str();
}

std::string describe(const MediaPlan& p) {
  return "a: " + describe(p.a) + "\nb: " + describe(p.b) +
         "\ntranscode: " + (p.transcode() ? "yes" : "no") + "\n";
}

LocalAddress local(std::istringstream& in) {
  LocalAddress l;
  in >> l.address >> l.port;
  return l;
}

class Golden {
 public:
  explicit Golden(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    Section* cur = nullptr;
    while (std::getline(in, line)) {
      if (line.rfind("=== ", 0) == 0) {
        sections_.push_back({line.substr(4), {}});
        cur = &sections_.back();
      } else if (cur) {
        cur->body += line + "\n";
      } else {
        header_ += line + "\n";
      }
    }
  }

  // Replays the inputs; returns the file as it should be.
  std::string run() {
    LocalAddress a{"203.0.113.1", 30000}, b{"10.0.0.1", 30002}, next{"10.0.0.1", 30004};
    std::istringstream h(header_);
    std::string line;
    while (std::getline(h, line)) {
      std::istringstream words(line);
      std::string key;
      words >> key;
      if (key == "@local-a") a = local(words);
      if (key == "@local-b") b = local(words);
      if (key == "@next-callee") next = local(words);
    }
    OfferAnswerConfig cfg;
    cfg.session_id = 1234;
    OfferAnswer oa(a, b, cfg);
    out_ = header_;
    for (const auto& s : sections_) {
      if (!isInput(s.name)) continue;
      emit(s.name, s.body);
      step(oa, s, next);
    }
    return out_;
  }

 private:
  static bool isInput(const std::string& n) {
    return n == "caller-offer" || n == "callee-answer" || n == "next-callee" ||
           n.rfind("reoffer-from-", 0) == 0 || n.rfind("answer-from-", 0) == 0 ||
           n.rfind("offerless-to-", 0) == 0;
  }

  void emit(const std::string& name, const std::string& body) {
    out_ += "=== " + name + "\n" + body;
  }

  void emitSdp(const std::string& name, const Session& s) { emit(name, toLf(serialize(s))); }

  void emitError(const Error& e) { emit("error", e.message + "\n"); }

  Result<Session> input(const Section& s) {
    auto parsed = parse(toCrlf(s.body));
    if (!parsed) ADD_FAILURE() << s.name << " does not parse: " << parsed.error().message;
    return parsed;
  }

  void step(OfferAnswer& oa, const Section& s, const LocalAddress& next) {
    const std::string& n = s.name;
    if (n == "next-callee") {
      auto offer = oa.offerToNewCallee(next);
      offer ? emitSdp("offer-to-callee", *offer) : emitError(offer.error());
    } else if (n.rfind("offerless-to-", 0) == 0) {
      Leg to = n.back() == 'a' ? Leg::A : Leg::B;
      emitSdp(std::string("offer-to-") + n.back(), oa.localOffer(to));
      return;
    } else {
      auto in = input(s);
      if (!in) return;
      if (n == "caller-offer") {
        auto offer = oa.offerToCallee(*in);
        offer ? emitSdp("offer-to-callee", *offer) : emitError(offer.error());
      } else if (n == "callee-answer") {
        auto answer = oa.answerToCaller(*in);
        answer ? emitSdp("answer-to-caller", *answer) : emitError(answer.error());
      } else if (n.rfind("reoffer-from-", 0) == 0) {
        char from = n.back();
        auto r = oa.answerReoffer(from == 'a' ? Leg::A : Leg::B, *in);
        if (!r) {
          emitError(r.error());
        } else {
          emitSdp(std::string("answer-to-") + from, r->answer);
          if (r->offer_to_other) {
            emitSdp(std::string("offer-to-") + (from == 'a' ? 'b' : 'a'), *r->offer_to_other);
          }
        }
      } else {  // answer-from-x
        Status st = oa.applyAnswer(n.back() == 'a' ? Leg::A : Leg::B, *in);
        if (!st) emitError(st.error());
      }
    }
    if (oa.answered()) emit("plan", describe(oa.plan()));
  }

  std::string header_;
  std::vector<Section> sections_;
  std::string out_;
};

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> goldenFiles() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(HK_SDP_GOLDEN)) {
    if (e.path().extension() == ".txt") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(OfferAnswerGolden, EveryFileMatches) {
  auto files = goldenFiles();
  ASSERT_GE(files.size(), 8u) << "golden files missing in " << HK_SDP_GOLDEN;
  const char* update = std::getenv("HK_UPDATE_GOLDEN");
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    std::string text = readFile(f);
    std::string actual = Golden(text).run();
    if (update && std::string(update) == "1") {
      std::ofstream(f, std::ios::binary) << actual;
      continue;
    }
    EXPECT_EQ(actual, text);
  }
}

// The rules the golden files show, one by one.

Session parsed(const std::string& text) {
  auto s = parse(toCrlf(text));
  EXPECT_TRUE(s) << s.error().message;
  return s ? *s : Session{};
}

const char* kCaller =
    "v=0\no=a 1 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\n"
    "m=audio 4000 RTP/AVP 8 0 101\na=rtpmap:101 telephone-event/8000\n";

TEST(OfferAnswer, NoUsableAudioIsRefused) {
  OfferAnswer oa({"203.0.113.1", 30000}, {"10.0.0.1", 30002});
  for (const char* m :
       {"m=audio 4000 RTP/AVP 18\n", "m=audio 4000 RTP/SAVP 0\n", "m=audio 0 RTP/AVP 0\n",
        "m=image 4000 udptl t38\n", "m=video 4000 RTP/AVP 31\n"}) {
    auto offer = oa.offerToCallee(
        parsed(std::string("v=0\no=a 1 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\n") + m));
    ASSERT_FALSE(offer) << m;
    EXPECT_EQ(offer.error().code, Code::Invalid);
  }
}

TEST(OfferAnswer, VersionGoesUpOnlyWhenTheSdpChanges) {
  OfferAnswer oa({"203.0.113.1", 30000}, {"10.0.0.1", 30002});
  ASSERT_TRUE(oa.offerToCallee(parsed(kCaller)));
  auto answer = oa.answerToCaller(parsed(
      "v=0\no=b 5 5 IN IP4 10.0.0.9\ns=-\nc=IN IP4 10.0.0.9\nt=0 0\nm=audio 5000 RTP/AVP 8\n"));
  ASSERT_TRUE(answer);
  uint64_t v0 = answer->origin.session_version;
  // A session refresh with the same SDP: same version, nothing to mirror.
  auto same = oa.answerReoffer(Leg::A, parsed(kCaller));
  ASSERT_TRUE(same);
  EXPECT_EQ(same->answer.origin.session_version, v0);
  EXPECT_FALSE(same->offer_to_other);
  // Hold: version + 1 and the callee is re-offered.
  auto hold = oa.answerReoffer(Leg::A, parsed(std::string(kCaller) + "a=sendonly\n"));
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->answer.origin.session_version, v0 + 1);
  ASSERT_TRUE(hold->offer_to_other);
  EXPECT_EQ(hold->offer_to_other->media[0].direction, Direction::SendOnly);
  EXPECT_TRUE(oa.plan().a.on_hold);
}

TEST(OfferAnswer, EachLegIsItsOwnSession) {
  OfferAnswerConfig cfg;
  cfg.session_id = 77;
  OfferAnswer oa({"198.51.100.1", 20000}, {"203.0.113.1", 30000}, cfg);
  auto to_callee = oa.offerToCallee(parsed(kCaller));
  ASSERT_TRUE(to_callee);
  auto answer =
      oa.answerToCaller(parsed("v=0\no=b 5 5 IN IP4 192.0.2.20\ns=-\nc=IN IP4 192.0.2.20\nt=0 0\n"
                               "m=audio 5000 RTP/AVP 8\n"));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->origin.session_id, "77");     // toward the caller
  EXPECT_EQ(to_callee->origin.session_id, "78");  // toward the callee
}

TEST(OfferAnswer, CalleeAnswerWithoutOfferedCodecFails) {
  OfferAnswer oa({"203.0.113.1", 30000}, {"10.0.0.1", 30002});
  ASSERT_TRUE(oa.offerToCallee(parsed(kCaller)));
  auto answer = oa.answerToCaller(parsed(
      "v=0\no=b 5 5 IN IP4 10.0.0.9\ns=-\nc=IN IP4 10.0.0.9\nt=0 0\nm=audio 5000 RTP/AVP 18\n"));
  ASSERT_FALSE(answer);
  EXPECT_FALSE(oa.answered());
}

TEST(Direction, Arithmetic) {
  EXPECT_EQ(reverse(Direction::SendOnly), Direction::RecvOnly);
  EXPECT_EQ(reverse(Direction::RecvOnly), Direction::SendOnly);
  EXPECT_EQ(reverse(Direction::Inactive), Direction::Inactive);
  EXPECT_EQ(intersect(Direction::SendOnly, Direction::RecvOnly), Direction::Inactive);
  EXPECT_EQ(intersect(Direction::SendRecv, Direction::RecvOnly), Direction::RecvOnly);
}

}  // namespace
}  // namespace hk::sdp

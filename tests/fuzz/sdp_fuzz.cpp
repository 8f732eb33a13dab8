// libFuzzer target for SDP (src/sdp). Properties checked on every input:
// - parsing never crashes (ASan/UBSan watch the rest);
// - a description that parses survives serialize -> parse, and serializing again gives
//   the same text;
// - offer/answer on it never crashes, and every SDP Hankyo builds from it (the offer to
//   the callee, the answer to the caller, re-offer answers and mirrored offers) parses.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sdp/offer_answer.hpp"
#include "sdp/parser.hpp"

namespace {

using namespace hk::sdp;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "sdp_fuzz: property violated: %s\n", what);
    std::abort();
  }
}

// What we write may be a little longer than what we read (CRLF for LF, "t=0 0" added).
Limits relaxed() {
  Limits l;
  l.max_bytes = 1 << 20;
  l.max_lines = 1 << 16;
  l.max_line = 1 << 16;
  return l;
}

void checkOurs(const Session& s, const char* what) {
  auto again = parse(serialize(s), relaxed());
  check(again.has_value(), what);
}

void offerAnswer(const Session& s) {
  OfferAnswer oa({"203.0.113.1", 30000}, {"2001:db8::1", 30002});
  auto offer = oa.offerToCallee(s);
  if (!offer) return;
  checkOurs(*offer, "offer to the callee parses");
  // The same description as the callee's answer, then as re-offers from both legs.
  auto answer = oa.answerToCaller(s);
  if (!answer) return;
  checkOurs(*answer, "answer to the caller parses");
  check(oa.answered(), "answered after an answer");
  for (Leg from : {Leg::A, Leg::B}) {
    auto r = oa.answerReoffer(from, s);
    if (!r) continue;
    checkOurs(r->answer, "re-offer answer parses");
    if (r->offer_to_other) {
      checkOurs(*r->offer_to_other, "mirrored offer parses");
      (void)oa.applyAnswer(from == Leg::A ? Leg::B : Leg::A, s);
    }
  }
  checkOurs(oa.localOffer(Leg::A), "local offer parses");
  auto next = oa.offerToNewCallee({"10.0.0.1", 30004});
  check(next.has_value(), "a new callee can be offered");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = parse(text);
  if (!s) {
    check(!s.error().message.empty(), "an error says why");
    return 0;
  }
  std::string once = serialize(*s);
  auto again = parse(once, relaxed());
  check(again.has_value(), "serialized SDP parses");
  check(serialize(*again) == once, "serialize -> parse -> serialize is stable");
  offerAnswer(*s);
  return 0;
}

// libFuzzer target for the SIP message layer. Properties checked on every input:
// - parsing never crashes (ASan/UBSan watch the rest);
// - a message that parses survives serialize -> parse, with the same start line, Call-ID
//   and CSeq;
// - every typed accessor can be called; the addresses, Vias and URIs they return
//   re-parse from their own toString();
// - a parse failure that may be answered gives a response that serializes;
// - the stream Framer copes with the same bytes fed in pieces.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/framer.hpp"
#include "sip/parser.hpp"
#include "sip/response.hpp"

namespace {

using namespace hk::sip;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "sip_message_fuzz: property violated: %s\n", what);
    std::abort();
  }
}

Limits relaxed() {
  Limits l;
  l.max_message = 4 << 20;
  l.max_headers = 1 << 20;
  l.max_header_line = 4 << 20;
  return l;
}

void checkUri(const Uri& u) {
  std::string text = u.toString();
  auto again = parseUri(text);
  check(again.has_value(), "URI does not re-parse from toString()");
  check(uriEquals(u, *again), "URI differs after toString()");
}

void checkNameAddr(const NameAddr& na) {
  checkUri(na.uri);
  (void)na.displayName();
  std::string text = na.toString();  // the views of `again` point into it
  auto again = parseNameAddr(text);
  check(again.has_value(), "name-addr does not re-parse from toString()");
  check(again->tag() == na.tag(), "name-addr tag differs after toString()");
}

void exerciseAccessors(const Message& m) {
  if (m.isRequest()) {
    if (auto u = m.requestUri()) checkUri(*u);
  }
  if (auto f = m.from()) checkNameAddr(*f);
  if (auto t = m.to()) checkNameAddr(*t);
  if (auto vias = m.vias()) {
    for (const Via& v : *vias) {
      std::string text = v.toString();
      auto again = parseVia(text);
      check(again.has_value(), "Via does not re-parse from toString()");
      check(again->branch == v.branch, "Via branch differs after toString()");
    }
  }
  if (auto c = m.contacts()) {
    for (const NameAddr& na : c->contacts) checkNameAddr(na);
  }
  for (auto list : {m.routes(), m.recordRoutes(), m.pAssertedIdentity()}) {
    if (list) {
      for (const NameAddr& na : *list) checkNameAddr(na);
    }
  }
  (void)m.maxForwards();
  (void)m.contentLength();
  if (auto ct = m.contentType()) (void)ct->params.size();
  (void)m.expires();
  for (HeaderId id : {HeaderId::Require, HeaderId::Supported, HeaderId::Allow,
                      HeaderId::ProxyRequire, HeaderId::Unsupported}) {
    (void)m.tokens(id);
  }
  (void)m.privacy();
  (void)m.rseq();
  (void)m.rack();
  (void)m.sessionExpires();
  (void)m.minSE();
  if (auto r = m.reasons()) {
    for (const Reason& one : *r) (void)one.textDecoded();
  }
  (void)m.retryAfter();
  for (HeaderId id : {HeaderId::WWWAuthenticate, HeaderId::ProxyAuthenticate,
                      HeaderId::Authorization, HeaderId::ProxyAuthorization}) {
    (void)m.auth(id);
  }
  for (const Header& h : m.headers()) (void)m.headerValues(h.name);
}

void exerciseFramer(std::string_view input) {
  Limits limits;
  limits.max_message = 4096;
  Framer framer(limits);
  size_t step = input.empty() ? 1 : 1 + static_cast<unsigned char>(input[0]) % 64;
  for (size_t i = 0; i < input.size(); i += step) {
    if (!framer.feed(input.substr(i, step))) return;
    while (true) {
      auto next = framer.next();
      if (!next || !*next) break;
      (void)parseMessage(**next, framer.limits());
    }
  }
  (void)framer.takePings();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ParseFailure why;
  auto msg = parseMessage(input, Limits{}, &why);
  if (!msg) {
    if (why.canRespond()) {
      Message resp = makeResponse(*why.request, why.status, why.reason, "fuzz");
      check(!resp.toString().empty(), "empty error response");
    }
    exerciseFramer(input);
    return 0;
  }
  exerciseAccessors(*msg);

  std::string out = msg->toString();
  auto again = parseMessage(out, relaxed());
  check(again.has_value(), "serialized message does not parse again");
  check(again->isRequest() == msg->isRequest(), "request/response flipped");
  check(again->method() == msg->method(), "method changed");
  check(again->status() == msg->status(), "status changed");
  check(again->callId().value() == msg->callId().value(), "Call-ID changed");
  check(again->cseq()->num == msg->cseq()->num, "CSeq number changed");
  check(again->cseq()->method == msg->cseq()->method, "CSeq method changed");
  check(again->body() == msg->body(), "body changed");
  check(again->toString() == out, "serialization is not a fixed point");
  if (msg->isRequest()) {
    Message resp = makeResponse(*msg, 200, {}, "fuzz");
    check(parseMessage(resp.toString(), relaxed()).has_value(), "200 response does not parse");
  }
  exerciseFramer(input);
  return 0;
}

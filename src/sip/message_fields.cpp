// Typed accessors of Message: each parses its header on demand.
#include "sip/message.hpp"
#include "sip/scalars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

hk::Error missing(HeaderId id) {
  return {hk::Code::NotFound,
          "no " + std::string(canonicalName(id)) + " header",
          std::string(canonicalName(id)),
          {}};
}

hk::Error named(hk::Error e, HeaderId id) {
  if (e.field.empty()) e.field = std::string(canonicalName(id));
  if (e.message.find(canonicalName(id)) == std::string::npos) {
    e.message = std::string(canonicalName(id)) + ": " + e.message;
  }
  return e;
}

// Parses the first occurrence of a single-value header.
template <class Parse>
auto single(const Message& m, HeaderId id, Parse parse) -> decltype(parse(std::string_view())) {
  auto v = m.header(id);
  if (!v) return missing(id);
  auto r = parse(*v);
  if (!r) return named(r.error(), id);
  return r;
}

// Parses every element of every occurrence of a list header.
template <class T, class Parse>
hk::Result<std::vector<T>> list(const Message& m, HeaderId id, Parse parse) {
  std::vector<T> out;
  bool found = false;
  for (const Header& h : m.headers()) {
    if (h.id != id) continue;
    found = true;
    auto r = parse(h.value);
    if (!r) return named(r.error(), id);
    out.insert(out.end(), r->begin(), r->end());
  }
  if (!found) return missing(id);
  return out;
}

}  // namespace

hk::Result<std::string_view> Message::callId() const {
  return single(*this, HeaderId::CallId, [](std::string_view v) -> hk::Result<std::string_view> {
    if (!isValidCallId(v)) return hk::Error::invalid("bad Call-ID");
    return v;
  });
}

hk::Result<CSeq> Message::cseq() const { return single(*this, HeaderId::CSeq, parseCSeq); }
hk::Result<NameAddr> Message::from() const { return single(*this, HeaderId::From, parseNameAddr); }
hk::Result<NameAddr> Message::to() const { return single(*this, HeaderId::To, parseNameAddr); }

hk::Result<std::vector<Via>> Message::vias() const {
  return list<Via>(*this, HeaderId::Via, parseViaList);
}

hk::Result<Via> Message::topVia() const {
  return single(*this, HeaderId::Via,
                [](std::string_view v) { return parseVia(firstListItem(v)); });
}

hk::Result<uint32_t> Message::maxForwards() const {
  return single(*this, HeaderId::MaxForwards, parseMaxForwards);
}

hk::Result<ContactList> Message::contacts() const {
  ContactList out;
  bool found = false;
  for (const Header& h : headers_) {
    if (h.id != HeaderId::Contact) continue;
    found = true;
    if (h.value == "*") {
      out.star = true;
      continue;
    }
    auto r = parseNameAddrList(h.value);
    if (!r) return named(r.error(), HeaderId::Contact);
    out.contacts.insert(out.contacts.end(), r->begin(), r->end());
  }
  if (!found) return missing(HeaderId::Contact);
  if (out.star && !out.contacts.empty()) {
    return hk::Error::invalid("Contact: * mixed with addresses", "Contact");
  }
  return out;
}

hk::Result<std::vector<NameAddr>> Message::routes() const {
  return list<NameAddr>(*this, HeaderId::Route, parseNameAddrList);
}

hk::Result<std::vector<NameAddr>> Message::recordRoutes() const {
  return list<NameAddr>(*this, HeaderId::RecordRoute, parseNameAddrList);
}

hk::Result<uint64_t> Message::contentLength() const {
  return single(*this, HeaderId::ContentLength,
                [](std::string_view v) { return parseContentLength(v, 0xffffffff); });
}

hk::Result<MediaType> Message::contentType() const {
  return single(*this, HeaderId::ContentType, parseMediaType);
}

hk::Result<uint32_t> Message::expires() const {
  return single(*this, HeaderId::Expires, parseDeltaSeconds);
}

hk::Result<std::vector<std::string_view>> Message::tokens(HeaderId id) const {
  return list<std::string_view>(*this, id, parseTokenList);
}

hk::Result<std::vector<NameAddr>> Message::pAssertedIdentity() const {
  return list<NameAddr>(*this, HeaderId::PAssertedIdentity, parseNameAddrList);
}

hk::Result<std::vector<std::string_view>> Message::privacy() const {
  return list<std::string_view>(*this, HeaderId::Privacy, parsePrivacy);
}

hk::Result<uint32_t> Message::rseq() const { return single(*this, HeaderId::RSeq, parseRSeq); }
hk::Result<RAck> Message::rack() const { return single(*this, HeaderId::RAck, parseRAck); }

hk::Result<SessionExpires> Message::sessionExpires() const {
  return single(*this, HeaderId::SessionExpires, parseSessionExpires);
}

hk::Result<MinSE> Message::minSE() const { return single(*this, HeaderId::MinSE, parseMinSE); }

hk::Result<std::vector<Reason>> Message::reasons() const {
  return list<Reason>(*this, HeaderId::Reason, parseReasons);
}

hk::Result<RetryAfter> Message::retryAfter() const {
  return single(*this, HeaderId::RetryAfter, parseRetryAfter);
}

hk::Result<std::vector<AuthValue>> Message::auth(HeaderId id) const {
  return list<AuthValue>(*this, id, [](std::string_view v) -> hk::Result<std::vector<AuthValue>> {
    auto a = parseAuth(v);
    if (!a) return a.error();
    return std::vector<AuthValue>{*a};
  });
}

}  // namespace hk::sip

// Checks of a parsed message: mandatory headers present once and well-formed, numbers in
// range, CSeq method and Request-URI consistent with the request line.
#include <array>
#include <string>

#include "sip/detail/message_parser.hpp"
#include "sip/scalars.hpp"
#include "sip/text.hpp"

namespace hk::sip::detail {
namespace {

constexpr std::array<HeaderId, 5> kMandatory = {HeaderId::Via, HeaderId::From, HeaderId::To,
                                                HeaderId::CallId, HeaderId::CSeq};

constexpr std::array<HeaderId, 5> kSingle = {HeaderId::From, HeaderId::To, HeaderId::CallId,
                                             HeaderId::CSeq, HeaderId::MaxForwards};

}  // namespace

void MessageParser::validate() {
  std::string missing;
  for (HeaderId id : kMandatory) {
    if (msg_.headerCount(id) == 0) {
      missing += missing.empty() ? "" : ", ";
      missing += canonicalName(id);
    }
  }
  if (!missing.empty()) {
    fail(hk::Error::invalid("missing " + missing, missing.substr(0, missing.find(','))));
    return;
  }
  mandatory_ok_ = true;
  auto bad = [this](std::string msg, HeaderId id) {
    mandatory_ok_ = false;
    fail(hk::Error::invalid(std::move(msg), std::string(canonicalName(id))));
  };
  if (auto via = msg_.topVia(); !via) bad("bad Via", HeaderId::Via);
  if (auto from = msg_.from(); !from) bad("bad From", HeaderId::From);
  if (auto to = msg_.to(); !to) bad("bad To", HeaderId::To);
  if (auto id = msg_.callId(); !id) bad("bad Call-ID", HeaderId::CallId);
  auto cseq = msg_.cseq();
  if (!cseq) {
    if (cseq.error().code == hk::Code::TooLarge) {
      fail(hk::Error::invalid("CSeq number out of range", "CSeq"));
    } else {
      bad("bad CSeq", HeaderId::CSeq);
    }
  }
  for (HeaderId id : kSingle) {
    if (msg_.headerCount(id) > 1) {
      fail(hk::Error::invalid("multiple " + std::string(canonicalName(id)) + " headers",
                              std::string(canonicalName(id))));
    }
  }
  if (msg_.header(HeaderId::MaxForwards)) {
    if (auto mf = msg_.maxForwards(); !mf)
      fail(hk::Error::invalid("bad Max-Forwards", "Max-Forwards"));
  }
  if (msg_.is_request_) validateRequest();
}

void MessageParser::validateRequest() {
  if (auto cseq = msg_.cseq(); cseq && cseq->method != msg_.method_) {
    fail(hk::Error::invalid("CSeq method does not match the request method", "CSeq"));
  }
  auto uri = parseUri(msg_.uri_);
  if (!uri) {
    fail(hk::Error::invalid("bad Request-URI", "Request-URI"));
  } else if (uri->isSip() && !uri->headers.empty()) {
    fail(hk::Error::invalid("headers in the Request-URI", "Request-URI"));
  }
}

}  // namespace hk::sip::detail

#include "sip/session_timer.hpp"

#include "sip/scalars.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

// delta-seconds *( ";" generic-param )
hk::Status parseDeltaAndParams(std::string_view value, uint32_t& delta, Params& params) {
  std::string_view v = trim(value);
  size_t semi = v.find(';');
  auto d = parseDeltaSeconds(v.substr(0, semi));
  if (!d) return d.error();
  delta = *d;
  if (semi != std::string_view::npos) {
    auto p = Params::parse(v.substr(semi), ParamStyle::Header);
    if (!p) return p.error();
    params = *p;
  }
  return hk::ok();
}

}  // namespace

hk::Result<SessionExpires> parseSessionExpires(std::string_view value) {
  SessionExpires se;
  if (!parseDeltaAndParams(value, se.delta, se.params)) {
    return hk::Error::invalid("bad Session-Expires", "Session-Expires");
  }
  if (auto r = se.params.get("refresher")) {
    if (!iequals(*r, "uac") && !iequals(*r, "uas")) {
      return hk::Error::invalid("bad Session-Expires refresher", "Session-Expires");
    }
    se.refresher = *r;
  }
  return se;
}

hk::Result<MinSE> parseMinSE(std::string_view value) {
  MinSE m;
  if (!parseDeltaAndParams(value, m.delta, m.params)) {
    return hk::Error::invalid("bad Min-SE", "Min-SE");
  }
  return m;
}

}  // namespace hk::sip

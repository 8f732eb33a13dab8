#include "sip/media_type.hpp"

#include "sip/text.hpp"

namespace hk::sip {

bool MediaType::is(std::string_view t, std::string_view s) const {
  return iequals(type, t) && iequals(subtype, s);
}

hk::Result<MediaType> parseMediaType(std::string_view value) {
  std::string_view v = trim(value);
  size_t slash = v.find('/');
  if (slash == std::string_view::npos) return hk::Error::invalid("bad media type", "Content-Type");
  MediaType mt;
  mt.type = trim(v.substr(0, slash));
  std::string_view rest = v.substr(slash + 1);
  size_t semi = rest.find(';');
  mt.subtype = trim(rest.substr(0, semi));
  if (!isToken(mt.type) || !isToken(mt.subtype)) {
    return hk::Error::invalid("bad media type", "Content-Type");
  }
  if (semi != std::string_view::npos) {
    auto params = Params::parse(rest.substr(semi), ParamStyle::Header);
    if (!params) return hk::Error::invalid("bad media type parameter", "Content-Type");
    mt.params = *params;
  }
  return mt;
}

}  // namespace hk::sip

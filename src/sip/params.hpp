#pragma once
// Parameters (";name=value;flag") of header values and URIs. A Params is a view over text
// that parse() has validated; lookups scan it again, so there is no allocation per
// parameter. Views stay valid as long as the text they point into.
#include <cstddef>
#include <iterator>
#include <optional>
#include <string_view>

#include "base/result.hpp"

namespace hk::sip {

enum class ParamStyle {
  Header,  // generic-param: SWS around ';' and '=', value token / host / quoted-string
  Uri,     // uri-parameter: no whitespace, paramchar and %HH escapes only
};

struct Param {
  std::string_view name;
  std::string_view value;  // quotes stripped, escapes kept; empty for a flag
  bool has_value = false;
};

class Params {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Param;
    using difference_type = std::ptrdiff_t;
    using pointer = const Param*;
    using reference = const Param&;

    Iterator() = default;
    Iterator(std::string_view rest, ParamStyle style);
    const Param& operator*() const { return current_; }
    const Param* operator->() const { return &current_; }
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& o) const { return done_ == o.done_ && rest_ == o.rest_; }

   private:
    std::string_view rest_;
    ParamStyle style_ = ParamStyle::Header;
    Param current_;
    bool done_ = true;
  };

  // More parameters than this on one value is refused (no real message comes close).
  static constexpr size_t kMaxParams = 64;

  Params() = default;
  // text: zero or more parameters, each with its leading ';' (";a=b;c"), and nothing else.
  // A name given twice (case-insensitive) is refused.
  static hk::Result<Params> parse(std::string_view text, ParamStyle style);

  // Value of the first parameter with this name (case-insensitive): "" for a flag,
  // nullopt when absent.
  std::optional<std::string_view> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  bool empty() const { return raw_.empty(); }
  size_t size() const;
  // The text as written, "" or ";a=b;c" (for a header, with its inner whitespace).
  std::string_view raw() const { return raw_; }
  ParamStyle style() const { return style_; }

  Iterator begin() const { return Iterator(raw_, style_); }
  Iterator end() const { return Iterator(); }

 private:
  Params(std::string_view raw, ParamStyle style) : raw_(raw), style_(style) {}
  std::string_view raw_;
  ParamStyle style_ = ParamStyle::Header;
};

namespace detail {
// Reads one parameter at the start of rest (leading SWS ";" ...), advancing rest past it.
// Returns false on a syntax error or when rest holds no parameter.
bool scanParam(std::string_view& rest, Param& out, ParamStyle style);
}  // namespace detail

}  // namespace hk::sip

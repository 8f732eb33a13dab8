#pragma once
// The parser behind parseMessage(), split over parser.cpp (start line, header lines,
// body) and parser_validate.cpp (mandatory headers and their syntax).
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/message.hpp"
#include "sip/parser.hpp"

namespace hk::sip::detail {

class MessageParser {
 public:
  MessageParser(std::string_view data, const Limits& limits);
  hk::Result<Message> run(ParseFailure* failure);

 private:
  struct Pending {
    size_t line_start = 0;
    size_t value_start = 0;
    size_t value_end = 0;
    std::string_view name;
    bool active = false;
  };

  // Records the first error. `drop` forbids any response, whatever else parsed.
  void fail(hk::Error e, int status = 400);
  void failDrop(hk::Error e);

  bool parseStartLine(std::string_view line);
  bool parseRequestLine(std::string_view line);
  bool parseStatusLine(std::string_view line);
  // Returns the offset of the body, or npos when the header block is not terminated or a
  // limit stopped the parse.
  size_t parseHeaders(size_t pos);
  bool headerLine(size_t start, size_t end, Pending& pending);
  bool finishHeader(Pending& pending);
  void parseBody(size_t body_start);
  // parser_validate.cpp
  void validate();
  void validateRequest();

  std::string_view data_;
  const Limits& limits_;
  Message msg_;
  char* buf_ = nullptr;
  size_t size_ = 0;

  std::optional<hk::Error> error_;
  int status_ = 0;
  bool drop_ = false;
  bool mandatory_ok_ = false;  // top Via, From, To, Call-ID and CSeq parse
};

}  // namespace hk::sip::detail

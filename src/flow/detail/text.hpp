#pragma once
// Text rules shared by the flow readers and verbs.
#include <cstddef>
#include <string>
#include <string_view>

namespace hk::flow::detail {

// "" when `s` is non-empty, at most max_bytes, valid UTF-8 and free of control characters
// (tab and newline allowed); otherwise the reason.
std::string checkText(std::string_view s, size_t max_bytes);
// Unicode code points in valid UTF-8 (SMS length).
size_t codePoints(std::string_view s);

// Step ids: 1..40 of A-Z a-z 0-9 _ -.
inline constexpr size_t kMaxStepIdBytes = 40;
bool isStepId(std::string_view s);
// Variable names (gather's variable, set's variables): a-z first, then a-z 0-9 _, up to 40.
bool isVariableName(std::string_view s);
// A phone number as people write it ("03-1234-5678", "+81 90 1234 5678": digits with an
// optional leading '+' and the separators - space ( ) .; 3 to 20 digits) or a sip:/sips: URI
// with a user part.
bool isPhoneNumber(std::string_view s);
bool isSipUri(std::string_view s);
// A prompt id of media::PromptStore: 32 lowercase hex characters.
bool isPromptId(std::string_view s);
// DTMF keys: 0-9 * #.
bool isDtmf(char c);

}  // namespace hk::flow::detail

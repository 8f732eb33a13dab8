#pragma once
// How an issued number is shown: the national format Japanese pages use ("0120-123-456",
// "03-1234-5678", "050-1234-5678") and E.164 for tel: links.
#include <string>

namespace hk::tracking {

// National digits -> the usual hyphenated form; other input is returned as it is.
std::string formatNational(const std::string& digits);
// "0312345678" -> "+81312345678"; "+1..." stays; empty for empty input.
std::string toE164(const std::string& digits);

}  // namespace hk::tracking

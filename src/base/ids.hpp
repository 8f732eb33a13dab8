#pragma once
#include <string>

namespace hk {

// A call's transaction id (SPEC §5 trn_id): 24 characters of [0-9A-Za-z], from the OS CSPRNG.
std::string newTrnId();
bool isTrnId(const std::string& s);

// A random token of `bytes` bytes as lowercase hex (API keys, session ids, lease ids).
std::string randomHex(size_t bytes);

}  // namespace hk

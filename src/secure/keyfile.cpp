#include "secure/keyfile.hpp"

#include <sodium.h>

#include <map>

#include "secure/detail/private_file.hpp"

namespace hk::secure {

struct KeyRing::State {
  Key callerIndex;
  Key apiKeyHash;
  Key sessionToken;
  std::map<uint32_t, Key> data;  // Key wipes itself on destruction
  uint32_t active = 0;
};

namespace {

using detail::WipeOnExit;

constexpr uint32_t kMaxKeyId = 999'999'999;

// crypto_kdf contexts: exactly crypto_kdf_CONTEXTBYTES (8) characters each.
constexpr char kCtxCallerIndex[] = "hkcallix";
constexpr char kCtxApiKey[] = "hkapikey";
constexpr char kCtxSession[] = "hksessn1";
static_assert(sizeof kCtxCallerIndex - 1 == crypto_kdf_CONTEXTBYTES);
static_assert(sizeof kCtxApiKey - 1 == crypto_kdf_CONTEXTBYTES);
static_assert(sizeof kCtxSession - 1 == crypto_kdf_CONTEXTBYTES);

void derive(Key& out, const Key& master, const char* ctx) {
  crypto_kdf_derive_from_key(out.data(), out.size(), 1, ctx, master.data());
}

std::vector<std::string_view> splitWords(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool parseKeyHex(std::string_view hex, Key& out) {
  if (hex.size() != kKeyBytes * 2) return false;
  for (char c : hex) {
    bool isHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!isHex) return false;
  }
  size_t len = 0;
  return sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) ==
             0 &&
         len == kKeyBytes;
}

}  // namespace

bool parseKeyId(std::string_view s, uint32_t& out) {
  if (s.empty() || s.size() > 9 || s[0] == '0') return false;
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  out = v;
  return true;
}

namespace {

std::string keyLine(std::string_view prefix, const Key& key) {
  std::string line(prefix);
  line.reserve(prefix.size() + kKeyBytes * 2 + 2);
  std::string hex = toHex(key.data(), key.size());
  WipeOnExit wipeHex(hex);
  line += hex;
  line += '\n';
  return line;
}

std::string newFileText() {
  std::string text =
      "# Hankyo key file: the same file on every node, mode 0600, never in a backup in clear.\n"
      "# index: never rotated (caller-number search and API-key/session hashes depend on it).\n"
      "# data <id>: the highest id encrypts, every id decrypts. Add keys by rotation only and\n"
      "# never remove a data key while stored data still uses it.\n";
  text.reserve(text.size() + 2 * (kKeyBytes * 2 + 16));
  std::string index = keyLine("index ", Key::random());
  std::string data = keyLine("data 1 ", Key::random());
  WipeOnExit wipeIndex(index);
  WipeOnExit wipeData(data);
  text += index;
  text += data;
  return text;
}

}  // namespace

Result<KeyRing> KeyRing::parse(std::string_view text, std::string_view origin) {
  if (auto st = initSodium(); !st) return st.error();
  auto bad = [&](size_t lineNo, std::string_view why) {
    return fail(Error::invalid("key file " + std::string(origin) + ": line " +
                               std::to_string(lineNo) + ": " + std::string(why)));
  };
  auto state = std::make_shared<State>();
  Key index;
  bool haveIndex = false;
  size_t lineNo = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto words = splitWords(line);
    if (words.empty() || words[0][0] == '#') continue;
    if (words[0] == "index") {
      if (haveIndex) return bad(lineNo, "second index key (there must be exactly one)");
      if (words.size() != 2 || !parseKeyHex(words[1], index)) {
        return bad(lineNo, "expected `index <64 hex chars>`");
      }
      haveIndex = true;
    } else if (words[0] == "data") {
      uint32_t id = 0;
      Key key;
      if (words.size() != 3 || !parseKeyId(words[1], id) || !parseKeyHex(words[2], key)) {
        return bad(lineNo, "expected `data <id 1..999999999> <64 hex chars>`");
      }
      if (!state->data.emplace(id, key).second) {
        return bad(lineNo, "data key id " + std::to_string(id) + " appears twice");
      }
    } else {
      return bad(lineNo, "unknown entry (expected `index`, `data` or a # comment)");
    }
  }
  if (!haveIndex) {
    return fail(Error::invalid("key file " + std::string(origin) + " has no index key"));
  }
  if (state->data.empty()) {
    return fail(Error::invalid("key file " + std::string(origin) + " has no data key"));
  }
  state->active = state->data.rbegin()->first;
  derive(state->callerIndex, index, kCtxCallerIndex);
  derive(state->apiKeyHash, index, kCtxApiKey);
  derive(state->sessionToken, index, kCtxSession);
  return KeyRing(std::move(state));
}

Result<KeyRing> KeyRing::load(const std::string& path) {
  auto text = detail::readPrivateFile(path);
  if (!text) return text.error();
  WipeOnExit wipe(*text);
  return parse(*text, path);
}

Result<KeyRing> KeyRing::loadOrCreate(const std::string& path) {
  if (auto st = initSodium(); !st) return st.error();
  auto ring = load(path);
  if (ring || ring.error().code != Code::NotFound) return ring;
  std::string text = newFileText();
  WipeOnExit wipe(text);
  auto created = detail::createPrivateFile(path, text);
  // Conflict: another process created it first; its keys win.
  if (!created && created.error().code != Code::Conflict) return created.error();
  return load(path);
}

Result<KeyRing> KeyRing::rotate(const std::string& path) {
  auto lock = detail::FileLock::acquire(path);
  if (!lock) return lock.error();
  auto text = detail::readPrivateFile(path);
  if (!text) return text.error();
  WipeOnExit wipeOld(*text);
  auto current = parse(*text, path);
  if (!current) return current.error();
  uint32_t next = current->activeKeyId() + 1;
  if (next > kMaxKeyId) {
    return fail(Error::invalid("key file " + path + ": no data key id left to rotate to"));
  }
  std::string line = keyLine("data " + std::to_string(next) + " ", Key::random());
  WipeOnExit wipeLine(line);
  std::string updated;
  WipeOnExit wipeUpdated(updated);
  updated.reserve(text->size() + line.size() + 1);
  updated += *text;
  if (!updated.empty() && updated.back() != '\n') updated += '\n';
  updated += line;
  auto rotated = parse(updated, path);
  if (!rotated) return rotated.error();
  if (auto st = detail::replacePrivateFile(path, updated); !st) return st.error();
  return rotated;
}

uint32_t KeyRing::activeKeyId() const { return s_->active; }

const Key& KeyRing::activeDataKey() const { return s_->data.at(s_->active); }

const Key* KeyRing::dataKey(uint32_t id) const {
  auto it = s_->data.find(id);
  return it == s_->data.end() ? nullptr : &it->second;
}

std::vector<uint32_t> KeyRing::dataKeyIds() const {
  std::vector<uint32_t> ids;
  ids.reserve(s_->data.size());
  for (const auto& [id, key] : s_->data) ids.push_back(id);
  return ids;
}

const Key& KeyRing::callerIndexKey() const { return s_->callerIndex; }
const Key& KeyRing::apiKeyHashKey() const { return s_->apiKeyHash; }
const Key& KeyRing::sessionTokenKey() const { return s_->sessionToken; }

}  // namespace hk::secure

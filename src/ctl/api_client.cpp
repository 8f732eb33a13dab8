#include <curl/curl.h>
#include <fmt/format.h>

#include "ctl/ctl.hpp"

namespace hk::ctl {

namespace {
size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}
}  // namespace

Result<ApiReply> apiCall(const std::string& base_url, const std::string& key,
                         const std::string& method, const std::string& path,
                         const std::string& body) {
  CURL* curl = curl_easy_init();
  if (!curl) return fail(Code::Internal, "libcurl failed to start");
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += path;
  std::string out;
  curl_slist* headers = nullptr;
  std::string auth = "Authorization: Bearer " + key;
  headers = curl_slist_append(headers, auth.c_str());
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Accept: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  if (!body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    return fail(Code::Unavailable, fmt::format("{}: {}", url, curl_easy_strerror(rc)));
  }
  ApiReply reply{status, nlohmann::json()};
  if (!out.empty()) {
    reply.body = nlohmann::json::parse(out, nullptr, false);
    if (reply.body.is_discarded()) reply.body = out;
  }
  return reply;
}

}  // namespace hk::ctl

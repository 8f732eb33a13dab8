#pragma once
// What the REST handlers need, built by app::Server. Handlers are thin: HTTP in, one
// service call in one transaction, HTTP out.
#include <chrono>
#include <filesystem>

#include "api/router.hpp"
#include "base/clock.hpp"
#include "secure/caller_cipher.hpp"
#include "secure/keyfile.hpp"
#include "service/absence.hpp"
#include "service/auth.hpp"
#include "service/blocking.hpp"
#include "service/call_media.hpp"
#include "service/calls.hpp"
#include "service/flows.hpp"
#include "service/numbers.hpp"
#include "service/people.hpp"
#include "service/prompts.hpp"
#include "service/tenants.hpp"
#include "store/store.hpp"

namespace hk::api {

// The media the API serves, below media_dir (empty: none): prompts (uploads limited by
// `limits`), call recordings and voicemail.
struct ApiMedia {
  std::filesystem::path media_dir;
  media::UploadLimits limits;
  // The prompt store the calls play from (app::Server opens one per process, thread-safe),
  // so that uploads and playback share one cache. Null: the API opens its own at first use.
  media::PromptStore* prompt_store = nullptr;
};

struct ApiContext {
  ApiContext(store::Store& s, service::Auth& a, const Clock& c, const secure::KeyRing& k,
             bool secure_cookie, ApiMedia media = {})
      : store(s),
        auth(a),
        clock(c),
        keys(k),
        cipher(k),
        tenants(c),
        numbers(c),
        people(c, k),
        calls(cipher),
        flows(c),
        blocking(cipher),
        prompts(media.prompt_store, media.media_dir, media.limits),
        call_media(calls, media.media_dir),
        cookie_secure(secure_cookie) {}
  store::Store& store;
  service::Auth& auth;
  const Clock& clock;
  const secure::KeyRing& keys;
  secure::CallerCipher cipher;
  service::Tenants tenants;
  service::Numbers numbers;
  service::People people;
  service::Calls calls;
  service::Flows flows;
  service::Blocking blocking;
  service::Absence absence;
  service::Prompts prompts;
  service::CallMedia call_media;
  bool cookie_secure;
};

// Registers every /api/v1 route.
void addApiRoutes(Router& router, ApiContext& ctx);

}  // namespace hk::api

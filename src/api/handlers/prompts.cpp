// Prompts: GET/POST /api/v1/prompts, GET/PATCH/DELETE /api/v1/prompts/{id} and the converted
// audio at GET /api/v1/prompts/{id}/audio. An upload is the audio file itself as the request
// body (Content-Type audio/* or application/octet-stream), its name and owner in the query:
//   POST /api/v1/prompts?name=Welcome&advertiser_id=3   (body: the WAV)
// Unreadable or too long audio: 422 on "body"; larger than media.upload_max_mb: 413 on "body".
#include "service/prompts.hpp"

#include "api/handlers/audio_response.hpp"
#include "api/handlers/crud.hpp"
#include "api/handlers/flow_common.hpp"
#include "service/object_reader.hpp"

namespace hk::api {

using nlohmann::json;

namespace {

constexpr const char* kPrompts = "/api/v1/prompts";

// The answer to a failed upload: the audio's own problems are 413/422 on "body".
Response uploadProblem(const Error& e) {
  if (e.field == "body" && (e.code == Code::TooLarge || e.code == Code::Invalid)) {
    int status = e.code == Code::TooLarge ? 413 : 422;
    return problem(status, e.message, {{"body", e.message}});
  }
  return problem(e);
}

bool isAudioType(std::string_view ct) {
  auto semi = ct.find(';');
  std::string type(ct.substr(0, semi));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type.starts_with("audio/") || type == "application/octet-stream";
}

Response upload(ApiContext& ctx, Request& req) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  std::string_view ct = req.header("Content-Type");
  if (ct.starts_with("application/json")) {
    return problem(400, "send the audio file itself as the body, not JSON",
                   {{"Content-Type", "must be audio/* or application/octet-stream"}});
  }
  if (!isAudioType(ct)) {
    return problem(415, "Content-Type must be audio/* (audio/wav) or application/octet-stream");
  }
  FieldErrors errs;
  service::PromptUpload u;
  if (auto v = req.queryValue("name")) {
    u.name = *v;
  } else {
    errs.add("name", "is required");
  }
  std::optional<domain::Id> op, adv;
  idQuery(req, "operator_id", op, errs);
  idQuery(req, "advertiser_id", adv, errs);
  if (!errs.empty()) return errs.toResponse();
  u.operator_id = op.value_or(0);
  u.advertiser_id = adv.value_or(0);
  u.bytes = std::span(reinterpret_cast<const uint8_t*>(req.body.data()), req.body.size());
  auto tx = beginTx(ctx, true);
  if (!tx) return tx.problem();
  auto row = ctx.prompts.upload(**tx, *p, u);
  if (!row) return uploadProblem(row.error());
  if (auto err = commit(**tx)) {
    ctx.prompts.discard(row->id);
    return *err;
  }
  Response out = Response::json(201, service::toJson(*row));
  out.headers.set("Location", std::string(kPrompts) + "/" + row->id);
  return out;
}

Response list(ApiContext& ctx, Request& req) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  FieldErrors errs;
  PagingRules rules;
  rules.sortable = {"id", "name", "advertiser_id", "duration_ms", "created_at", "updated_at"};
  rules.default_sort = "created_at";
  auto page = parsePaging(req, rules, errs);
  store::PromptFilter f;
  idQuery(req, "advertiser_id", f.advertiser_id, errs, /*allow_zero=*/true);
  if (auto q = req.queryValue("q")) f.q = q->substr(0, 100);
  if (!errs.empty()) return errs.toResponse();
  auto tx = beginTx(ctx, false);
  if (!tx) return tx.problem();
  auto rows = ctx.prompts.list(**tx, *p, f, toStore(page));
  if (!rows) return problem(rows.error());
  json items = json::array();
  for (const auto& r : rows->items) items.push_back(service::toJson(r));
  return Response::json(200, pageEnvelope(std::move(items), page, rows->total));
}

Response one(ApiContext& ctx, Request& req) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto tx = beginTx(ctx, false);
  if (!tx) return tx.problem();
  auto row = ctx.prompts.get(**tx, *p, std::string(req.param("id")));
  if (!row) return problem(row.error());
  return Response::json(200, service::toJson(*row));
}

Response rename(ApiContext& ctx, Request& req) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto body = parseJsonBody(req);
  if (!body) return body.problem();
  std::string id(req.param("id"));
  auto tx = beginTx(ctx, true);
  if (!tx) return tx.problem();
  auto cur = ctx.prompts.get(**tx, *p, id);
  if (!cur) return problem(cur.error());
  service::FieldErrors errs;
  service::ObjectReader r(*body, errs, "");
  std::string name = cur->name;
  r.str("name", name, 400);
  r.rejectUnknown({"id", "operator_id", "advertiser_id", "duration_ms", "samples", "sample_rate",
                   "upload_bytes", "audio_url", "created_at", "updated_at", "created_by"});
  if (!errs.empty()) return fieldProblem(errs);
  auto row = ctx.prompts.rename(**tx, *p, id, name);
  if (!row) return problem(row.error());
  if (auto err = commit(**tx)) return *err;
  return Response::json(200, service::toJson(*row));
}

Response remove(ApiContext& ctx, Request& req) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  std::string id(req.param("id"));
  auto tx = beginTx(ctx, true);
  if (!tx) return tx.problem();
  if (auto st = ctx.prompts.remove(**tx, *p, id); !st) return problem(st.error());
  if (auto err = commit(**tx)) return *err;
  ctx.prompts.removeFile(id);
  return Response::noContent();
}

Response audio(ApiContext& ctx, Request& req) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto tx = beginTx(ctx, false);
  if (!tx) return tx.problem();
  auto path = ctx.prompts.audioPath(**tx, *p, std::string(req.param("id")));
  if (!path) return problem(path.error());
  return fileResponse(req, *path, "audio/wav");
}

Response callAudio(ApiContext& ctx, Request& req, service::CallAudio which) {
  auto p = authenticate(ctx, req);
  if (!p) return p.problem();
  auto tx = beginTx(ctx, false);
  if (!tx) return tx.problem();
  auto f = ctx.call_media.file(**tx, *p, std::string(req.param("trn_id")), which);
  if (!f) return problem(f.error());
  return fileResponse(req, f->path, f->content_type);
}

}  // namespace

void addPromptRoutes(Router& router, ApiContext& ctx) {
  const std::string one_path = std::string(kPrompts) + "/{id}";
  router.get(
      kPrompts, [&ctx](Request& req) { return list(ctx, req); }, "list_prompts");
  router.post(
      kPrompts, [&ctx](Request& req) { return upload(ctx, req); }, "create_prompt");
  router.get(
      one_path, [&ctx](Request& req) { return one(ctx, req); }, "get_prompt");
  router.patch(
      one_path, [&ctx](Request& req) { return rename(ctx, req); }, "update_prompt");
  router.del(
      one_path, [&ctx](Request& req) { return remove(ctx, req); }, "delete_prompt");
  router.get(
      one_path + "/audio", [&ctx](Request& req) { return audio(ctx, req); }, "get_prompt_audio");
  router.get(
      "/api/v1/calls/{trn_id}/recording",
      [&ctx](Request& req) { return callAudio(ctx, req, service::CallAudio::Recording); },
      "get_call_recording");
  router.get(
      "/api/v1/calls/{trn_id}/voicemail",
      [&ctx](Request& req) { return callAudio(ctx, req, service::CallAudio::Voicemail); },
      "get_call_voicemail");
}

}  // namespace hk::api

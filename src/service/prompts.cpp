#include "service/prompts.hpp"

#include <fmt/format.h>

#include "base/log.hpp"
#include "service/access.hpp"
#include "service/object_reader.hpp"
#include "service/recording_shape.hpp"

namespace hk::service {

using domain::Principal;

namespace {

constexpr size_t kMaxName = 200;

// A name users can read back: not empty, at most 200 bytes, no control characters.
std::string checkName(const std::string& name) {
  if (name.empty()) return "is required";
  if (name.size() > kMaxName) return "must be at most 200 bytes";
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return "must not contain control characters";
  }
  return {};
}

}  // namespace

Prompts::Prompts(std::filesystem::path media_dir, media::UploadLimits limits)
    : media_dir_(std::move(media_dir)), limits_(limits) {}

Result<media::PromptStore*> Prompts::store() {
  std::lock_guard lk(mu_);
  if (store_ != nullptr) return store_;
  if (media_dir_.empty()) return fail(Code::Unavailable, "prompts are not available (media.dir)");
  media::PromptStoreOptions o;
  o.media_dir = media_dir_;
  o.cache_bytes = 0;  // the API never plays them
  o.limits = limits_;
  auto s = media::PromptStore::open(o);
  if (!s) return Error::unavailable("prompts are not available: " + s.error().message);
  owned_ = std::move(*s);
  store_ = owned_.get();
  return store_;
}

Result<store::PromptRow> Prompts::upload(store::Tx& tx, const Principal& p, PromptUpload u) {
  if (auto st = allowed(p, Resource::Flow, Action::Create); !st) return st.error();
  auto ps = store();
  if (!ps) return ps.error();
  if (u.operator_id == 0) u.operator_id = p.operator_id;
  if (p.role == domain::Role::AdvertiserUser) {
    if (u.advertiser_id != 0 && u.advertiser_id != p.advertiser_id.value_or(0)) {
      return fail(Code::Invalid, "no such advertiser in this operator", "advertiser_id");
    }
    u.advertiser_id = p.advertiser_id.value_or(0);
  }
  if (u.operator_id == 0) return fail(Code::Invalid, "is required", "operator_id");
  if (!p.isSystem() && u.operator_id != p.operator_id) {
    return fail(Code::NotFound, "operator not found", "operator_id");
  }
  if (!tx.operators().get(u.operator_id)) {
    return fail(Code::Invalid, "no such operator", "operator_id");
  }
  if (u.advertiser_id != 0) {
    auto a = tx.advertisers().get(u.advertiser_id);
    if (!a || a->operator_id != u.operator_id) {
      return fail(Code::Invalid, "no such advertiser in this operator", "advertiser_id");
    }
  }
  if (auto why = checkName(u.name); !why.empty()) return fail(Code::Invalid, why, "name");
  auto saved = (*ps)->saveUpload(u.bytes, u.name);
  if (!saved) {
    Error e = saved.error();
    if (e.code == Code::TooLarge || (e.code == Code::Invalid && e.field.empty())) e.field = "body";
    return e;
  }
  store::PromptRow row;
  row.id = saved->id;
  row.operator_id = u.operator_id;
  row.advertiser_id = u.advertiser_id;
  row.name = u.name;
  row.duration_ms = saved->duration_ms;
  row.samples = static_cast<int64_t>(saved->samples);
  row.upload_bytes = static_cast<int64_t>(u.bytes.size());
  row.created_by = p.label;
  auto out = tx.prompts().insert(row);
  if (!out) discard(saved->id);
  return out;
}

void Prompts::discard(const std::string& id) { removeFile(id); }

void Prompts::removeFile(const std::string& id) {
  auto ps = store();
  if (!ps) return;
  if (auto st = (*ps)->remove(id); !st && st.error().code != Code::NotFound) {
    HK_LOG_WARN(log::get("service"), "prompt {}: removing the audio: {}", id, st.error().message);
  }
}

Result<store::Page<store::PromptRow>> Prompts::list(store::Tx& tx, const Principal& p,
                                                    const store::PromptFilter& f,
                                                    const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::Flow, Action::Read); !st) return st.error();
  return tx.prompts().list(store::Scope::of(p), f, page);
}

Result<store::PromptRow> Prompts::get(store::Tx& tx, const Principal& p, const std::string& id) {
  if (auto st = allowed(p, Resource::Flow, Action::Read); !st) return st.error();
  if (!isPromptId(id)) return Error::notFound("prompt not found");
  auto row = tx.prompts().get(id);
  if (!row) return row.error();
  if (auto st = inScope(p, row->operator_id, row->advertiser_id, "prompt"); !st) {
    return st.error();
  }
  return row;
}

Result<store::PromptRow> Prompts::rename(store::Tx& tx, const Principal& p, const std::string& id,
                                         const std::string& name) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Flow, Action::Update); !st) return st.error();
  if (auto why = checkName(name); !why.empty()) return fail(Code::Invalid, why, "/name");
  return tx.prompts().rename(id, name);
}

namespace {
bool namesPrompt(const nlohmann::json& j, const std::string& id) {
  if (j.is_object()) {
    for (const auto& [key, v] : j.items()) {
      if ((key == "file" || key == "hold_music") && v.is_string() &&
          v.get_ref<const std::string&>() == id) {
        return true;
      }
      if (namesPrompt(v, id)) return true;
    }
  } else if (j.is_array()) {
    for (const auto& v : j) {
      if (namesPrompt(v, id)) return true;
    }
  }
  return false;
}

// "Welcome" (flow 3), ...: the flows of the prompt's operator whose current version names it.
Result<std::vector<std::string>> flowsUsing(store::Tx& tx, const store::PromptRow& prompt) {
  constexpr int kPage = 200;
  std::vector<std::string> users;
  store::Scope scope;
  scope.operator_id = prompt.operator_id;
  for (int page = 1;; ++page) {
    auto flows = tx.flows().list(scope, store::FlowFilter{}, {page, kPage});
    if (!flows) return flows.error();
    for (const auto& f : flows->items) {
      auto v = tx.flows().version(f.id, f.current_version);
      if (!v) return v.error();
      if (v->document.find(prompt.id) == std::string::npos) continue;  // the cheap test first
      auto doc = nlohmann::json::parse(v->document, nullptr, /*allow_exceptions=*/false);
      if (!doc.is_discarded() && namesPrompt(doc, prompt.id)) {
        users.push_back(fmt::format("\"{}\" (flow {})", f.name, f.id));
      }
    }
    if (flows->items.size() < static_cast<size_t>(kPage)) break;
  }
  return users;
}
}  // namespace

Status Prompts::remove(store::Tx& tx, const Principal& p, const std::string& id) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Flow, Action::Delete); !st) return st;
  auto users = flowsUsing(tx, *cur);
  if (!users) return users.error();
  if (!users->empty()) {
    return fail(Code::Conflict, fmt::format("the prompt is used by {}", fmt::join(*users, ", ")));
  }
  return tx.prompts().remove(id);
}

Result<std::filesystem::path> Prompts::audioPath(store::Tx& tx, const Principal& p,
                                                 const std::string& id) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  auto ps = store();
  if (!ps) return ps.error();
  return (*ps)->pathFor(cur->id);
}

Status checkConsentPrompt(store::Tx& tx, const domain::RecordingSetting& r, domain::Id operator_id,
                          domain::Id advertiser_id) {
  if (r.consent_prompt.empty()) return ok();
  auto row = tx.prompts().get(r.consent_prompt);
  bool usable = row && row->operator_id == operator_id &&
                (row->advertiser_id == 0 || row->advertiser_id == advertiser_id);
  if (!usable) {
    return fail(Code::Invalid, "no such prompt for this owner", "/recording/consent_prompt");
  }
  return ok();
}

namespace {
void walkPromptRefs(store::Tx& tx, const nlohmann::json& j, const std::string& at,
                    domain::Id operator_id, domain::Id advertiser_id, FieldErrors& errs) {
  if (j.is_object()) {
    for (const auto& [key, v] : j.items()) {
      std::string here = jsonPointer(at, key);
      if ((key == "file" || key == "hold_music") && v.is_string() &&
          isPromptId(v.get_ref<const std::string&>())) {
        auto row = tx.prompts().get(v.get<std::string>());
        bool usable = row && row->operator_id == operator_id &&
                      (row->advertiser_id == 0 || row->advertiser_id == advertiser_id);
        if (!usable) errs.push_back({here, "no such prompt for this flow's owner"});
      } else {
        walkPromptRefs(tx, v, here, operator_id, advertiser_id, errs);
      }
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      walkPromptRefs(tx, j[i], at + "/" + std::to_string(i), operator_id, advertiser_id, errs);
    }
  }
}
}  // namespace

FieldErrors checkPromptRefs(store::Tx& tx, const nlohmann::json& document, domain::Id operator_id,
                            domain::Id advertiser_id, const std::string& base) {
  FieldErrors errs;
  walkPromptRefs(tx, document, base, operator_id, advertiser_id, errs);
  return errs;
}

nlohmann::json toJson(const store::PromptRow& p) {
  return {{"id", p.id},
          {"operator_id", p.operator_id},
          {"advertiser_id",
           p.advertiser_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(p.advertiser_id)},
          {"name", p.name},
          {"duration_ms", p.duration_ms},
          {"samples", p.samples},
          {"sample_rate", 8000},
          {"upload_bytes", p.upload_bytes},
          {"audio_url", "/api/v1/prompts/" + p.id + "/audio"},
          {"created_at", formatUtc(p.created_at)},
          {"updated_at", formatUtc(p.updated_at)},
          {"created_by", p.created_by}};
}

}  // namespace hk::service

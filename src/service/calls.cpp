#include "service/calls.hpp"

#include "domain/call_record_json.hpp"
#include "service/access.hpp"
#include "service/call_media.hpp"

namespace hk::service {

Result<store::Page<domain::CallRecord>> Calls::list(store::Tx& tx, const domain::Principal& p,
                                                    store::CallQuery q,
                                                    const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::CallLog, Action::Read); !st) return st.error();
  return tx.calls().list(store::Scope::of(p), q, page);
}

Result<domain::CallRecord> Calls::get(store::Tx& tx, const domain::Principal& p,
                                      const std::string& trn_id) {
  if (auto st = allowed(p, Resource::CallLog, Action::Read); !st) return st.error();
  auto r = tx.calls().getByTrnId(trn_id);
  if (!r) return r.error();
  if (auto st = inScope(p, r->operator_id, r->client_id, "call"); !st) return st.error();
  return r;
}

nlohmann::json Calls::toJson(const domain::CallRecord& r, const domain::Principal& p) const {
  nlohmann::json j = domain::toJson(r);
  j.erase("clr_id_cipher");
  j.erase("clr_id_index");
  j["clr_id"] = nullptr;
  // The files stay on the server: the record names where to fetch them (call_media.hpp).
  j.erase("recording");
  j.erase("voicemail");
  j["recording_url"] = nullptr;
  j["voicemail_url"] = nullptr;
  if (!r.recording.empty()) j["recording_url"] = callAudioUrl(r.trn_id, CallAudio::Recording);
  if (!r.voicemail.empty()) j["voicemail_url"] = callAudioUrl(r.trn_id, CallAudio::Voicemail);
  if (!r.clr_id_cipher.empty() && p.canSeeCallerNumber(domain::classifyNumber(r.din_id))) {
    if (auto plain = cipher_.decrypt(r.clr_id_cipher)) j["clr_id"] = *plain;
  }
  return j;
}

}  // namespace hk::service

#pragma once
// Prompts (guidance, IVR menus, voicemail greetings) as users manage them: an upload (any
// audio libsndfile reads) is converted once to 8 kHz mono (media::convertUpload) and kept by
// media::PromptStore under a new id; its owner and name are a row of the store
// (store::PromptRepo). Flows name prompts by that id.
//
// Scope: a prompt belongs to an operator (advertiser 0) or to one of its advertisers.
// Operator admins and staff manage their operator's prompts and its advertisers'; advertiser
// users only their own advertiser's. Rows outside the scope answer NotFound.
//
// File I/O blocks: call it from an API worker thread, never from an event loop.
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>

#include "media/prompt_store.hpp"
#include "service/validate.hpp"
#include "store/store.hpp"

namespace hk::service {

struct PromptUpload {
  domain::Id operator_id = 0;    // 0: the principal's
  domain::Id advertiser_id = 0;  // 0: operator-level (an advertiser user's: always its own)
  std::string name;
  std::span<const uint8_t> bytes;
};

class Prompts {
 public:
  // The audio lives below media_dir (empty: no prompts, uploads fail with Unavailable); the
  // folder is made at the first use. Or an open store, shared with whoever plays the prompts
  // (hankyod's calls): an upload then lands in the cache the calls read.
  Prompts(std::filesystem::path media_dir, media::UploadLimits limits);
  explicit Prompts(media::PromptStore& store) : store_(&store) {}
  // `shared` when not null (it must outlive this), else as Prompts(media_dir, limits).
  Prompts(media::PromptStore* shared, std::filesystem::path media_dir, media::UploadLimits limits)
      : media_dir_(std::move(media_dir)), limits_(limits), store_(shared) {}

  // Converts and stores the audio, then its row. Errors: TooLarge (field "body": more than
  // media.upload_max_mb), Invalid on "body" (not audio, too long, too short), Invalid on
  // "name" / "advertiser_id" / "operator_id", NotFound (an operator outside the scope).
  // Nothing stays stored when it fails; when the caller's commit fails, discard(id).
  Result<store::PromptRow> upload(store::Tx& tx, const domain::Principal& p, PromptUpload u);
  void discard(const std::string& id);

  Result<store::Page<store::PromptRow>> list(store::Tx& tx, const domain::Principal& p,
                                             const store::PromptFilter& f,
                                             const store::PageRequest& page);
  // Any text that is not a prompt id answers NotFound.
  Result<store::PromptRow> get(store::Tx& tx, const domain::Principal& p, const std::string& id);
  Result<store::PromptRow> rename(store::Tx& tx, const domain::Principal& p, const std::string& id,
                                  const std::string& name);
  // Removes the row; after the commit, removeFile(id) removes the audio.
  Status remove(store::Tx& tx, const domain::Principal& p, const std::string& id);
  void removeFile(const std::string& id);

  // The converted WAV (8 kHz, 16-bit, mono) of a prompt the principal may see.
  Result<std::filesystem::path> audioPath(store::Tx& tx, const domain::Principal& p,
                                          const std::string& id);

 private:
  // The store, opened at the first use. Errors: Unavailable.
  Result<media::PromptStore*> store();
  std::filesystem::path media_dir_;
  media::UploadLimits limits_;
  std::mutex mu_;
  std::unique_ptr<media::PromptStore> owned_;
  media::PromptStore* store_ = nullptr;
};

// The consent prompt of a recording setting (if any) is a prompt the owner may use: its
// operator's own or advertiser `advertiser_id`'s. Invalid on "/recording/consent_prompt".
Status checkConsentPrompt(store::Tx& tx, const domain::RecordingSetting& r, domain::Id operator_id,
                          domain::Id advertiser_id);

// The prompts a flow document names ("file" of its audio objects, "hold_music") exist and
// belong to the flow's owner: its operator's own or advertiser `advertiser_id`'s (an
// operator-level flow: the operator's own only). One issue per bad reference, its pointer
// under `base`.
FieldErrors checkPromptRefs(store::Tx& tx, const nlohmann::json& document, domain::Id operator_id,
                            domain::Id advertiser_id, const std::string& base);

nlohmann::json toJson(const store::PromptRow& p);

}  // namespace hk::service

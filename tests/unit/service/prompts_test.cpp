// Prompts and call audio through the scoped services, on the real SQLite store in memory and
// a temporary media folder: uploads converted once and stored with their owner, refused
// uploads leaving nothing, who sees what; call audio never served from outside media.dir;
// the recording setting of numbers and advertisers (most specific wins).
#include "service/prompts.hpp"

#include <fmt/format.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <numbers>

#include "flow_fixture.hpp"
#include "service/call_media.hpp"
#include "service/recording_shape.hpp"
#include "support/temp_dir.hpp"

namespace hk::service::test {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> wavBytes(int rate, int channels, double seconds) {
  hk::test::TempDir dir;
  auto path = dir.path() / "up.wav";
  SF_INFO info{0, rate, channels, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 0, 0};
  SNDFILE* snd = sf_open(path.c_str(), SFM_WRITE, &info);
  EXPECT_NE(snd, nullptr);
  if (!snd) return {};
  auto frames = static_cast<size_t>(rate * seconds);
  std::vector<double> v(frames * static_cast<size_t>(channels));
  for (size_t i = 0; i < v.size(); ++i) {
    v[i] = 0.3 * std::sin(2 * std::numbers::pi * 440.0 * static_cast<double>(i) / rate);
  }
  sf_writef_double(snd, v.data(), static_cast<sf_count_t>(frames));
  sf_close(snd);
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

size_t filesIn(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

class PromptServiceTest : public FlowServiceTest {
 protected:
  PromptUpload upload(const std::vector<uint8_t>& bytes, std::string name, domain::Id adv = 0) {
    PromptUpload u;
    u.bytes = bytes;
    u.name = std::move(name);
    u.advertiser_id = adv;
    return u;
  }
  hk::test::TempDir media_;
  media::UploadLimits limits_;
};

TEST_F(PromptServiceTest, UploadsAreConvertedOnceAndScoped) {
  Prompts prompts(media_.path(), limits_);
  auto tx = begin();
  auto wav = wavBytes(44100, 2, 1.5);  // CD-quality stereo: converted to 8 kHz mono
  auto a = prompts.upload(*tx, advUser("A"), upload(wav, "Welcome A"));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_TRUE(isPromptId(a->id));
  EXPECT_EQ(a->advertiser_id, advs_["A"]);  // an advertiser user's prompts are its own
  EXPECT_EQ(a->operator_id, ops_["X"]);
  EXPECT_NEAR(static_cast<double>(a->duration_ms), 1500.0, 20.0);
  EXPECT_NEAR(static_cast<double>(a->samples), 12000.0, 160.0);
  EXPECT_EQ(a->upload_bytes, static_cast<int64_t>(wav.size()));
  EXPECT_EQ(a->created_by, "user:2");
  auto path = prompts.audioPath(*tx, advUser("A"), a->id);
  ASSERT_TRUE(path);
  SF_INFO info{};
  SNDFILE* snd = sf_open(path->c_str(), SFM_READ, &info);
  ASSERT_NE(snd, nullptr);
  sf_close(snd);
  EXPECT_EQ(info.samplerate, 8000);
  EXPECT_EQ(info.channels, 1);
  EXPECT_EQ(info.frames, a->samples);

  auto op = prompts.upload(*tx, admin(), upload(wav, "Operator menu"));
  ASSERT_TRUE(op);
  EXPECT_EQ(op->advertiser_id, 0);
  // A sees its own only; B neither; X's admin both; Y's admin none.
  auto ids = [&](const Principal& p) {
    std::set<std::string> out;
    auto page = prompts.list(*tx, p, {}, {1, 100});
    EXPECT_TRUE(page);
    if (page) {
      for (auto& r : page->items) out.insert(r.id);
    }
    return out;
  };
  EXPECT_EQ(ids(advUser("A")), std::set<std::string>{a->id});
  EXPECT_TRUE(ids(advUser("B")).empty());
  EXPECT_EQ(ids(admin()), (std::set<std::string>{a->id, op->id}));
  EXPECT_TRUE(ids(admin("Y")).empty());
  EXPECT_EQ(prompts.get(*tx, advUser("B"), a->id).error().code, Code::NotFound);
  EXPECT_EQ(prompts.get(*tx, advUser("A"), op->id).error().code, Code::NotFound);
  EXPECT_EQ(prompts.get(*tx, admin("Y"), a->id).error().code, Code::NotFound);
  EXPECT_EQ(prompts.audioPath(*tx, advUser("B"), a->id).error().code, Code::NotFound);
  EXPECT_EQ(prompts.get(*tx, admin(), "../../etc/passwd").error().code, Code::NotFound);
  // An advertiser user cannot upload for another advertiser.
  EXPECT_EQ(prompts.upload(*tx, advUser("A"), upload(wav, "x", advs_["B"])).error().field,
            "advertiser_id");
  EXPECT_EQ(prompts.upload(*tx, admin(), upload(wav, "x", advs_["C"])).error().field,
            "advertiser_id");
  EXPECT_EQ(filesIn(media_.path() / "prompts"), 2u);

  // Rename, then delete: the row and, after the commit, the file.
  auto renamed = prompts.rename(*tx, advUser("A"), a->id, "Welcome (new)");
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->name, "Welcome (new)");
  EXPECT_EQ(prompts.rename(*tx, advUser("A"), a->id, "").error().field, "/name");
  EXPECT_EQ(prompts.remove(*tx, advUser("B"), a->id).error().code, Code::NotFound);
  ASSERT_TRUE(prompts.remove(*tx, advUser("A"), a->id));
  prompts.removeFile(a->id);
  EXPECT_EQ(prompts.get(*tx, admin(), a->id).error().code, Code::NotFound);
  EXPECT_EQ(filesIn(media_.path() / "prompts"), 1u);
}

// hankyod shares one store (below), but another media::PromptStore on the same media.dir
// may still have cached a prompt: one deleted through the API is not played again from it.
TEST_F(PromptServiceTest, ADeletedPromptIsNotPlayedAgainByTheSipSide) {
  Prompts prompts(media_.path(), limits_);
  media::PromptStoreOptions po;
  po.media_dir = media_.path();
  auto sip = media::PromptStore::open(po);
  ASSERT_TRUE(sip);
  auto tx = begin();
  auto a = prompts.upload(*tx, advUser("A"), upload(wavBytes(8000, 1, 0.5), "Closed today"));
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE((*sip)->load(a->id));  // played once: cached on the SIP side
  ASSERT_TRUE(prompts.remove(*tx, advUser("A"), a->id));
  prompts.removeFile(a->id);
  auto next = (*sip)->load(a->id);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, Code::NotFound);
}

// hankyod hands the store the calls play from to the API: an upload lands in its cache and a
// deletion leaves it.
TEST_F(PromptServiceTest, ASharedStoreIsTheOneUploadsFillAndDeletionsEmpty) {
  media::PromptStoreOptions po;
  po.media_dir = media_.path();
  po.limits = limits_;
  auto shared = media::PromptStore::open(po);
  ASSERT_TRUE(shared);
  Prompts prompts(shared->get(), media_.path(), limits_);
  auto tx = begin();
  auto a = prompts.upload(*tx, advUser("A"), upload(wavBytes(8000, 1, 0.5), "Closed today"));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ((*shared)->cachedCountForTest(), 1u);
  EXPECT_EQ((*shared)->cachedBytesForTest(), 4000u * sizeof(int16_t));
  auto path = prompts.audioPath(*tx, advUser("A"), a->id);
  ASSERT_TRUE(path);
  EXPECT_EQ(*path, (*shared)->pathFor(a->id));
  ASSERT_TRUE(prompts.remove(*tx, advUser("A"), a->id));
  prompts.removeFile(a->id);
  EXPECT_EQ((*shared)->cachedCountForTest(), 0u);
  EXPECT_FALSE(fs::exists(*path));
}

TEST_F(PromptServiceTest, AFlowNamesOnlyItsOwnersPromptsAndKeepsThemFromDeletion) {
  Prompts prompts(media_.path(), limits_);
  auto tx = begin();
  auto wav = wavBytes(8000, 1, 0.3);
  auto of_a = prompts.upload(*tx, advUser("A"), upload(wav, "A's"));
  auto of_x = prompts.upload(*tx, admin(), upload(wav, "X's"));
  auto of_y = prompts.upload(*tx, admin("Y"), upload(wav, "Y's"));
  ASSERT_TRUE(of_a && of_x && of_y);
  // play `file`, then (with `music`) queue with it as hold music, then forward.
  auto playing = [](const std::string& name, const std::string& file, const std::string& music) {
    json doc = simpleFlow(name);
    doc["steps"]["hi"] = {{"verb", "play"}, {"file", file}, {"next", "fwd"}};
    if (!music.empty()) {
      doc["steps"]["hi"]["next"] = "q";
      doc["steps"]["q"] = {{"verb", "queue"}, {"hold_music", music}, {"next", "fwd"}};
    }
    return doc;
  };
  auto fieldsOf = [](const Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.fields) out.push_back(f.field);
    return out;
  };
  // Y's prompt and one never uploaded: one issue each, under /document.
  auto bad =
      flows_.create(*tx, admin(), 0, advs_["A"], playing("bad", of_y->id, std::string(32, 'f')));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::Invalid);
  EXPECT_EQ(fieldsOf(bad.error()),
            (std::vector<std::string>{"/document/steps/hi/file", "/document/steps/q/hold_music"}));
  // A's prompt is not for an operator-level flow, nor for B's.
  EXPECT_FALSE(flows_.create(*tx, admin(), 0, 0, playing("op", of_a->id, "")));
  EXPECT_FALSE(flows_.create(*tx, admin(), 0, advs_["B"], playing("b", of_a->id, "")));
  // A's flow may name A's and X's own.
  auto f = flows_.create(*tx, admin(), 0, advs_["A"], playing("A main", of_a->id, of_x->id));
  ASSERT_TRUE(f) << f.error().message;
  auto saved = flows_.save(*tx, admin(), f->flow.id, playing("A main", of_y->id, ""));
  ASSERT_FALSE(saved);
  EXPECT_EQ(fieldsOf(saved.error()), std::vector<std::string>{"/document/steps/hi/file"});
  auto checked = flows_.validate(*tx, admin(), f->flow.id, playing("A main", of_y->id, ""));
  ASSERT_FALSE(checked);
  EXPECT_EQ(fieldsOf(checked.error()), std::vector<std::string>{"/document/steps/hi/file"});
  // In use by the current version: 409 naming the flow; no longer used: deleted.
  auto busy = prompts.remove(*tx, admin(), of_x->id);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, Code::Conflict);
  EXPECT_NE(busy.error().message.find(fmt::format("\"A main\" (flow {})", f->flow.id)),
            std::string::npos)
      << busy.error().message;
  ASSERT_TRUE(flows_.save(*tx, admin(), f->flow.id, playing("A main", of_a->id, "")));
  EXPECT_TRUE(prompts.remove(*tx, admin(), of_x->id));
  EXPECT_EQ(prompts.remove(*tx, advUser("A"), of_a->id).error().code, Code::Conflict);
}

TEST_F(PromptServiceTest, RefusedUploadsNameTheBodyAndStoreNothing) {
  limits_.max_bytes = 64 * 1024;
  limits_.max_duration = std::chrono::seconds(2);
  Prompts prompts(media_.path(), limits_);
  auto tx = begin();
  std::vector<uint8_t> junk(1000, 'x');
  auto e = prompts.upload(*tx, admin(), upload(junk, "junk"));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, Code::Invalid);
  EXPECT_EQ(e.error().field, "body");
  auto too_long = prompts.upload(*tx, admin(), upload(wavBytes(8000, 1, 3.0), "long"));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, Code::Invalid);
  EXPECT_EQ(too_long.error().field, "body");
  EXPECT_NE(too_long.error().message.find("too long"), std::string::npos);
  auto too_big = prompts.upload(*tx, admin(), upload(wavBytes(48000, 2, 1.0), "big"));
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, Code::TooLarge);
  EXPECT_EQ(too_big.error().field, "body");
  EXPECT_EQ(prompts.upload(*tx, admin(), upload(wavBytes(8000, 1, 1.0), "")).error().field, "name");
  EXPECT_EQ(prompts.upload(*tx, admin(), upload(wavBytes(8000, 1, 1.0), "a\nb")).error().field,
            "name");
  EXPECT_EQ(filesIn(media_.path() / "prompts"), 0u);
  EXPECT_EQ(prompts.list(*tx, admin(), {}, {1, 10})->total, 0);
}

TEST_F(PromptServiceTest, WithoutMediaPromptsAreUnavailable) {
  Prompts prompts({}, limits_);
  auto tx = begin();
  auto wav = wavBytes(8000, 1, 0.5);
  EXPECT_EQ(prompts.upload(*tx, admin(), upload(wav, "x")).error().code, Code::Unavailable);
}

TEST_F(PromptServiceTest, CallAudioIsServedFromMediaDirOnly) {
  Calls calls(*cipher_);
  CallMedia media(calls, media_.path());
  fs::create_directories(media_.path() / "recordings");
  auto rec = media_.path() / "recordings" / "T1.wav";
  std::ofstream(rec) << "RIFF....";
  auto got = media.resolve(rec.string());
  ASSERT_TRUE(got);
  EXPECT_EQ(got->content_type, "audio/wav");
  EXPECT_EQ(got->size, 8u);
  // The log names the .opus while it is being encoded: the WAV is served meanwhile.
  auto pending = media.resolve((media_.path() / "recordings" / "T1.opus").string());
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->path.filename(), "T1.wav");
  std::ofstream(media_.path() / "recordings" / "T1.opus") << "OggS";
  EXPECT_EQ(media.resolve((media_.path() / "recordings" / "T1.opus").string())->content_type,
            "audio/ogg");
  // Outside media.dir, through "..", through a link, a folder, nothing: not found.
  hk::test::TempDir other;
  std::ofstream(other.path() / "secret.wav") << "secret";
  fs::create_symlink(other.path() / "secret.wav", media_.path() / "recordings" / "link.wav");
  for (auto p :
       {other.path() / "secret.wav",
        media_.path() / "recordings" / ".." / ".." / other.path().filename() / "secret.wav",
        media_.path() / "recordings" / "link.wav", media_.path() / "recordings", fs::path()}) {
    EXPECT_EQ(media.resolve(p.string()).error().code, Code::NotFound) << p;
  }
  CallMedia none(calls, {});
  EXPECT_EQ(none.resolve(rec.string()).error().code, Code::NotFound);
}

TEST_F(PromptServiceTest, RecordingSettingsAreReadStrictly) {
  domain::RecordingSetting r;
  FieldErrors errs;
  readRecording(json{{"mode", "caller"}, {"consent_text", "この通話は録音されます"}}, r, errs,
                "/recording");
  ASSERT_TRUE(errs.empty());
  EXPECT_EQ(r.mode, domain::RecordingMode::Caller);
  EXPECT_EQ(recordingJson(r), (json{{"mode", "caller"},
                                    {"consent_prompt", nullptr},
                                    {"consent_text", "この通話は録音されます"}}));
  readRecording(json{{"consent_text", nullptr}}, r, errs, "/recording");
  EXPECT_TRUE(r.consent_text.empty());
  for (auto [bad, field] : {std::pair{json{{"mode", "loud"}}, "/recording/mode"},
                            {json{{"consent_prompt", "../x"}}, "/recording/consent_prompt"},
                            {json{{"consent_prompt", std::string(32, 'a')}, {"consent_text", "hi"}},
                             "/recording/consent_text"},
                            {json{{"colour", 1}}, "/recording/colour"}}) {
    FieldErrors e;
    auto before = r;
    readRecording(bad, r, e, "/recording");
    ASSERT_EQ(e.size(), 1u) << bad;
    EXPECT_EQ(e[0].field, field);
    EXPECT_EQ(r, before);  // nothing applied
  }
}

TEST_F(PromptServiceTest, TheMostSpecificRecordingSettingWins) {
  auto tx = begin();
  auto adv = *tx->advertisers().get(advs_["A"]);
  adv.recording.mode = domain::RecordingMode::Caller;
  adv.recording.consent_text = "recorded";
  ASSERT_TRUE(tx->advertisers().update(adv));
  auto num = *tx->numbers().get(nums_["05011110002"]);
  EXPECT_EQ(num.recording.mode, domain::RecordingMode::Inherit);
  num.recording.mode = domain::RecordingMode::Stereo;
  ASSERT_TRUE(tx->numbers().update(num));
  EXPECT_EQ(tx->numbers().get(num.id)->recording.mode, domain::RecordingMode::Stereo);
  EXPECT_EQ(tx->advertisers().get(adv.id)->recording, adv.recording);
  // The routing directory carries both; the number's wins, else the advertiser's, else the
  // config's (without consent).
  std::map<std::string, domain::TrackingNumber> dir;
  auto all = tx->numbers().allActive();
  ASSERT_TRUE(all);
  for (auto& n : *all) dir[n.number] = n;
  using domain::RecordingMode;
  auto mode = [](const domain::TrackingNumber& n, RecordingMode fallback) {
    return domain::effectiveRecording(n, fallback);
  };
  EXPECT_EQ(mode(dir["05011110002"], RecordingMode::Off).mode, RecordingMode::Stereo);
  auto a1 = mode(dir["0120111001"], RecordingMode::Off);
  EXPECT_EQ(a1.mode, RecordingMode::Caller);
  EXPECT_EQ(a1.consent_text, "recorded");
  auto b1 = mode(dir["05011110003"], RecordingMode::Callee);
  EXPECT_EQ(b1.mode, RecordingMode::Callee);
  EXPECT_TRUE(b1.consent_text.empty());
  EXPECT_EQ(mode(dir["05011110003"], RecordingMode::Inherit).mode, RecordingMode::Off);
}

}  // namespace
}  // namespace hk::service::test

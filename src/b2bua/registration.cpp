#include "b2bua/registration.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/ids.hpp"
#include "sip/text.hpp"
#include "sip/uri.hpp"

namespace hk::b2bua {

namespace {

constexpr int kMaxChallenges = 2;  // per REGISTER: a first one, and one stale=true
constexpr int kMaxExpires = 86400;

std::string_view stateName(Registration::State s) {
  switch (s) {
    case Registration::State::Idle: return "idle";
    case Registration::State::Registering: return "registering";
    case Registration::State::Registered: return "registered";
    case Registration::State::Failed: return "failed";
    case Registration::State::Unregistering: return "unregistering";
    case Registration::State::Stopped: return "stopped";
  }
  return "?";
}

}  // namespace

std::chrono::milliseconds registerRefreshDelay(int granted_sec) {
  return std::chrono::milliseconds(std::max<int64_t>(1000, int64_t{granted_sec} * 500));
}

std::chrono::seconds registerRetryDelay(int failures) {
  int64_t s = 10;
  for (int i = 1; i < failures && s < 300; ++i) s *= 2;
  return std::chrono::seconds(std::min<int64_t>(s, 300));
}

int grantedExpires(const sip::Message& ok, std::string_view contact_uri, int asked) {
  auto ours = sip::parseUri(contact_uri);
  if (auto list = ok.contacts(); list && ours) {
    for (const auto& c : list->contacts) {
      if (!sip::uriEquals(c.uri, *ours)) continue;
      uint64_t v = 0;
      if (auto e = c.params.get("expires");
          e && sip::parseNumber(*e, kMaxExpires * 10ull, v) == sip::NumberStatus::Ok) {
        return static_cast<int>(v);
      }
      break;
    }
  }
  if (auto e = ok.expires()) return static_cast<int>(std::min<uint32_t>(*e, kMaxExpires * 10));
  return asked;
}

Registration::Registration(TrunkIo& io, const Trunk& trunk, std::function<sip::Target()> target,
                           metrics::Gauge* registered)
    : io_(io),
      trunk_(trunk),
      target_(std::move(target)),
      gauge_(registered),
      self_(std::make_shared<Registration*>(this)),
      auth_(sip::DigestCredentials{trunk.username, trunk.password}) {
  asked_ = trunk.register_expires_sec;
  call_id_ = randomHex(16) + "@hankyo";
  tag_ = randomHex(8);
  std::string domain = trunk.aorDomain();
  aor_ = fmt::format("sip:{}@{}", trunk.aorUser(), domain);
  if (gauge_) gauge_->set(0);
}

Registration::~Registration() {
  if (timer_) io_.cancel(timer_);
}

void Registration::start() {
  if (state_ != State::Idle) return;
  state_ = State::Registering;
  send();
}

void Registration::setTimer(std::chrono::milliseconds d, void (Registration::*fn)()) {
  if (timer_) io_.cancel(timer_);
  std::weak_ptr<Registration*> weak = self_;
  timer_ = io_.after(d, [weak, fn] {
    if (auto self = weak.lock()) {
      (*self)->timer_ = 0;
      ((*self)->*fn)();
    }
  });
}

void Registration::refresh() {
  if (state_ != State::Registered && state_ != State::Failed) return;
  if (state_ == State::Failed) state_ = State::Registering;
  challenges_ = 0;
  send();
}

void Registration::send() {
  sip::Target to = target_();
  if (contact_.empty()) {
    contact_ = io_.contact(to.transport, trunk_.aorUser());
    contact_uri_ = contact_.substr(1, contact_.find('>') - 1);
  }
  std::string ruri = "sip:" + trunk_.aorDomain();
  if (trunk_.register_domain.empty() && trunk_.port != 5060) {
    ruri += fmt::format(":{}", trunk_.port);
  }
  auto m = sip::Message::request("REGISTER", ruri);
  m.addHeader("Max-Forwards", "70");
  m.addHeader("From", fmt::format("<{}>;tag={}", aor_, tag_));
  m.addHeader("To", fmt::format("<{}>", aor_));
  m.addHeader("Call-ID", call_id_);
  m.addHeader("CSeq", fmt::format("{} REGISTER", ++cseq_));
  m.addHeader("Contact", contact_);
  m.addHeader("Expires", std::to_string(state_ == State::Unregistering ? 0 : asked_));
  m.addHeader("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE");
  // Credentials from the last challenge go with every REGISTER (refreshes included).
  auth_.authorize(m);
  uint64_t gen = ++gen_;
  std::weak_ptr<Registration*> weak = self_;
  sip::ClientCallbacks cb;
  cb.on_response = [weak, gen](const sip::Message& r) {
    if (auto self = weak.lock()) (*self)->onResponse(gen, r);
  };
  cb.on_failure = [weak, gen](const hk::Error& e) {
    if (auto self = weak.lock()) (*self)->onFailure(gen, e);
  };
  io_.send(m, to, std::move(cb));
}

void Registration::onResponse(uint64_t gen, const sip::Message& r) {
  int code = r.status();
  if (gen != gen_ || code < 200) return;
  bool removing = state_ == State::Unregistering;
  if (removing && code != 401 && code != 407) return finishStop();
  if (code == 401 || code == 407) {
    if (trunk_.username.empty()) return removing ? finishStop() : failed("challenged, no username");
    auto st = auth_.onChallenge(r);
    if (!st || ++challenges_ > kMaxChallenges) {
      return removing ? finishStop()
                      : failed(fmt::format("{} {}: {}", code, r.reason(),
                                           st ? "challenged again" : st.error().message));
    }
    return send();
  }
  if (code == 423) {
    auto min = r.header(sip::HeaderId::MinExpires);
    uint64_t v = 0;
    if (min && sip::parseNumber(sip::trim(*min), kMaxExpires, v) == sip::NumberStatus::Ok &&
        static_cast<int>(v) > asked_) {
      asked_ = static_cast<int>(v);
      return send();
    }
    return failed("423 without a usable Min-Expires");
  }
  if (code >= 300) return failed(fmt::format("{} {}", code, r.reason()));
  int granted = grantedExpires(r, contact_uri_, asked_);
  if (granted <= 0) return failed("the registrar kept no binding");
  bool was = state_ == State::Registered;
  state_ = State::Registered;
  granted_ = granted;
  failures_ = 0;
  challenges_ = 0;
  if (gauge_) gauge_->set(1);
  if (!was) {
    HK_LOG_INFO(lg_, "trunk {}: registered as {} for {} s", trunk_.name, aor_, granted);
  }
  setTimer(registerRefreshDelay(granted), &Registration::refresh);
}

void Registration::onFailure(uint64_t gen, const hk::Error& e) {
  if (gen != gen_) return;
  if (state_ == State::Unregistering) return finishStop();
  failed(e.message);
}

void Registration::failed(const std::string& why) {
  if (state_ == State::Stopped || state_ == State::Unregistering) return;
  state_ = State::Failed;
  granted_ = 0;
  ++failures_;
  challenges_ = 0;
  auth_.reset();
  if (gauge_) gauge_->set(0);
  auto wait = registerRetryDelay(failures_);
  HK_LOG_WARN(lg_, "trunk {}: REGISTER failed ({}); again in {} s", trunk_.name, why, wait.count());
  setTimer(wait, &Registration::refresh);
}

void Registration::stop(std::function<void()> done) {
  if (timer_) io_.cancel(timer_);
  timer_ = 0;
  if (state_ != State::Registered) {
    HK_LOG_DEBUG(lg_, "trunk {}: registration {} at stop", trunk_.name, stateName(state_));
    state_ = State::Stopped;
    if (gauge_) gauge_->set(0);
    if (done) done();
    return;
  }
  stop_done_ = std::move(done);
  state_ = State::Unregistering;
  challenges_ = 0;
  send();
  setTimer(io_.stopWait(), &Registration::finishStop);
}

void Registration::finishStop() {
  if (state_ != State::Unregistering) return;
  if (timer_) io_.cancel(timer_);
  timer_ = 0;
  state_ = State::Stopped;
  ++gen_;  // later responses are not ours any more
  if (gauge_) gauge_->set(0);
  HK_LOG_INFO(lg_, "trunk {}: unregistered", trunk_.name);
  if (auto done = std::move(stop_done_)) done();
}

}  // namespace hk::b2bua

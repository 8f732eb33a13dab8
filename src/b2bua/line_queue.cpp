// The line queue (SPEC §4 queue): a call whose lines are full waits without holding a line;
// when a call on its number (or on its limited advertiser) ends, the first waiting call that
// fits takes the freed line and gets CallHandler::onLineFree. Hold music, announcements and
// the maximum wait are the flow's (engine/verbs/queue.cpp).
#include "b2bua/line_queue.hpp"

#include <algorithm>

#include "b2bua/detail/core.hpp"

namespace hk::b2bua {

// ---- LineQueue

namespace {

bool competes(const LineQueue::Waiter& w, int64_t number, int64_t advertiser) {
  return w.number == number || (w.advertiser != 0 && w.advertiser == advertiser);
}

}  // namespace

bool LineQueue::add(const Waiter& w) {
  if (contains(w.call)) return false;
  waiters_.push_back(w);
  return true;
}

bool LineQueue::remove(uint64_t call) {
  auto it = std::find_if(waiters_.begin(), waiters_.end(),
                         [call](const Waiter& w) { return w.call == call; });
  if (it == waiters_.end()) return false;
  waiters_.erase(it);
  return true;
}

bool LineQueue::contains(uint64_t call) const {
  return std::any_of(waiters_.begin(), waiters_.end(),
                     [call](const Waiter& w) { return w.call == call; });
}

size_t LineQueue::position(uint64_t call) const {
  auto it = std::find_if(waiters_.begin(), waiters_.end(),
                         [call](const Waiter& w) { return w.call == call; });
  if (it == waiters_.end()) return 0;
  auto ahead = std::count_if(waiters_.begin(), it, [&](const Waiter& w) {
    return competes(w, it->number, it->advertiser);
  });
  return static_cast<size_t>(ahead) + 1;
}

size_t LineQueue::waitingOn(int64_t number) const {
  return static_cast<size_t>(std::count_if(
      waiters_.begin(), waiters_.end(), [number](const Waiter& w) { return w.number == number; }));
}

std::vector<uint64_t> LineQueue::serve(int64_t number, int64_t advertiser,
                                       const std::function<bool(const Waiter&)>& take) {
  std::vector<uint64_t> served;
  for (auto it = waiters_.begin(); it != waiters_.end();) {
    if (competes(*it, number, advertiser) && take(*it)) {
      served.push_back(it->call);
      it = waiters_.erase(it);
    } else {
      ++it;
    }
  }
  return served;
}

// ---- CallControl

// No line of its own: beyond the limit, waiting, or gave it back to wait.
bool Call::linesFull() const { return lines_full || !holds_line; }

Status Call::waitForLine(size_t max_callers) {
  if (phase == Phase::Ended) return fail(Code::Conflict, "the call has ended");
  if (attempt && attempt->state == Attempt::State::Connected) {
    return fail(Code::Conflict, "the call is connected");
  }
  return core_.enqueueForLine(*this, max_callers);
}

void Call::leaveLineQueue(bool gave_up) {
  if (!core_.line_queue.remove(id_)) return;
  if (gave_up) facts.queue_timed_out = true;
  HK_LOG_INFO(core_.lg, "call {}: left the line queue{}", info_.trn_id,
              gave_up ? " (maximum wait)" : "");
}

size_t Call::linePosition() const { return core_.line_queue.position(id_); }

bool Call::takeFreeLine() {
  if (phase == Phase::Ended || !core_.line_queue.contains(id_) || !core_.lineFree(*this)) {
    return false;
  }
  core_.line_queue.remove(id_);
  core_.takeLines(*this);
  lines_full = false;
  HK_LOG_INFO(core_.lg, "call {}: left the line queue with a free line", info_.trn_id);
  return true;
}

// ---- Core

bool B2bua::Core::lineFree(const Call& c) const {
  const auto& n = c.info_.number;
  if (n.max_lines > 0) {
    auto it = lines.find(n.id);
    if (it != lines.end() && it->second >= n.max_lines) return false;
  }
  if (n.advertiser_id == 0 || !directory) return true;
  int adv_max = directory->advertiserMaxLines(n.advertiser_id);
  if (adv_max <= 0) return true;
  auto it = advertiser_lines.find(n.advertiser_id);
  return it == advertiser_lines.end() || it->second < adv_max;
}

Status B2bua::Core::enqueueForLine(Call& c, size_t max_callers) {
  const auto& n = c.info_.number;
  if (line_queue.contains(c.id())) return fail(Code::Conflict, "already waiting for a line");
  if (max_callers > 0 && line_queue.waitingOn(n.id) >= max_callers) {
    return fail(Code::TooLarge, "the line queue is full");
  }
  int64_t adv = 0;
  if (n.advertiser_id != 0 && directory && directory->advertiserMaxLines(n.advertiser_id) > 0) {
    adv = n.advertiser_id;
  }
  const bool came_full = c.lines_full;
  // Its line goes first to the calls waiting before it: beyond the limit the call counted
  // until now; with a busy destination it had a line, and waits for the next one to free.
  if (c.holds_line) releaseLines(c);
  line_queue.add({c.id(), n.id, adv});
  HK_LOG_INFO(lg, "call {}: waiting for a line (position {})", c.info_.trn_id,
              line_queue.position(c.id()));
  // Beyond the limit: a line may have freed while its flow ran (after a "please hold").
  if (came_full) lineFreed(n.id, n.advertiser_id);
  return ok();
}

void B2bua::Core::lineFreed(int64_t number, int64_t advertiser, uint64_t skip) {
  auto served = line_queue.serve(number, advertiser, [this, skip](const LineQueue::Waiter& w) {
    Call* c = find(w.call);
    if (!c || w.call == skip || c->phase == Call::Phase::Ended || !lineFree(*c)) return false;
    takeLines(*c);
    c->lines_full = false;
    return true;
  });
  for (uint64_t id : served) {
    if (Call* c = find(id)) HK_LOG_INFO(lg, "call {}: a line is free", c->info_.trn_id);
    // After the current event: the handler may be in the middle of one.
    deps.loop.post([this, id] {
      Call* c = find(id);
      if (c && c->phase != Call::Phase::Ended && c->handler) c->handler->onLineFree(*c);
    });
  }
}

}  // namespace hk::b2bua

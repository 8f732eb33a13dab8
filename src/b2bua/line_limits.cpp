// Lines (SPEC §1): live calls per tracking number and per advertiser, against their
// max_lines (0: unlimited). A call beyond either limit gets CallHandler::onLinesFull; it
// keeps counting until it ends or waits in the line queue (line_queue.cpp). A blocked call
// (block_check.cpp) takes no line: it only hears its announcement on early media and is
// rejected, never forwarded, so it must not keep a line from the callers who would be.
#include "b2bua/detail/core.hpp"

namespace hk::b2bua {

void B2bua::Core::takeLines(Call& c) {
  if (c.holds_line || c.facts.blocked) return;
  c.holds_line = true;
  lines[c.info_.number.id]++;
  if (c.info_.number.advertiser_id != 0) advertiser_lines[c.info_.number.advertiser_id]++;
}

bool B2bua::Core::linesFull(Call& c) {
  if (c.facts.blocked) return false;  // holds none, waits for none
  const auto& n = c.info_.number;
  if (n.max_lines > 0 && lines[n.id] > n.max_lines) return true;
  if (n.advertiser_id == 0 || !directory) return false;
  int adv_max = directory->advertiserMaxLines(n.advertiser_id);
  return adv_max > 0 && advertiser_lines[n.advertiser_id] > adv_max;
}

// Also when a call ends: a waiting call leaves the queue (line_queue.cpp), a line freed
// goes to the first waiting call it fits.
void B2bua::Core::releaseLines(Call& c) {
  line_queue.remove(c.id());
  if (!c.holds_line) return;
  c.holds_line = false;
  const auto& n = c.info_.number;
  if (--lines[n.id] <= 0) lines.erase(n.id);
  if (n.advertiser_id != 0) {
    auto it = advertiser_lines.find(n.advertiser_id);
    if (it != advertiser_lines.end() && --it->second <= 0) advertiser_lines.erase(it);
  }
  lineFreed(n.id, n.advertiser_id, c.id());
}

}  // namespace hk::b2bua

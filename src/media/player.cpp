#include "media/player.hpp"

#include <utility>

namespace hk::media {

PromptPlayer::PromptPlayer(std::vector<SharedPcm> prompts, PlayerOptions options)
    : options_(options), list_(std::move(prompts), options.loops) {
  if (list_.done()) finished_.store(true);
}

bool PromptPlayer::fill(std::span<int16_t> frame) {
  if (stopped() || finished()) return false;
  const bool more = list_.fill(frame);
  played_.store(list_.samplesPlayed(), std::memory_order_relaxed);
  if (list_.done()) finished_.store(true, std::memory_order_release);
  return more;
}

bool PromptPlayer::onDigit() {
  if (!options_.barge_in) return false;
  stop();
  return true;
}

}  // namespace hk::media

#pragma once
// PromptPlayer: the AudioSource that plays guidance: a list of 8 kHz prompts (loaded and
// shared by the prompt store; never copied), the whole list `loops` times. stop() works
// from any thread (the call's loop), the next frame then is not sent. Barge-in: when on,
// a digit from the caller stops the prompt; the owner, who hears the digits, calls
// onDigit(). played() tells how much was heard (any thread).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "media/tones.hpp"
#include "rtp/audio_hooks.hpp"

namespace hk::media {

struct PlayerOptions {
  int loops = 1;  // 0: until stopped
  bool barge_in = true;
};

class PromptPlayer final : public rtp::AudioSource {
 public:
  explicit PromptPlayer(std::vector<SharedPcm> prompts, PlayerOptions options = {});

  bool fill(std::span<int16_t> frame) override;  // media thread

  void stop() { stopped_.store(true, std::memory_order_release); }
  // A digit was pressed: stops the prompt if barge-in is on. Returns whether it stopped.
  bool onDigit();
  bool bargeIn() const { return options_.barge_in; }
  bool stopped() const { return stopped_.load(std::memory_order_acquire); }
  bool finished() const { return finished_.load(std::memory_order_acquire); }  // to the end
  std::chrono::milliseconds played() const {
    return std::chrono::milliseconds(
        static_cast<int64_t>(played_.load(std::memory_order_relaxed) / 8));
  }

 private:
  PlayerOptions options_;
  PlaylistSource list_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> finished_{false};
  std::atomic<uint64_t> played_{0};  // samples
};

}  // namespace hk::media

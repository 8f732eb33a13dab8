#include "media/detail/sndfile_memory.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

namespace hk::media::detail {
namespace {

using Cursor = SndMemoryFile::Cursor;

sf_count_t vLength(void* user) {
  return static_cast<sf_count_t>(static_cast<Cursor*>(user)->bytes.size());
}

sf_count_t vSeek(sf_count_t offset, int whence, void* user) {
  auto* c = static_cast<Cursor*>(user);
  auto size = static_cast<sf_count_t>(c->bytes.size());
  sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? c->pos : size;
  if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) return -1;
  // Offsets come from the file's own headers: keep the arithmetic in range.
  if (offset > size || offset < -size) return -1;
  sf_count_t to = base + offset;
  if (to < 0 || to > size) return -1;
  c->pos = to;
  return c->pos;
}

sf_count_t vRead(void* ptr, sf_count_t count, void* user) {
  auto* c = static_cast<Cursor*>(user);
  auto size = static_cast<sf_count_t>(c->bytes.size());
  if (count <= 0 || c->pos >= size) return 0;
  sf_count_t n = std::min(count, size - c->pos);
  std::memcpy(ptr, c->bytes.data() + c->pos, static_cast<size_t>(n));
  c->pos += n;
  return n;
}

sf_count_t vWrite(const void*, sf_count_t, void*) { return 0; }

sf_count_t vTell(void* user) { return static_cast<Cursor*>(user)->pos; }

// sf_open_virtual reports failures through a process-wide error: read it under the same lock.
std::mutex& openMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

SndMemoryFile::SndMemoryFile(std::span<const uint8_t> bytes) : cursor_{bytes, 0} {}

SndMemoryFile::~SndMemoryFile() {
  if (snd_) sf_close(snd_);
}

Result<std::unique_ptr<SndMemoryFile>> openMemory(std::span<const uint8_t> bytes) {
  static SF_VIRTUAL_IO vio{vLength, vSeek, vRead, vWrite, vTell};
  auto f = std::make_unique<SndMemoryFile>(bytes);
  std::lock_guard lock(openMutex());
  f->snd_ = sf_open_virtual(&vio, SFM_READ, &f->info_, &f->cursor_);
  if (!f->snd_) {
    return fail(Code::Invalid,
                fmt::format("not an audio file libsndfile can read: {}", sf_strerror(nullptr)));
  }
  return f;
}

}  // namespace hk::media::detail

#pragma once
// POSIX helpers for files that hold secrets: strict mode checks on read, creation with
// O_CREAT|O_EXCL and mode 0600, atomic replacement, and an advisory lock for writers.
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hk::secure::detail {

// Reads a private file. Fails with NotFound when it does not exist, and with Invalid when it
// is not a regular file, has any group/other permission bit, or is larger than 1 MiB.
Result<std::string> readPrivateFile(const std::string& path);

// Creates `path` holding `content` with mode 0600, only if it does not exist: the content is
// written to a temporary file opened with O_CREAT|O_EXCL (0600), synced, then hard-linked to
// `path`, so no reader ever sees a partial file. Conflict when `path` already exists.
Status createPrivateFile(const std::string& path, std::string_view content);

// Replaces `path` atomically (temporary 0600 file, fsync, rename, fsync of the folder). The new
// file keeps the owner and group of the old one when the process is allowed to set them.
Status replacePrivateFile(const std::string& path, std::string_view content);

// An exclusive flock() on "<path>.lock", held until destruction. Serialises writers (key
// rotation) across processes; readers never take it.
class FileLock {
 public:
  static Result<FileLock> acquire(const std::string& path);
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Overwrites the characters of a string holding secret text before it is released.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string& s) : s_(s) {}
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit();

 private:
  std::string& s_;
};

}  // namespace hk::secure::detail

#include "secure/detail/private_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "base/ids.hpp"

namespace hk::secure::detail {
namespace {

constexpr off_t kMaxFileBytes = 1 << 20;

std::string errnoText(int err) { return std::strerror(err); }

// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and reports the error close() gives (delayed write errors show up here).
  int closeNow() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string folderOf(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// Best effort: some file systems refuse fsync on a folder.
void syncFolder(const std::string& path) {
  int fd = ::open(folderOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

Status writeAll(int fd, std::string_view content, const std::string& path) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(Error::unavailable("cannot write " + path + ": " + errnoText(errno)));
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    return fail(Error::unavailable("cannot sync " + path + ": " + errnoText(errno)));
  }
  return ok();
}

// Writes `content` to a new temporary file next to `path`, created with O_CREAT|O_EXCL and
// mode 0600. `owner`, when given, is the file whose owner and group the new file takes.
Result<std::string> writeTemp(const std::string& path, std::string_view content,
                              const struct stat* owner) {
  std::string tmp = path + ".tmp-" + randomHex(6);
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) {
    return fail(Error::unavailable("cannot create " + tmp + ": " + errnoText(errno)));
  }
  Status st = ok();
  if (owner && (owner->st_uid != ::geteuid() || owner->st_gid != ::getegid()) &&
      ::fchown(fd.get(), owner->st_uid, owner->st_gid) != 0) {
    st = fail(Error::unavailable("cannot give " + tmp + " the owner of " + path + ": " +
                                 errnoText(errno)));
  }
  if (st) st = writeAll(fd.get(), content, tmp);
  if (fd.closeNow() != 0 && st) {
    st = fail(Error::unavailable("cannot close " + tmp + ": " + errnoText(errno)));
  }
  if (!st) {
    ::unlink(tmp.c_str());
    return st.error();
  }
  return tmp;
}

}  // namespace

Result<std::string> readPrivateFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    int err = errno;
    if (err == ENOENT) return fail(Error::notFound("key file " + path + " does not exist"));
    return fail(Error::unavailable("cannot open key file " + path + ": " + errnoText(err)));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return fail(Error::unavailable("cannot stat key file " + path + ": " + errnoText(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return fail(Error::invalid("key file " + path + " is not a regular file"));
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return fail(Error::invalid("key file " + path + " has mode " + mode +
                               ": group and others must have no access (chmod 600 it)"));
  }
  if (st.st_size > kMaxFileBytes) {
    return fail(Error::invalid("key file " + path + " is larger than 1 MiB"));
  }
  std::string text;
  text.reserve(static_cast<size_t>(st.st_size) + 1);
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      sodium_memzero(buf, sizeof buf);
      return fail(Error::unavailable("cannot read key file " + path + ": " + errnoText(errno)));
    }
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > static_cast<size_t>(kMaxFileBytes)) {
      sodium_memzero(buf, sizeof buf);
      WipeOnExit wipe(text);
      return fail(Error::invalid("key file " + path + " is larger than 1 MiB"));
    }
    text.append(buf, static_cast<size_t>(n));
  }
  sodium_memzero(buf, sizeof buf);
  return text;
}

Status createPrivateFile(const std::string& path, std::string_view content) {
  auto tmp = writeTemp(path, content, nullptr);
  if (!tmp) return tmp.error();
  int rc = ::link(tmp->c_str(), path.c_str());
  int err = errno;
  ::unlink(tmp->c_str());
  if (rc != 0) {
    if (err == EEXIST) return fail(Error::conflict("key file " + path + " already exists"));
    return fail(Error::unavailable("cannot create key file " + path + ": " + errnoText(err)));
  }
  syncFolder(path);
  return ok();
}

Status replacePrivateFile(const std::string& path, std::string_view content) {
  struct stat old {};
  if (::stat(path.c_str(), &old) != 0) {
    return fail(Error::unavailable("cannot stat key file " + path + ": " + errnoText(errno)));
  }
  auto tmp = writeTemp(path, content, &old);
  if (!tmp) return tmp.error();
  if (::rename(tmp->c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp->c_str());
    return fail(Error::unavailable("cannot replace key file " + path + ": " + errnoText(err)));
  }
  syncFolder(path);
  return ok();
}

Result<FileLock> FileLock::acquire(const std::string& path) {
  std::string lockPath = path + ".lock";
  int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return fail(Error::unavailable("cannot open lock file " + lockPath + ": " + errnoText(errno)));
  }
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    ::close(fd);
    return fail(Error::unavailable("cannot lock " + lockPath + ": " + errnoText(err)));
  }
  return FileLock(fd);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

WipeOnExit::~WipeOnExit() {
  if (!s_.empty()) sodium_memzero(s_.data(), s_.size());
}

}  // namespace hk::secure::detail

#include "calllog/detail/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "domain/call_record_json.hpp"

namespace hk::calllog::detail {
namespace {

std::string errnoText(const std::string& what, const std::string& file) {
  return what + " " + file + ": " + std::strerror(errno);
}

// Invalid UTF-8 (a reason phrase from the network) is replaced, never thrown.
std::string line(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool exists(const std::string& file) {
  struct stat st {};
  return ::stat(file.c_str(), &st) == 0;
}

bool nonEmpty(const std::string& file) {
  struct stat st {};
  return ::stat(file.c_str(), &st) == 0 && st.st_size > 0;
}

// Makes a created or renamed entry durable.
void syncDir(const std::string& file) {
  auto slash = file.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : file.substr(0, slash);
  if (dir.empty()) dir = "/";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

Result<std::string> readAll(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(Code::Unavailable, "cannot read journal " + file);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void parseLines(const std::string& text, Journal::Replay& out) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    if (l.empty()) continue;
    auto j = nlohmann::json::parse(l, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      out.corrupt.push_back(l);
      continue;
    }
    auto r = domain::fromJson(j);
    if (!r) {
      out.corrupt.push_back(l);
      continue;
    }
    out.records.push_back(std::move(*r));
  }
}

}  // namespace

Journal::Journal(std::string path) : path_(std::move(path)) {}

Status Journal::appendLines(const std::string& file, const std::string& lines) {
  const bool created = !exists(file);
  int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return fail(Code::Unavailable, errnoText("cannot open", file));
  size_t done = 0;
  while (done < lines.size()) {
    ssize_t n = ::write(fd, lines.data() + done, lines.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error e{Code::Unavailable, errnoText("cannot write", file), {}};
      ::close(fd);
      return fail(std::move(e));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Error e{Code::Unavailable, errnoText("cannot fsync", file), {}};
    ::close(fd);
    return fail(std::move(e));
  }
  ::close(fd);
  if (created) syncDir(file);
  return ok();
}

Status Journal::append(const std::vector<domain::CallRecord>& records) {
  if (records.empty()) return ok();
  std::string lines;
  for (const auto& r : records) lines += line(domain::toJson(r));
  std::lock_guard lk(mu_);
  return appendLines(path_, lines);
}

Status Journal::reject(const domain::CallRecord& record, const std::string& reason) {
  auto j = domain::toJson(record);
  j["rejected_reason"] = reason;
  std::lock_guard lk(mu_);
  return appendLines(rejectedPath(), line(j));
}

bool Journal::pending() const {
  std::lock_guard lk(mu_);
  return nonEmpty(replayingPath()) || nonEmpty(path_);
}

Result<Journal::Replay> Journal::takeForReplay() {
  std::lock_guard lk(mu_);
  if (!exists(replayingPath())) {
    if (!exists(path_)) return Replay{};
    if (::rename(path_.c_str(), replayingPath().c_str()) != 0) {
      return fail(Code::Unavailable, errnoText("cannot rename", path_));
    }
    syncDir(path_);
  }
  auto text = readAll(replayingPath());
  if (!text) return text.error();
  Replay out;
  parseLines(*text, out);
  return out;
}

Status Journal::replayDone(const Replay& done) {
  std::lock_guard lk(mu_);
  if (!done.corrupt.empty()) {
    std::string lines;
    for (const auto& c : done.corrupt) lines += line(nlohmann::json{{"corrupt_line", c}});
    if (auto s = appendLines(rejectedPath(), lines); !s) return s;
  }
  if (::unlink(replayingPath().c_str()) != 0 && errno != ENOENT) {
    return fail(Code::Unavailable, errnoText("cannot remove", replayingPath()));
  }
  syncDir(path_);
  return ok();
}

}  // namespace hk::calllog::detail

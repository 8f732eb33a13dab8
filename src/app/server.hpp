#pragma once
// The composition root: builds every part of hankyod from the Config and owns them.
// Nothing else constructs subsystems; nothing depends on app.
#include <memory>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/config.hpp"
#include "base/result.hpp"

namespace hk::store {
class Store;
}
namespace hk::media {
class PromptStore;
}

namespace hk::app {

class Server {
 public:
  static Result<std::unique_ptr<Server>> create(const Config& cfg, const Clock& clock);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  Status start();
  void stop();                      // idempotent; flushes the call-log writer
  std::string httpAddress() const;  // "127.0.0.1:8080" (the real port when 0 was asked)
  // Every registered HTTP route as "METHOD /pattern", in registration order.
  std::vector<std::string> routes() const;
  store::Store& store();
  // The one prompt store the API and the calls share (null when media.dir cannot be used).
  media::PromptStore* prompts();

  struct Parts;

 private:
  explicit Server(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace hk::app

#pragma once
// Route table: {method, pattern, handler, name}. Patterns are literal segments and
// "{param}" segments ("/api/v1/numbers/{id}"); a literal segment wins over a parameter
// at the same place. Unknown path → 404 problem; known path, other method → 405 problem
// with Allow; HEAD runs the GET handler and sends no body.
// Register every route before the server starts; handle() is then safe from any thread.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.hpp"

namespace hk::api {

using Handler = std::function<Response(Request&)>;

struct RouteInfo {
  std::string method;
  std::string pattern;
  std::string name;
};

class Router {
 public:
  // Throws std::invalid_argument on a malformed pattern or a duplicate method+pattern:
  // routes are registered at startup only.
  Router& add(std::string method, std::string pattern, Handler handler, std::string name = {});
  Router& get(std::string pattern, Handler h, std::string name = {});
  Router& post(std::string pattern, Handler h, std::string name = {});
  Router& put(std::string pattern, Handler h, std::string name = {});
  Router& patch(std::string pattern, Handler h, std::string name = {});
  Router& del(std::string pattern, Handler h, std::string name = {});

  // Matches req.target's path, fills req.params and runs the handler. Handler exceptions
  // propagate (the server turns them into 500).
  Response handle(Request& req) const;

  // Every registered (method, pattern, name), in registration order.
  std::vector<RouteInfo> routes() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  struct Route {
    RouteInfo info;
    std::vector<Segment> segments;
    Handler handler;
  };
  // Fills `params` on a match; `score` ranks literal segments above parameters.
  static bool match(const Route& r, const std::vector<std::string_view>& raw, Params* params,
                    std::string& score);
  Response notMatched(const Request& req, const std::vector<std::string_view>& raw) const;

  std::vector<Route> routes_;
};

}  // namespace hk::api

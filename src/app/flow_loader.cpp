#include "app/flow_loader.hpp"

#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "store/store.hpp"

namespace hk::app {

namespace {

constexpr int kPage = 500;

struct Cache {
  std::mutex mu;
  std::map<std::pair<domain::Id, int>, std::string> documents;
};

// The absence switches matter only to flows with an absence step: without one, none are
// read. One query for every switch (a number's or an advertiser's).
Status loadAbsence(store::Tx& tx, engine::FlowRows& out) {
  auto switches = tx.absence().all();
  if (!switches) return switches.error();
  for (const auto& sw : *switches) {
    if (!sw.absent) continue;
    if (sw.number_id != 0) out.absent_numbers.insert(sw.number_id);
    if (sw.advertiser_id != 0) out.absent_advertisers.insert(sw.advertiser_id);
  }
  return ok();
}

}  // namespace

engine::LoadFlowRows flowRowsLoader(store::Store& store) {
  auto cache = std::make_shared<Cache>();
  store::Store* st = &store;
  return [st, cache]() -> Result<engine::FlowRows> {
    std::lock_guard<std::mutex> l(cache->mu);
    auto tx = st->begin(false);
    if (!tx) return tx.error();
    engine::FlowRows out;
    bool any_absence = false;
    std::map<std::pair<domain::Id, int>, std::string> keep;
    for (int page = 1;; ++page) {
      auto p = (*tx)->flows().list(store::Scope{}, store::FlowFilter{}, {page, kPage});
      if (!p) return p.error();
      for (const auto& f : p->items) {
        auto key = std::pair{f.id, f.current_version};
        auto it = cache->documents.find(key);
        std::string doc;
        if (it != cache->documents.end()) {
          doc = it->second;
        } else {
          auto v = (*tx)->flows().version(f.id, f.current_version);
          if (!v) return v.error();
          doc = v->document;
        }
        keep[key] = doc;
        if (doc.find("\"absence\"") != std::string::npos) any_absence = true;
        out.flows.push_back({f.id, f.operator_id, f.advertiser_id, f.current_version, doc});
      }
      if (p->items.size() < static_cast<size_t>(kPage)) break;
    }
    cache->documents = std::move(keep);
    for (int page = 1;; ++page) {
      auto p = (*tx)->flows().attachments(store::Scope{}, store::AttachmentFilter{}, {page, kPage});
      if (!p) return p.error();
      for (const auto& a : p->items) {
        out.attachments.push_back({a.operator_id, a.advertiser_id, a.number_id, a.flow_id});
      }
      if (p->items.size() < static_cast<size_t>(kPage)) break;
    }
    if (any_absence) {
      if (auto s = loadAbsence(**tx, out); !s) return s.error();
    }
    return out;
  };
}

}  // namespace hk::app

// The default Tx::prompts(): a store without prompts (decorators, future backends).
#include "store/store.hpp"

namespace hk::store {
namespace {

class NoPrompts final : public PromptRepo {
 public:
  Result<PromptRow> insert(const PromptRow&) override { return missing(); }
  Result<PromptRow> get(const std::string&) override { return missing(); }
  Result<Page<PromptRow>> list(const Scope&, const PromptFilter&, const PageRequest&) override {
    return missing();
  }
  Result<PromptRow> rename(const std::string&, const std::string&) override { return missing(); }
  Status remove(const std::string&) override { return missing(); }

 private:
  static Error missing() { return Error::internal("this store has no prompts"); }
};

}  // namespace

PromptRepo& Tx::prompts() {
  static NoPrompts none;
  return none;
}

}  // namespace hk::store

// What a Tx without the flow repositories answers (a decorator written before them): every
// call fails with Code::Internal, so nothing runs on a half-implemented store by mistake.
// Also the names of the block-entry kinds.
#include "store/store.hpp"

namespace hk::store {
namespace {

Error missing(const char* what) {
  return Error::internal(std::string("this store has no ") + what);
}

class NoFlows final : public FlowRepo {
 public:
  Result<Flow> insert(const Flow&, const FlowVersion&) override { return missing("flows"); }
  Result<Flow> get(Id) override { return missing("flows"); }
  Result<Flow> findByName(Id, Id, const std::string&) override { return missing("flows"); }
  Result<Page<Flow>> list(const Scope&, const FlowFilter&, const PageRequest&) override {
    return missing("flows");
  }
  Result<Flow> addVersion(Id, const std::string&, const FlowVersion&) override {
    return missing("flows");
  }
  Result<FlowVersion> version(Id, int) override { return missing("flows"); }
  Result<Page<FlowVersion>> versions(Id, const PageRequest&) override { return missing("flows"); }
  Status remove(Id) override { return missing("flows"); }
  Result<FlowAttachment> attach(const FlowAttachment&) override { return missing("flows"); }
  Result<FlowAttachment> attachment(Id) override { return missing("flows"); }
  Result<Page<FlowAttachment>> attachments(const Scope&, const AttachmentFilter&,
                                           const PageRequest&) override {
    return missing("flows");
  }
  Result<FlowAttachment> reattach(Id, Id) override { return missing("flows"); }
  Status detach(Id) override { return missing("flows"); }
  Result<std::vector<FlowAttachment>> attachmentsFor(const domain::TrackingNumber&) override {
    return missing("flows");
  }
  Result<int64_t> attachmentCount(Id) override { return missing("flows"); }
};

class NoBlockList final : public BlockListRepo {
 public:
  Result<BlockEntry> insert(const BlockEntry&) override { return missing("block lists"); }
  Result<BlockEntry> get(Id) override { return missing("block lists"); }
  Result<Page<BlockEntry>> list(Id, Id, const PageRequest&) override {
    return missing("block lists");
  }
  Status remove(Id) override { return missing("block lists"); }
  Result<std::optional<BlockEntry>> match(Id, Id, const std::string&, const std::string&,
                                          bool) override {
    return missing("block lists");
  }
};

class NoAbsence final : public AbsenceRepo {
 public:
  Result<std::optional<AbsenceSwitch>> forNumber(Id) override {
    return missing("absence switches");
  }
  Result<std::optional<AbsenceSwitch>> forAdvertiser(Id) override {
    return missing("absence switches");
  }
  Result<std::vector<AbsenceSwitch>> all() override { return missing("absence switches"); }
  Result<AbsenceSwitch> set(const AbsenceSwitch&) override { return missing("absence switches"); }
};

}  // namespace

FlowRepo& Tx::flows() {
  static NoFlows none;
  return none;
}

BlockListRepo& Tx::blockList() {
  static NoBlockList none;
  return none;
}

AbsenceRepo& Tx::absence() {
  static NoAbsence none;
  return none;
}

const char* blockKindName(BlockKind k) {
  switch (k) {
    case BlockKind::Exact: return "exact";
    case BlockKind::Prefix: return "prefix";
    case BlockKind::Withheld: return "withheld";
  }
  return "exact";
}

bool parseBlockKind(const std::string& s, BlockKind& out) {
  for (auto k : {BlockKind::Exact, BlockKind::Prefix, BlockKind::Withheld}) {
    if (s == blockKindName(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

}  // namespace hk::store

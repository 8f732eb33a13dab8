#pragma once
// The rows of call handling a user configures: flows with their versions and attachments,
// call blocking entries and absence switches (migration 0002_flows.sql). Plain values; the
// rules about them live in service/ (flows.cpp, blocking.cpp) and flow/ (the document).
#include <optional>
#include <string>

#include "base/clock.hpp"
#include "domain/ids.hpp"

namespace hk::store {

using domain::Id;

struct Flow {
  Id id = 0;
  Id operator_id = 0;
  Id advertiser_id = 0;  // 0: an operator-level flow
  std::string name;      // the current version's document name
  int current_version = 0;
  WallTime created_at{};
  WallTime updated_at{};
};

struct FlowVersion {
  Id flow_id = 0;
  int version = 0;
  std::string document;  // JSON text; empty in version lists
  WallTime created_at{};
  std::string created_by;  // principal label ("user:12", "key:3")
};

struct FlowFilter {
  std::optional<Id> advertiser_id;  // 0: operator-level flows only
  std::string q;                    // name substring
};

enum class AttachLevel { Operator, Advertiser, Number };

// A target (operator, advertiser or number) runs a flow.
struct FlowAttachment {
  Id id = 0;
  Id operator_id = 0;
  Id advertiser_id = 0;  // set for an advertiser-level attachment only
  Id number_id = 0;      // set for a number-level attachment only
  Id flow_id = 0;
  WallTime created_at{};
  std::string created_by;
  AttachLevel level() const {
    return number_id != 0       ? AttachLevel::Number
           : advertiser_id != 0 ? AttachLevel::Advertiser
                                : AttachLevel::Operator;
  }
};

struct AttachmentFilter {
  std::optional<Id> flow_id;
  std::optional<Id> advertiser_id;  // advertiser-level rows of this advertiser
  std::optional<Id> number_id;
};

enum class BlockKind { Exact, Prefix, Withheld };
const char* blockKindName(BlockKind k);
bool parseBlockKind(const std::string& s, BlockKind& out);

// One blocked caller, range or "withheld", for a whole operator (number_id 0) or one number.
struct BlockEntry {
  Id id = 0;
  Id operator_id = 0;
  Id number_id = 0;
  BlockKind kind = BlockKind::Exact;
  std::string number_index;   // Exact: keyed blind index of the normalised number
  std::string number_cipher;  // Exact: the number, encrypted (secure::CallerCipher)
  std::string number_masked;  // Exact: for screens ("090****5678")
  std::string prefix;         // Prefix: 2 to 9 digits
  std::string note;
  WallTime created_at{};
  std::string created_by;
};

// The absence switch of one advertiser or one number (exactly one of the two ids is set).
struct AbsenceSwitch {
  Id operator_id = 0;
  Id advertiser_id = 0;
  Id number_id = 0;
  bool absent = false;
  WallTime changed_at{};
  std::string changed_by;
};

}  // namespace hk::store

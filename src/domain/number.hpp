#pragma once
// Tracking numbers (SPEC §2): the inventory row of a number that receives calls.
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "domain/ids.hpp"

namespace hk::domain {

enum class NumberType { FreeCall0120, FreeCall0800, FreeCall0078, Ip050, Geographic, Other };
enum class NumberState { Available, Assigned, Pooled, Leased, Cooldown, Quarantined, Released };

constexpr int kMaxDestinations = 5;

struct TrackingNumber {
  Id id = 0;
  Id operator_id = 0;
  Id advertiser_id = 0;  // 0 while unassigned (operator inventory)
  std::string number;    // national digits as dialled in Japan ("0120123456", "05012345678"),
                         // or E.164 with '+' for other countries
  NumberType type = NumberType::Other;
  std::string name;                       // display name: the ad, page, medium
  std::vector<std::string> destinations;  // up to 5, tried in order
  NumberState state = NumberState::Available;
  int max_lines = 0;          // concurrent calls; 0 = unlimited
  int ring_timeout_sec = 30;  // per destination
  std::string trunk;          // the inbound trunk that delivers it (config name); empty = any
  int64_t initial_cost = 0;   // yen
  int64_t monthly_cost = 0;   // yen
  WallTime created_at{};
  WallTime updated_at{};
};

// Properties that follow from the type (SPEC §2 table).
struct NumberTypeInfo {
  bool free_call;            // the advertiser pays
  bool shows_caller_number;  // caller number shown to the advertiser on the forwarded leg
  int min_digits, max_digits;
};
NumberTypeInfo typeInfo(NumberType t);
// Guesses the type of a Japanese national number from its prefix ("0120..." -> 0120).
NumberType classifyNumber(const std::string& digits);

}  // namespace hk::domain

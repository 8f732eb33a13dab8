#include "domain/enum_names.hpp"

#include <array>
#include <utility>

namespace hk::domain {
namespace {

template <class E, size_t N>
bool parseIn(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s,
             E& out) {
  for (const auto& [e, n] : table) {
    if (n == s) {
      out = e;
      return true;
    }
  }
  return false;
}

template <class E, size_t N>
std::string_view nameIn(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, n] : table) {
    if (v == e) return n;
  }
  return "unknown";
}

constexpr std::array<std::pair<Role, std::string_view>, 4> kRole{{
    {Role::SystemAdmin, "system_admin"},
    {Role::OperatorAdmin, "operator_admin"},
    {Role::OperatorStaff, "operator_staff"},
    {Role::AdvertiserUser, "advertiser_user"},
}};
constexpr std::array<std::pair<NumberType, std::string_view>, 6> kNumberType{{
    {NumberType::FreeCall0120, "0120"},
    {NumberType::FreeCall0800, "0800"},
    {NumberType::FreeCall0078, "0078"},
    {NumberType::Ip050, "050"},
    {NumberType::Geographic, "geographic"},
    {NumberType::Other, "other"},
}};
constexpr std::array<std::pair<NumberState, std::string_view>, 7> kNumberState{{
    {NumberState::Available, "available"},
    {NumberState::Assigned, "assigned"},
    {NumberState::Pooled, "pooled"},
    {NumberState::Leased, "leased"},
    {NumberState::Cooldown, "cooldown"},
    {NumberState::Quarantined, "quarantined"},
    {NumberState::Released, "released"},
}};
constexpr std::array<std::pair<DialStat, std::string_view>, 8> kDialStat{{
    {DialStat::Answered, "answered"},
    {DialStat::Busy, "busy"},
    {DialStat::NoAnswer, "no_answer"},
    {DialStat::Incomplete, "incomplete"},
    {DialStat::LineUnavailable, "line_unavailable"},
    {DialStat::Transferred, "transferred"},
    {DialStat::None, "none"},
    {DialStat::Blocked, "blocked"},
}};
constexpr std::array<std::pair<HupUsr, std::string_view>, 3> kHupUsr{{
    {HupUsr::Caller, "caller"},
    {HupUsr::Callee, "callee"},
    {HupUsr::System, "system"},
}};
constexpr std::array<std::pair<DeviceType, std::string_view>, 7> kDeviceType{{
    {DeviceType::Fixed, "fixed"},
    {DeviceType::Mobile, "mobile"},
    {DeviceType::Ip, "ip"},
    {DeviceType::Withheld, "withheld"},
    {DeviceType::Payphone, "payphone"},
    {DeviceType::Unavailable, "unavailable"},
    {DeviceType::Unknown, "unknown"},
}};
constexpr std::array<std::pair<ValidRes, std::string_view>, 5> kValidRes{{
    {ValidRes::Pending, "pending"},
    {ValidRes::Valid, "valid"},
    {ValidRes::InvalidDuplicate, "invalid_duplicate"},
    {ValidRes::InvalidShort, "invalid_short"},
    {ValidRes::Invalid, "invalid"},
}};
constexpr std::array<std::pair<CallState, std::string_view>, 2> kCallState{{
    {CallState::InProgress, "in_progress"},
    {CallState::Finished, "finished"},
}};

}  // namespace

std::string_view name(Role v) { return nameIn(kRole, v); }
bool parse(std::string_view s, Role& out) { return parseIn(kRole, s, out); }
std::string_view name(NumberType v) { return nameIn(kNumberType, v); }
bool parse(std::string_view s, NumberType& out) { return parseIn(kNumberType, s, out); }
std::string_view name(NumberState v) { return nameIn(kNumberState, v); }
bool parse(std::string_view s, NumberState& out) { return parseIn(kNumberState, s, out); }
std::string_view name(DialStat v) { return nameIn(kDialStat, v); }
bool parse(std::string_view s, DialStat& out) { return parseIn(kDialStat, s, out); }
std::string_view name(HupUsr v) { return nameIn(kHupUsr, v); }
bool parse(std::string_view s, HupUsr& out) { return parseIn(kHupUsr, s, out); }
std::string_view name(DeviceType v) { return nameIn(kDeviceType, v); }
bool parse(std::string_view s, DeviceType& out) { return parseIn(kDeviceType, s, out); }
std::string_view name(ValidRes v) { return nameIn(kValidRes, v); }
bool parse(std::string_view s, ValidRes& out) { return parseIn(kValidRes, s, out); }
std::string_view name(CallState v) { return nameIn(kCallState, v); }
bool parse(std::string_view s, CallState& out) { return parseIn(kCallState, s, out); }

}  // namespace hk::domain

#pragma once
// String forms of the domain enums: the JSON values of the API and the TEXT stored in
// the database. parseX returns false for an unknown string.
#include <string_view>

#include "domain/account.hpp"
#include "domain/call_record.hpp"
#include "domain/number.hpp"

namespace hk::domain {

std::string_view name(Role r);
bool parse(std::string_view s, Role& out);
std::string_view name(NumberType t);
bool parse(std::string_view s, NumberType& out);
std::string_view name(NumberState s);
bool parse(std::string_view s, NumberState& out);
std::string_view name(DialStat s);
bool parse(std::string_view s, DialStat& out);
std::string_view name(HupUsr h);
bool parse(std::string_view s, HupUsr& out);
std::string_view name(DeviceType d);
bool parse(std::string_view s, DeviceType& out);
std::string_view name(ValidRes v);
bool parse(std::string_view s, ValidRes& out);
std::string_view name(CallState s);
bool parse(std::string_view s, CallState& out);

}  // namespace hk::domain

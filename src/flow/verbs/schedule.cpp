// schedule: business hours (営業時間判定).
//   {"verb": "schedule",
//    "hours": {"timezone": "Asia/Tokyo",
//              "weekly": {"mon": [["09:00", "12:00"], ["13:00", "18:00"]], ...},
//              "holidays": "closed", "special_days": [...]},
//    "open": "<step>", "closed": "<step>", "holiday": "<step>"}
// hours    required: the schedule shape of flow/schedule_json.hpp (weekly windows, up to 3 a
//          day; national holidays closed/ignored/as a weekday; special days); its time
//          zone must exist on this system
// Branches: open, closed (both required); holiday (optional): taken instead of closed when
// the reason is a national holiday or a special day.
#include "flow/schedule_json.hpp"
#include "flow/verb_registry.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  if (const Json* hours = r.object("hours", Need::Required)) {
    // The time zone is loaded too, so a zone this system does not know is refused on save.
    auto schedule = scheduleFromJson(*hours, TimeZoneDb::system(), r.at("hours"));
    if (!schedule) {
      const Error& e = schedule.error();
      if (e.fields.empty()) {
        r.issues().push_back({e.field.empty() ? r.at("hours") : e.field, e.message});
      }
      for (const auto& f : e.fields) r.issues().push_back(f);
    }
  }
  r.branch("open", Need::Required);
  r.branch("closed", Need::Required);
  r.branch("holiday");
}

}  // namespace

void registerSchedule(VerbRegistry& r) {
  (void)r.add(
      {"schedule", "branch on business hours and holidays", {"open", "closed", "holiday"}, check});
}

}  // namespace hk::flow

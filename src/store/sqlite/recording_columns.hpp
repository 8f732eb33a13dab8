#pragma once
// The recording setting columns (migration 0005) of advertisers and tracking_numbers, read
// and written beside the repos' own statements.
#include <map>
#include <string_view>

#include "domain/number.hpp"
#include "store/sqlite/db.hpp"

namespace hk::store::sqlite {

enum class RecordingTable { Advertisers, Numbers };

// The settings of every row of the table, by id.
Result<std::map<domain::Id, domain::RecordingSetting>> loadAllRecording(Connection& c,
                                                                        RecordingTable t);
// Fills `out` with the setting of row `id` (left as is when the row has none).
Status loadRecordingOne(Connection& c, RecordingTable t, domain::Id id,
                        domain::RecordingSetting& out);
Status saveRecording(Connection& c, RecordingTable t, domain::Id id,
                     const domain::RecordingSetting& r);

}  // namespace hk::store::sqlite

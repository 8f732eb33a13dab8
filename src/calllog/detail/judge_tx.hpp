#pragma once
// The valid-call judgement of one finished record, inside the writer's transaction
// (writer.cpp): the advertiser's settings, its exclusion list and the duplicate check come
// from the store on the writer's thread, never from the SIP loop; judge() decides.
#include "domain/call_record.hpp"
#include "store/store.hpp"

namespace hk::calllog::detail {

// Sets r.valid_res and r.valid_rule. An advertiser that no longer exists judges with the
// default settings. A store error is returned (the transaction then fails as a whole).
Status judgeInTx(store::Tx& tx, domain::CallRecord& r);

}  // namespace hk::calllog::detail

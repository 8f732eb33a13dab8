#pragma once
// The verbs a flow document may use. Each verb (one file in flow/verbs/) registers its name,
// a one-line summary, the names of its branches and a strict validator of its parameters.
// The document reader (flow_doc.hpp) looks verbs up here and knows none by name; the engine
// will find each verb's executor the same way.
//
// Registration is explicit (verbs/builtin.cpp lists the verbs' register functions) rather
// than by static initialisers: hk_flow is a static library, and the linker drops object files
// nothing refers to, so a self-registering verb could silently vanish from a binary.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "flow/param_reader.hpp"

namespace hk::flow {

struct VerbSpec {
  std::string name;     // lowercase, one word: "play", "gather"
  std::string summary;  // one line, for docs and error messages
  // Branch names a step of this verb may have. A branch map (gather's "choices") is listed
  // by its key and produces branches named "choices/<key>".
  std::vector<std::string> branches;
  // Reads the step's parameters (everything but "verb" and "label") and its branches from
  // the reader, reporting every problem; unknown keys are reported after it returns.
  void (*check)(StepReader& reader) = nullptr;
};

class VerbRegistry {
 public:
  // Conflict when the name is taken, Invalid when it is not a lowercase word or has no check.
  Status add(VerbSpec spec);
  const VerbSpec* find(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted

  // Every verb of Hankyo (verbs/builtin.cpp), built once.
  static const VerbRegistry& builtin();

 private:
  std::map<std::string, VerbSpec, std::less<>> verbs_;
};

// The verbs' register functions (one per file in flow/verbs/).
void registerAbsence(VerbRegistry& r);
void registerForward(VerbRegistry& r);
void registerGather(VerbRegistry& r);
void registerHangup(VerbRegistry& r);
void registerPlay(VerbRegistry& r);
void registerQueue(VerbRegistry& r);
void registerReception(VerbRegistry& r);
void registerRecord(VerbRegistry& r);
void registerSay(VerbRegistry& r);
void registerSchedule(VerbRegistry& r);
void registerSet(VerbRegistry& r);
void registerSms(VerbRegistry& r);
void registerVoicemail(VerbRegistry& r);

}  // namespace hk::flow

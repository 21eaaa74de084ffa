#include "query/patient_context.h"

namespace dayzero::query {

const derive::PatientDerivation& PatientContext::derived() {
    if (!derived_) derived_ = derive::derive_patient(id_, events_, def_);
    return *derived_;
}

}  // namespace dayzero::query

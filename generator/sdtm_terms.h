#pragma once
// The SDTM spellings of dayzero codes that the generator writes: test codes, treatment names,
// oxygen devices, adverse-event terms, responses and causes of death. They match the importer's
// default mapping (importers/mappings/sdtm_default.json).

#include <string>
#include <string_view>

namespace dayzero::generator {

// CMTRT of a fluid bolus given for hypotension.
inline constexpr const char* kFluidBolus = "FLUID BOLUS FOR HYPOTENSION";

struct LabTerm {
    std::string testcd;    // LBTESTCD (at most 8 characters)
    std::string test;      // LBTEST
    std::string specimen;  // LBSPEC
};

// LB test of a lab code (CAR_COPIES is LBTESTCD CARTCPY).
LabTerm lab_term(std::string_view code);
// EXTRT/CMTRT of a drug or product code: "TOCILIZUMAB", "FILGRASTIM" (gcsf), ...
std::string treatment_name(std::string_view code);
// EXROUTE of a drug code.
std::string route(std::string_view code);
// PRTRT of an oxygen device code ("HIGH FLOW NASAL CANNULA").
std::string device_name(std::string_view code);
// AEDECOD of an infection code ("urinary_tract_infection" -> "URINARY TRACT INFECTION").
std::string infection_term(std::string_view code);
// RSSTRESC of a response code ("CR_MRD_NEG" -> "CR MRD NEGATIVE").
std::string response_text(std::string_view code);
// DSTERM of a cause of death ("crs" -> "CYTOKINE RELEASE SYNDROME").
std::string death_term(std::string_view cause);
// ARMCD of an arm ("early_toci" -> "EARLYTOC").
std::string arm_code(std::string_view arm);

}  // namespace dayzero::generator

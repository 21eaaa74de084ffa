#include "generator/sdtm_terms.h"

namespace dayzero::generator {
namespace {

std::string upper_words(std::string_view code) {
    std::string out(code);
    for (char& c : out) {
        if (c == '_')
            c = ' ';
        else if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

}  // namespace

LabTerm lab_term(std::string_view code) {
    if (code == "IL6") return {"IL6", "Interleukin 6", "SERUM"};
    if (code == "IL10") return {"IL10", "Interleukin 10", "SERUM"};
    if (code == "IFNG") return {"IFNG", "Interferon Gamma", "SERUM"};
    if (code == "IL2R") return {"IL2R", "Interleukin 2 Receptor", "SERUM"};
    if (code == "TNFA") return {"TNFA", "Tumor Necrosis Factor Alpha", "SERUM"};
    if (code == "CRP") return {"CRP", "C Reactive Protein", "SERUM"};
    if (code == "FERRITIN") return {"FERRITIN", "Ferritin", "SERUM"};
    if (code == "CAR_COPIES") return {"CARTCPY", "CAR Transgene Copies", "BLOOD"};
    return {std::string(code), std::string(code), "SERUM"};
}

std::string treatment_name(std::string_view code) {
    if (code == "gcsf") return "FILGRASTIM";
    return upper_words(code);
}

std::string route(std::string_view code) {
    return code == "dexamethasone" ? "ORAL" : "INTRAVENOUS";
}

std::string device_name(std::string_view code) {
    if (code == "low_flow_nc") return "LOW FLOW NASAL CANNULA";
    if (code == "high_flow_nc") return "HIGH FLOW NASAL CANNULA";
    if (code == "blow_by") return "BLOW-BY OXYGEN";
    if (code == "facemask") return "FACE MASK";
    if (code == "non_rebreather") return "NON-REBREATHER MASK";
    if (code == "venturi") return "VENTURI MASK";
    return upper_words(code);  // CPAP, BIPAP, MECHANICAL VENTILATION, ROOM AIR
}

std::string infection_term(std::string_view code) {
    return upper_words(code);
}

std::string response_text(std::string_view code) {
    if (code == "CR_MRD_NEG") return "CR MRD NEGATIVE";
    if (code == "CR_MRD_POS") return "CR MRD POSITIVE";
    return std::string(code);
}

std::string death_term(std::string_view cause) {
    if (cause == "crs") return "CYTOKINE RELEASE SYNDROME";
    if (cause == "infection") return "INFECTION";
    if (cause == "relapse") return "DISEASE PROGRESSION";
    return "CARDIAC ARREST";  // not a listed cause: the importer files it under "other"
}

std::string arm_code(std::string_view arm) {
    return arm == "early_toci" ? "EARLYTOC" : "STANDARD";
}

}  // namespace dayzero::generator

// gen_tables.hpp — the reference values the benchmark generator draws from: identities, and for
// each interface kind the values the shipped packs accept and a few they reject.
#pragma once

#include <cctype>
#include <cstdint>
#include <string>

namespace stancheck::bench {

inline const char* const nations[] = {"FRA", "DEU", "GBR", "USA", "ITA", "ESP", "NLD", "NOR", "POL", "CAN",
                                      "BEL", "DNK", "CZE", "TUR", "ROU", "PRT", "GRC", "HUN", "SVK", "LTU",
                                      "LVA", "EST", "FIN", "SWE", "HRV", "SVN", "BGR", "ALB", "MNE", "MKD"};
inline const char* const platform_codes[] = {"UAV", "GCS", "RAD", "VEH", "SHP", "C2", "HEL", "SAT"};
inline const char* const platform_names[] = {"Patroller", "Sentinel", "Falcon", "Harrier", "Kestrel", "Osprey",
                                             "Raven", "Condor", "Lynx", "Merlin", "Puma", "Wolverine"};
inline const char* const roles[] = {"relay", "observer", "command post", "gateway", "terminal", "node", "station"};
inline const char* const suppliers[] = {"Example SA", "Beispiel GmbH", "Sample Ltd", "Demo Systems Inc.",
                                        "Esempio S.p.A.", "Voorbeeld B.V.", "Eksempel AS", "Przyklad Sp. z o.o.",
                                        "Smith & Jones Avionics", "Nordic Datalink Oy"};

/// The first word of `text`, lower-cased letters only ("Smith & Jones" -> "smith").
inline std::string lower_word(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Power (MIL-STD-1275: 28 V systems).
inline const char* const power_voltages[] = {"28 V", "28.0 V", "28 V", "28V"};
inline const char* const bad_power_voltages[] = {"48 V", "24 V", "115 V", "28 VDC", "270 V"};

// Motion imagery (STANAG 4609 / MISB ST 1108 compression types).
inline const char* const codecs[] = {"H.264", "H.265", "MPEG-2", "H.264", "H.264"};
inline const char* const bad_codecs[] = {"MJPEG", "VP8", "Theora"};

/// An ST 0601 item as the packs know it: encoded length (0 = variable) and value range.
struct klv_item {
  int tag;
  int length;        // bytes, 0 when variable or not tabulated
  const char* unit;  // nullptr when no range is declared
  int64_t min, max;
};
inline const klv_item klv_items[] = {
    {1, 2, nullptr, 0, 0},       {2, 8, nullptr, 0, 0},        {5, 2, "deg", 0, 360},
    {6, 2, "deg", -20, 20},      {7, 2, "deg", -50, 50},       {13, 4, "deg", -90, 90},
    {14, 4, "deg", -180, 180},   {15, 2, "m", -900, 19000},    {16, 2, "deg", 0, 180},
    {17, 2, "deg", 0, 180},      {21, 4, "m", 0, 5000000},     {23, 0, "deg", -90, 90},
    {24, 0, "deg", -180, 180},   {65, 1, nullptr, 0, 0},
};
inline const klv_item* klv_info(int tag) {
  for (const auto& k : klv_items)
    if (k.tag == tag) return &k;
  return nullptr;
}
/// Optional ST 0601 items commonly declared (mandatory 1, 2, 65 and 48 are added separately).
inline const int optional_klv[] = {3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25};
inline const char* klv_name(int tag) {
  switch (tag) {
    case 1: return "Checksum";
    case 2: return "Precision Time Stamp";
    case 3: return "Mission ID";
    case 4: return "Platform Tail Number";
    case 5: return "Platform Heading Angle";
    case 6: return "Platform Pitch Angle";
    case 7: return "Platform Roll Angle";
    case 10: return "Platform Designation";
    case 11: return "Image Source Sensor";
    case 12: return "Image Coordinate System";
    case 13: return "Sensor Latitude";
    case 14: return "Sensor Longitude";
    case 15: return "Sensor True Altitude";
    case 16: return "Sensor Horizontal Field of View";
    case 17: return "Sensor Vertical Field of View";
    case 18: return "Sensor Relative Azimuth Angle";
    case 19: return "Sensor Relative Elevation Angle";
    case 20: return "Sensor Relative Roll Angle";
    case 21: return "Slant Range";
    case 22: return "Target Width";
    case 23: return "Frame Center Latitude";
    case 24: return "Frame Center Longitude";
    case 25: return "Frame Center Elevation";
    case 48: return "Security Local Set";
    case 65: return "UAS Datalink LS Version Number";
    default: return "Undefined Tag";
  }
}

// Symbology (APP-6(D) SIDC digits 5-6 and 1-2).
inline const char* const symbol_sets[] = {"01", "02", "05", "06", "10", "11", "15", "20", "25", "27",
                                          "30", "35", "36", "40", "45", "46", "47", "50", "51", "60"};
inline const char* const bad_symbol_sets[] = {"99", "07", "88", "12"};
inline const char* const bad_sidc_versions[] = {"99", "13", "09"};

// HF modems.
inline const int hf_4539_rates[] = {75, 150, 300, 600, 1200, 2400, 3200, 4800, 6400, 8000, 9600};
inline const int hf_4285_rates[] = {75, 150, 300, 600, 1200, 2400, 3600};
inline const int bad_hf_rates[] = {14400, 19200, 50, 4000};
inline const char* modulation_4539(int rate) {
  switch (rate) {
    case 3200: return "QPSK";
    case 4800: return "8-PSK";
    case 6400: return "16-QAM";
    case 8000: return "32-QAM";
    default: return "64-QAM";
  }
}
/// STANAG 5066 SAP assignments.
struct sap_client {
  int id;
  const char* client;
};
inline const sap_client sap_clients[] = {{0, "Subnet management"}, {1, "COSS"}, {2, "T-MMHS"}, {3, "HMTP"},
                                         {5, "HFCHAT"},           {7, "UDOP"}, {9, "IP"},       {12, "CFTP"}};

// STANAG 4774 labels under the NATO policy.
inline const char* const classifications[] = {"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET"};
inline const char* const releasable[] = {"AUS", "FRA", "DEU", "GBR", "USA", "ITA", "ESP", "NLD", "NOR", "POL"};

// STANAG 4586 architecture elements an interface may play.
inline const char* const architecture_roles[] = {"CUCS", "VSM", "AV", "CUCS", "DLI"};

}  // namespace stancheck::bench

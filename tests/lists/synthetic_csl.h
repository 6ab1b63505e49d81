// A synthetic Consolidated Screening List in the download's JSON or CSV form, for the scale test
// (tests/lists/synthetic_test.cc) and the benchmark (bench/screening_list_benchmark.cc). The same
// arguments give the same bytes (a 64-bit LCG, no clock). The mix follows the real list's: most
// rows on the SDN list, then the Entity List, the Denied Persons List and the others; 0 to 4
// aliases; addresses in some 20 countries. As in the real list, the rows of OFAC's lists carry an
// entity number and no start date, the others a start date among some 1 000 Federal Register
// days (`dated`: every row a start date of its own over 1990-2026 instead, the most the compiler's
// date segments can be asked); end dates on the Denied Persons List. Every 20th row repeats an
// earlier row's name (one party, two listings). Invented names only: "Synthetic Party 17 Co., Ltd.".
// Header-only, standard C++ only.
#ifndef EXPORTCTL_TESTS_LISTS_SYNTHETIC_CSL_H_
#define EXPORTCTL_TESTS_LISTS_SYNTHETIC_CSL_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace exportctl::testing {

struct SyntheticCsl {
  std::string text;
  int rows = 0;
  int repeated_names = 0;  // rows that repeat an earlier row's name: parties = rows - repeated_names
  int without_start_date = 0;
};

namespace synthetic {

// One row of the list, as the generator draws it.
struct Row {
  int index = 0;
  const char* source = "";
  const char* url = "";
  std::string name, number, notice, street, date, end;
  const char* country = "";
  std::vector<std::string> aliases;
};

// The generator: a 64-bit LCG over the real list's mix.
class Rows {
 public:
  explicit Rows(bool dated) : dated_(dated) {}

  Row Next(SyntheticCsl& counts) {
    Row row;
    row.index = index_++;
    const Source& source = PickSource();
    row.source = source.name;
    row.url = source.url;
    if (row.index >= 20 && row.index % 20 == 0) {
      row.name = names_[Draw(names_.size())];  // the same party on another (or the same) list
      ++counts.repeated_names;
    } else {
      row.name = "Synthetic Party " + std::to_string(row.index) + " " + kSuffixes[Draw(8)];
      while (row.name.back() == ' ') row.name.pop_back();
      names_.push_back(row.name);
    }
    for (uint64_t k = 0, n = Draw(5); k < n; ++k)
      row.aliases.push_back("Synthetic Alias " + std::to_string(row.index) + "-" + std::to_string(k));
    row.country = kCountries[Draw(20)];
    const bool ofac = std::string(source.name).find("Treasury") != std::string::npos;
    char date[16] = "";
    if (ofac && !dated_) {
      ++counts.without_start_date;
    } else if (dated_) {
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", 1990 + static_cast<int>(Draw(37)),
                    1 + static_cast<int>(Draw(12)), 1 + static_cast<int>(Draw(28)));
    } else {
      const int day = static_cast<int>(Draw(1000));  // one of 1 000 Federal Register days, 1995-2026
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", 1995 + day / 32, 1 + day % 12, 1 + day % 28);
    }
    row.date = date;
    if (source.name[0] == 'D' && !row.date.empty()) row.end = std::to_string(2027 + Draw(20)) + "-06-30";
    if (ofac) row.number = std::to_string(10000 + row.index);
    if (!ofac) row.notice = std::to_string(60 + Draw(30)) + " FR " + std::to_string(1000 + Draw(90000));
    row.street = std::to_string(1 + Draw(999)) + " Example Road";
    return row;
  }

 private:
  struct Source {
    const char* name;
    const char* url;
    int weight;
  };
  static constexpr const char* kOfac = "https://sanctionslist.ofac.treas.gov/";
  static constexpr Source kSources[] = {
      {"Specially Designated Nationals (SDN) - Treasury Department", kOfac, 60},
      {"Entity List (EL) - Bureau of Industry and Security", "https://www.bis.gov/entity-list", 16},
      {"Denied Persons List (DPL) - Bureau of Industry and Security", "https://www.bis.gov/denied-persons-list", 4},
      {"Nonproliferation Sanctions (ISN) - State Department", "https://www.state.gov/", 3},
      {"ITAR Debarred (DTC) - State Department", "https://www.pmddtc.state.gov/", 3},
      {"Sectoral Sanctions Identifications List (SSI) - Treasury Department", kOfac, 3},
      {"Military End User (MEU) List - Bureau of Industry and Security", "https://www.bis.gov/meu", 2},
      {"Unverified List (UVL) - Bureau of Industry and Security", "https://www.bis.gov/uvl", 2},
      {"Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", kOfac, 2},
      {"Foreign Sanctions Evaders (FSE) - Treasury Department", kOfac, 2},
      {"Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", kOfac, 2},
      {"Capta List (CAP) - Treasury Department", kOfac, 1},
  };
  static constexpr const char* kCountries[] = {"CN", "RU", "IR", "HK", "AE", "KP", "SY", "VE", "BY", "TR",
                                               "PK", "IN", "SG", "MY", "DE", "US", "GB", "LB", "IQ", "CU"};
  static constexpr const char* kSuffixes[] = {"Co., Ltd.", "LLC",   "Limited",   "JSC",
                                              "Trading",   "Group", "Institute", ""};

  uint64_t Draw(uint64_t n) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return (state_ >> 33) % n;
  }
  const Source& PickSource() {
    int total = 0;
    for (const Source& s : kSources) total += s.weight;
    int r = static_cast<int>(Draw(total));
    for (const Source& s : kSources) {
      if (r < s.weight) return s;
      r -= s.weight;
    }
    return kSources[0];
  }

  bool dated_;
  int index_ = 0;
  uint64_t state_ = 0x9E3779B97F4A7C15ull;
  std::vector<std::string> names_;
};

inline std::string Quoted(const std::string& v, char quote, const char* escaped) {
  std::string out(1, quote);
  for (char c : v) out += c == quote ? std::string(escaped) : std::string(1, c);
  return out + quote;
}
inline std::string JsonOrNull(const std::string& v) { return v.empty() ? "null" : Quoted(v, '"', "\\\""); }
inline std::string CsvCell(const std::string& v) {
  return v.find_first_of(",\"\n") == std::string::npos ? v : Quoted(v, '"', "\"\"");
}

inline void AppendJson(std::string& t, const Row& r) {
  t += "{\"id\":\"s" + std::to_string(r.index) + "\",\"source\":" + JsonOrNull(r.source) +
       ",\"entity_number\":" + JsonOrNull(r.number) +
       ",\"type\":\"Entity\",\"programs\":[],\"name\":" + JsonOrNull(r.name) + ",\"addresses\":[{\"address\":\"" +
       r.street + "\",\"city\":\"Example City\",\"state\":null,\"postal_code\":null,\"country\":\"" + r.country +
       "\"}],\"federal_register_notice\":" + JsonOrNull(r.notice) + ",\"start_date\":" + JsonOrNull(r.date) +
       ",\"end_date\":" + JsonOrNull(r.end) + ",\"source_list_url\":\"" + r.url + "\",\"alt_names\":[";
  for (size_t k = 0; k < r.aliases.size(); ++k) t += (k ? "," : "") + JsonOrNull(r.aliases[k]);
  t += "],\"ids\":[]}";
}

inline void AppendCsv(std::string& t, const Row& r) {
  std::string aliases;
  for (size_t k = 0; k < r.aliases.size(); ++k) aliases += (k ? "; " : "") + r.aliases[k];
  t += std::to_string(r.index) + "," + CsvCell(r.source) + "," + r.number + ",Entity,," + CsvCell(r.name) + ",," +
       CsvCell(r.street + ", Example City, " + r.country) + "," + CsvCell(r.notice) + "," + r.date + "," + r.end +
       ",,,,,,,,,,," + r.url + "," + CsvCell(aliases) + ",,,,,,\n";
}

}  // namespace synthetic

// `json`: {"results": [...]} on one line per row; else CSV with the download's header.
inline SyntheticCsl MakeSyntheticCsl(int rows, bool json, bool dated = false) {
  SyntheticCsl out;
  out.rows = rows;
  out.text = json ? "{\"results\": [\n"
                  : "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,"
                    "end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
                    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
                    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n";
  synthetic::Rows generator(dated);
  for (int i = 0; i < rows; ++i) {
    const synthetic::Row row = generator.Next(out);
    if (json) {
      synthetic::AppendJson(out.text, row);
      out.text += i + 1 < rows ? ",\n" : "\n";
    } else {
      synthetic::AppendCsv(out.text, row);
    }
  }
  if (json) out.text += "]}\n";
  return out;
}

}  // namespace exportctl::testing

#endif  // EXPORTCTL_TESTS_LISTS_SYNTHETIC_CSL_H_

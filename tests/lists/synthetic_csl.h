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

// `json`: {"results": [...]} on one line per row; else CSV with the download's header.
inline SyntheticCsl MakeSyntheticCsl(int rows, bool json, bool dated = false) {
  struct Source {
    const char* name;
    const char* url;
    int weight;
  };
  static constexpr Source kSources[] = {
      {"Specially Designated Nationals (SDN) - Treasury Department", "https://sanctionslist.ofac.treas.gov/", 60},
      {"Entity List (EL) - Bureau of Industry and Security", "https://www.bis.gov/entity-list", 16},
      {"Denied Persons List (DPL) - Bureau of Industry and Security", "https://www.bis.gov/denied-persons-list", 4},
      {"Nonproliferation Sanctions (ISN) - State Department", "https://www.state.gov/", 3},
      {"ITAR Debarred (DTC) - State Department", "https://www.pmddtc.state.gov/", 3},
      {"Sectoral Sanctions Identifications List (SSI) - Treasury Department", "https://sanctionslist.ofac.treas.gov/",
       3},
      {"Military End User (MEU) List - Bureau of Industry and Security", "https://www.bis.gov/meu", 2},
      {"Unverified List (UVL) - Bureau of Industry and Security", "https://www.bis.gov/uvl", 2},
      {"Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
       "https://sanctionslist.ofac.treas.gov/", 2},
      {"Foreign Sanctions Evaders (FSE) - Treasury Department", "https://sanctionslist.ofac.treas.gov/", 2},
      {"Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "https://sanctionslist.ofac.treas.gov/",
       2},
      {"Capta List (CAP) - Treasury Department", "https://sanctionslist.ofac.treas.gov/", 1},
  };
  static constexpr const char* kCountries[] = {"CN", "RU", "IR", "HK", "AE", "KP", "SY", "VE", "BY", "TR",
                                               "PK", "IN", "SG", "MY", "DE", "US", "GB", "LB", "IQ", "CU"};
  static constexpr const char* kSuffixes[] = {"Co., Ltd.", "LLC",   "Limited",   "JSC",
                                              "Trading",   "Group", "Institute", ""};
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  auto pick_source = [&]() -> const Source& {
    int total = 0;
    for (const Source& s : kSources) total += s.weight;
    int r = static_cast<int>(next(total));
    for (const Source& s : kSources) {
      if (r < s.weight) return s;
      r -= s.weight;
    }
    return kSources[0];
  };
  auto csv_cell = [](const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  auto json_string = [](const std::string& v) {
    std::string out = "\"";
    for (char c : v) out += c == '"' ? std::string("\\\"") : std::string(1, c);
    return out + "\"";
  };

  SyntheticCsl out;
  out.rows = rows;
  std::vector<std::string> names;
  std::string& t = out.text;
  t = json ? "{\"results\": [\n"
           : "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,"
             "standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
             "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
             "dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n";
  for (int i = 0; i < rows; ++i) {
    const Source& source = pick_source();
    std::string name;
    if (i >= 20 && i % 20 == 0) {
      name = names[next(names.size())];  // the same party on another (or the same) list
      ++out.repeated_names;
    } else {
      name = "Synthetic Party " + std::to_string(i) + " " + kSuffixes[next(8)];
      while (!name.empty() && name.back() == ' ') name.pop_back();
      names.push_back(name);
    }
    std::vector<std::string> aliases;
    for (uint64_t k = 0, n = next(5); k < n; ++k)
      aliases.push_back("Synthetic Alias " + std::to_string(i) + "-" + std::to_string(k));
    const char* country = kCountries[next(20)];
    const bool ofac = std::string(source.name).find("Treasury") != std::string::npos;
    char date[16] = "";
    if (ofac && !dated) {
      ++out.without_start_date;
    } else if (dated) {
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", 1990 + static_cast<int>(next(37)),
                    1 + static_cast<int>(next(12)), 1 + static_cast<int>(next(28)));
    } else {
      const int day = static_cast<int>(next(1000));  // one of 1 000 Federal Register days, 1995-2026
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", 1995 + day / 32, 1 + day % 12, 1 + day % 28);
    }
    const bool dpl = source.name[0] == 'D';
    const std::string end = dpl && date[0] ? std::to_string(2027 + next(20)) + "-06-30" : "";
    const std::string number = ofac ? std::to_string(10000 + i) : "";
    const std::string notice = ofac ? "" : std::to_string(60 + next(30)) + " FR " + std::to_string(1000 + next(90000));
    const std::string street = std::to_string(1 + next(999)) + " Example Road";
    const std::string address = street + ", Example City, " + country;
    if (json) {
      t += "{\"id\":\"s" + std::to_string(i) + "\",\"source\":" + json_string(source.name) +
           ",\"entity_number\":" + (number.empty() ? "null" : json_string(number)) +
           ",\"type\":\"Entity\",\"programs\":[],\"name\":" + json_string(name) + ",\"addresses\":[{\"address\":\"" +
           street + "\",\"city\":\"Example City\",\"state\":null,\"postal_code\":null,\"country\":\"" + country +
           "\"}],\"federal_register_notice\":" + (notice.empty() ? "null" : "\"" + notice + "\"") +
           ",\"start_date\":" + (date[0] ? "\"" + std::string(date) + "\"" : "null") +
           ",\"end_date\":" + (end.empty() ? "null" : "\"" + end + "\"") + ",\"source_list_url\":\"" + source.url +
           "\",\"alt_names\":[";
      for (size_t k = 0; k < aliases.size(); ++k) t += (k ? "," : "") + json_string(aliases[k]);
      t += "],\"ids\":[]}";
      t += i + 1 < rows ? ",\n" : "\n";
    } else {
      std::string alias_cell;
      for (size_t k = 0; k < aliases.size(); ++k) alias_cell += (k ? "; " : "") + aliases[k];
      t += std::to_string(i) + "," + csv_cell(source.name) + "," + number + ",Entity,," + csv_cell(name) + ",," +
           csv_cell(address) + "," + csv_cell(notice) + "," + date + "," + end + ",,,,,,,,,,," + source.url + "," +
           csv_cell(alias_cell) + ",,,,,,\n";
    }
  }
  if (json) t += "]}\n";
  return out;
}

}  // namespace exportctl::testing

#endif  // EXPORTCTL_TESTS_LISTS_SYNTHETIC_CSL_H_

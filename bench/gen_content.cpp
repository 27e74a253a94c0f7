// gen_content.cpp — draws one synthetic system: which interfaces it has, their values (valid, or
// defective with the configured probability), its test evidence and its 4774 label. The values
// follow the EID conventions the shipped packs read (see the header comment of each rules/*.rules).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "gen_model.hpp"
#include "gen_tables.hpp"
#include "prng.hpp"

namespace stancheck::bench {
namespace {

/// Draws "defective or not" for one checkable value and counts the defects.
struct defect_draw {
  splitmix64& rng;
  double rate;
  uint32_t& count;
  bool operator()() {
    bool bad = rng.chance(rate);
    count += bad;
    return bad;
  }
};

/// What one system is being drawn with.
struct drawing {
  const gen_config& config;
  system_spec& s;
  splitmix64& rng;
  defect_draw defect;
};

std::string with_unit(int64_t v, const char* unit) { return std::to_string(v) + " " + unit; }

void add_test(drawing& d, std::string id, std::string measurement_name = {}, std::string measurement_value = {}) {
  test_spec t;
  t.id = std::move(id);
  t.verdict = "pass";
  t.date = d.config.as_of - static_cast<int32_t>(d.rng.between(10, 300));
  if (d.defect()) {
    switch (d.rng.below(3)) {
      case 0: t.verdict = "fail"; break;
      case 1: t.date = d.config.as_of - static_cast<int32_t>(d.rng.between(800, 1500)); break;  // stale
      default: t.verdict = d.rng.chance(0.5) ? "error" : "skipped"; break;
    }
  }
  t.measurement_name = std::move(measurement_name);
  t.measurement_value = std::move(measurement_value);
  d.s.tests.push_back(std::move(t));
}

interface_spec iface(std::string id, const char* kind, const char* standard, std::string edition) {
  interface_spec i;
  i.attrs = {{"id", std::move(id)}, {"kind", kind}, {"standard", standard}, {"edition", std::move(edition)}};
  return i;
}

void add_power(drawing& d) {
  auto i = iface("pwr", "power", "MIL-STD-1275", d.defect() ? "A" : "E");
  std::string v = d.defect() ? d.rng.pick(bad_power_voltages) : d.rng.pick(power_voltages);
  i.attrs.emplace_back("voltage", v);
  add_test(d, "MIL-STD-1275", "voltage", v);
  d.s.interfaces.push_back(std::move(i));
}

void add_link16(drawing& d) {
  auto& rng = d.rng;
  bool old = d.defect();
  auto i = iface("l16", "datalink", "STANAG 5516", old ? "7" : "8");
  if (rng.chance(0.6)) i.attrs.emplace_back("atdlp", old != d.defect() ? "ATDLP-5.16 Ed A" : "ATDLP-5.16 Ed B");
  int low = d.defect() ? static_cast<int>(rng.between(900, 959)) : 969;
  int high = d.defect() ? static_cast<int>(rng.between(1216, 1300)) : 1206;
  i.attrs.emplace_back("band-low", with_unit(low, "MHz"));
  i.attrs.emplace_back("band-high", with_unit(high, "MHz"));
  if (rng.chance(0.7)) i.attrs.emplace_back("channels", d.defect() ? "50" : "51");
  if (rng.chance(0.7)) i.attrs.emplace_back("channel-spacing", d.defect() ? "2.5 MHz" : "3 MHz");
  if (rng.chance(0.5)) {
    i.attrs.emplace_back("slot", d.defect() ? "7.8 ms" : "7.8125 ms");
    i.attrs.emplace_back("slots-per-frame", "1536");
    i.attrs.emplace_back("frame", "12 s");
    i.attrs.emplace_back("epoch", d.defect() ? "12 min" : "12.8 min");
  }
  // The IFF notches: 1030 MHz (interrogation) and 1090 MHz (reply).
  if (!d.defect()) {
    i.children.push_back({"exclusion", {{"low", "1008 MHz"}, {"high", d.defect() ? "1025 MHz" : "1053 MHz"}}});
    i.children.push_back({"exclusion", {{"low", d.defect() ? "1095 MHz" : "1065 MHz"}, {"high", "1113 MHz"}}});
  }
  if (rng.chance(0.5)) i.attrs.emplace_back("power", with_unit(rng.between(2, 20) * 10, "W"));
  add_test(d, "STANAG-5516");
  add_test(d, "L16-BAND", "band-high", with_unit(high, "MHz"));
  d.s.interfaces.push_back(std::move(i));
}

void add_klv(interface_spec& i, int tag, drawing& d) {
  attr_list a{{"tag", std::to_string(tag)}, {"name", klv_name(tag)}};
  const klv_item* item = klv_info(tag);
  if (item && item->length && d.rng.chance(0.5))
    a.emplace_back("length", d.defect() ? with_unit(item->length + 2, "B") : with_unit(item->length, "B"));
  if (item && item->unit && d.rng.chance(0.5)) {
    a.emplace_back("min", with_unit(item->min, item->unit));
    a.emplace_back("max", with_unit(d.defect() ? item->max * 2 + 10 : item->max, item->unit));
  }
  if (d.defect()) {
    switch (d.rng.below(3)) {
      case 0: a[1].second = klv_name(tag == 5 ? 6 : 5); break;     // name of another item
      case 1: a[0].second = "0x" + std::to_string(tag); break;      // not a positive integer
      default: i.children.push_back({"klv", a}); break;             // declared twice
    }
  }
  i.children.push_back({"klv", std::move(a)});
}

void add_video(drawing& d) {
  auto& rng = d.rng;
  bool old = d.defect();
  auto i = iface("video", "motion-imagery", "STANAG 4609", old ? "4" : "5");
  i.attrs.emplace_back("codec", d.defect() ? rng.pick(bad_codecs) : rng.pick(codecs));
  i.attrs.emplace_back("transport", "MPEG-2 TS");
  i.attrs.emplace_back("ts-packet-size", d.defect() ? "204 B" : "188 B");
  bool sync = rng.chance(0.3);
  i.attrs.emplace_back("klv-carriage", sync ? "sync" : "async");
  i.attrs.emplace_back("klv-stream-type", d.defect() != sync ? "0x15" : "0x06");
  if (!sync) i.attrs.emplace_back("klv-registration", "KLVA");
  i.attrs.emplace_back("st0601-version", std::to_string(d.defect() ? 0 : rng.between(12, 19)));
  i.attrs.emplace_back("misp", old ? "MISP-2015.1" : "MISP-2019.1");
  if (rng.chance(0.3)) i.children.push_back({"codec", {{"name", d.defect() ? rng.pick(bad_codecs) : rng.pick(codecs)}}});
  // Mandatory items, then a distinct draw of optional ones.
  for (int tag : {2, 65, 1, 48})
    if (!d.defect()) add_klv(i, tag, d);
  int extra = static_cast<int>(rng.between(3, d.config.failure_heavy ? 14 : 8));
  uint32_t used = 0;  // bit k: optional_klv[k] already declared
  for (int k = 0; k < extra; ++k) {
    uint64_t pick = rng.below(std::size(optional_klv));
    if (used & (1u << pick)) continue;
    used |= 1u << pick;
    add_klv(i, optional_klv[pick], d);
  }
  // ST 0102 security metadata (tag 48).
  i.children.push_back({"klv", {{"set", "ST 0102"}, {"tag", "1"}, {"name", "Security Classification"},
                                {"value", std::to_string(d.defect() ? rng.between(6, 9) : rng.between(1, 3))}}});
  if (!d.defect()) i.children.push_back({"klv", {{"set", "ST 0102"}, {"tag", "2"}, {"name", "Country Coding Method"}}});
  i.children.push_back({"klv", {{"set", "ST 0102"}, {"tag", "3"}, {"name", "Classifying Country"},
                                {"value", (d.defect() ? "" : "//") + d.s.nation}}});
  i.children.push_back({"klv", {{"set", "ST 0102"}, {"tag", "12"}, {"name", "Object Country Coding Method"}}});
  add_test(d, "STANAG-4609");
  add_test(d, "ST0601-KLV");
  d.s.interfaces.push_back(std::move(i));
}

std::string draw_sidc(drawing& d) {
  auto& rng = d.rng;
  const char* version = d.defect() ? rng.pick(bad_sidc_versions) : (rng.chance(0.8) ? "10" : "11");
  std::string code = version;
  code += static_cast<char>('0' + (d.defect() ? rng.between(3, 9) : rng.between(0, 2)));  // context
  code += static_cast<char>('0' + (d.defect() ? rng.between(7, 9) : rng.between(0, 6)));  // identity
  code += d.defect() ? rng.pick(bad_symbol_sets) : rng.pick(symbol_sets);
  code += static_cast<char>('0' + (d.defect() ? rng.between(6, 9) : rng.between(0, 5)));  // status
  code += static_cast<char>('0' + (d.defect() ? rng.between(8, 9) : rng.between(0, 7)));  // HQ/TF/dummy
  code += fmt::format("{:02}{:02}{:02}{:02}0000", rng.between(0, 2) * 10 * rng.chance(0.3), rng.between(11, 16),
                      rng.between(0, 20), rng.between(0, 3) * 2);
  if (d.defect()) code.pop_back();  // 19 digits
  return code;
}

void add_symbology(drawing& d) {
  auto i = iface("sym", "symbology", "STANAG 2019", d.defect() ? "6" : "7");
  int codes = static_cast<int>(d.rng.between(1, d.config.failure_heavy ? 12 : 5));
  std::vector<std::string> seen;
  for (int k = 0; k < codes; ++k) {
    std::string code = draw_sidc(d);
    if (std::find(seen.begin(), seen.end(), code) != seen.end()) continue;
    seen.push_back(code);
    i.children.push_back({"sidc", {{"code", std::move(code)}}});
  }
  add_test(d, "STANAG-2019");
  d.s.interfaces.push_back(std::move(i));
}

void add_modem(drawing& d, const char* standard, const int* rates, std::size_t n_rates) {
  auto& rng = d.rng;
  auto i = iface("hf", "hf-modem", standard, "1");
  int rate = d.defect() ? rng.pick(bad_hf_rates) : rates[rng.below(n_rates)];
  i.attrs.emplace_back("data-rate", with_unit(rate, "bit/s"));
  i.attrs.emplace_back("symbol-rate", d.defect() ? "1200 Bd" : "2400 Bd");
  if (rng.chance(0.6)) i.attrs.emplace_back("carrier", d.defect() ? "1650 Hz" : "1800 Hz");
  if (std::string_view(standard) == "STANAG 4539") {
    if (rate >= 3200 && rate <= 12800) i.attrs.emplace_back("modulation", d.defect() ? "QPSK" : modulation_4539(rate));
    if (rng.chance(0.5)) i.attrs.emplace_back("interleaver", d.defect() ? "XL" : rate <= 2400 ? "S" : "M");
  }
  add_test(d, fmt::format("STANAG-{}", standard + 7));
  d.s.interfaces.push_back(std::move(i));
}

void add_hf(drawing& d) {
  auto& rng = d.rng;
  switch (rng.below(3)) {
    case 0: add_modem(d, "STANAG 4539", hf_4539_rates, std::size(hf_4539_rates)); break;
    case 1: add_modem(d, "STANAG 4285", hf_4285_rates, std::size(hf_4285_rates)); break;
    default: {
      auto i = iface("hf5066", "datalink", "STANAG 5066", d.defect() ? "2" : "3");
      if (rng.chance(0.5)) i.attrs.emplace_back("sis-port", d.defect() ? "5067" : "5066");
      const char* waveform = rng.chance(0.5) ? "STANAG 4539" : "STANAG 4285";
      int rate = std::string_view(waveform) == "STANAG 4539" ? rng.pick(hf_4539_rates) : rng.pick(hf_4285_rates);
      i.children.push_back({"waveform", {{"standard", d.defect() ? "STANAG 4999" : waveform},
                                         {"data-rate", with_unit(d.defect() ? 14400 : rate, "bit/s")}}});
      uint32_t used = 0;
      int saps = static_cast<int>(rng.between(1, 4));
      for (int k = 0; k < saps; ++k) {
        const sap_client& c = rng.pick(sap_clients);
        if (used & (1u << c.id)) continue;
        used |= 1u << c.id;
        int id = d.defect() ? static_cast<int>(rng.between(10, 20)) : c.id;
        i.children.push_back({"sap", {{"id", std::to_string(id)}, {"client", c.client}}});
      }
      add_test(d, "STANAG-5066");
      d.s.interfaces.push_back(std::move(i));
      break;
    }
  }
}

void add_label(drawing& d) {
  auto& rng = d.rng;
  if (!d.config.artefacts) return;  // a labelling interface without its sample label is itself a finding
  auto i = iface("label", "security-labelling", "STANAG 4774", "1");
  i.children.push_back({"artefact", {{"href", label_href(d.s)}}});
  d.s.interfaces.push_back(std::move(i));
  add_test(d, "STANAG-4774");
  d.s.has_label = true;
  label_spec& l = d.s.label;
  l.policy_uri = d.defect() ? "urn:oid:1.3.26.1.3.9" : "urn:oid:1.3.26.1.3.1";
  l.classification = d.defect() ? "TOP SECRET PLUS" : rng.pick(classifications);
  l.classification_uri = d.defect();
  l.context = !d.defect();
  l.releasable_type = d.defect() ? "RESTRICTIVE" : "PERMISSIVE";
  int n = static_cast<int>(rng.between(1, 3));
  for (int k = 0; k < n; ++k) l.releasable_to.emplace_back(rng.pick(releasable));
  l.integer_value = d.defect();
  l.originator = fmt::format("security@{}.example", lower_word(d.s.supplier));
  int32_t created = d.config.as_of - static_cast<int32_t>(rng.between(30, 700));
  l.created = d.defect() ? format_date(created) : format_date(created) + "T09:00:00Z";
  if (!d.defect()) l.review = format_date(created + (d.defect() ? 10 : 3 * 365)) + "T00:00:00Z";
}

void add_uas(drawing& d) {
  auto& rng = d.rng;
  auto i = iface("c2", "uas-control", "STANAG 4586", d.defect() ? "3" : "4");
  int loi = static_cast<int>(rng.between(2, 5));
  i.attrs.emplace_back("loi", d.defect() ? std::to_string(rng.between(6, 9)) : std::to_string(loi));
  i.attrs.emplace_back("role", d.defect() ? "GCS" : rng.pick(architecture_roles));
  if (rng.chance(0.5))
    for (int l = 1; l <= loi; ++l) i.children.push_back({"loi", {{"level", std::to_string(l)}}});
  add_test(d, "STANAG-4586");
  for (int l = 1; l <= loi; ++l) add_test(d, fmt::format("STANAG-4586-LOI-{}", l));
  d.s.interfaces.push_back(std::move(i));
}

}  // namespace

system_spec make_system(const gen_config& c, uint64_t index) {
  splitmix64 rng = stream_for(c.seed, index);
  system_spec s;
  drawing d{c, s, rng, {rng, c.defect_rate, s.defects}};
  s.nation = rng.pick(nations);
  std::string platform = rng.pick(platform_codes);
  s.id = fmt::format("{}-{}-{:06}", s.nation, platform, index + 1);
  s.name = fmt::format("{} {}", rng.pick(platform_names), rng.pick(roles));
  s.supplier = rng.pick(suppliers);
  s.version = fmt::format("{}.{}", rng.between(1, 4), rng.between(0, 9));
  s.report = static_cast<report_format>(index % 3);
  s.report_date = c.as_of - static_cast<int32_t>(rng.between(5, 200));

  const bool uav = platform == "UAV" || platform == "GCS";
  add_power(d);
  if (uav || rng.chance(0.5)) add_link16(d);
  if (uav || rng.chance(0.3)) add_video(d);
  if (rng.chance(0.5)) add_symbology(d);
  if (rng.chance(0.45)) add_hf(d);
  if (rng.chance(0.5)) add_label(d);
  if (uav) add_uas(d);
  return s;
}

}  // namespace stancheck::bench

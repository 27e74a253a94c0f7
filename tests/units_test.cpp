// units_test.cpp — the unit table, quantity parsing, SI conversion and readable printing.
#include <doctest/doctest.h>

#include <cmath>

#include "units.hpp"

using namespace stancheck;

TEST_CASE("parse_quantity converts document values to SI base magnitudes") {
  struct row { std::string text; ir::type t; double si; std::string dimension; };
  const row rows[] = {
      {"28 V", ir::type::quantity, 28, "voltage"},
      {"28V", ir::type::quantity, 28, "voltage"},
      {"  1.2GHz ", ir::type::quantity, 1.2e9, "frequency"},
      {"1030 MHz", ir::type::quantity, 1.03e9, "frequency"},
      {"1.03 GHz", ir::type::quantity, 1.03e9, "frequency"},
      {"960e6 Hz", ir::type::quantity, 960e6, "frequency"},
      {"2400 bit/s", ir::type::quantity, 2400, "data rate"},
      {"9.6 kbit/s", ir::type::quantity, 9600, "data rate"},
      {"64 kbps", ir::type::quantity, 64000, "data rate"},
      {"2400 Bd", ir::type::quantity, 2400, "frequency"},
      {"-3.5 mA", ir::type::quantity, -3.5e-3, "current"},
      {"+5 W", ir::type::quantity, 5, "power"},
      {"50 Ω", ir::type::quantity, 50, "resistance"},
      {"2 min", ir::type::quantity, 120, "time"},
      {"1.5 h", ir::type::quantity, 5400, "time"},
      {"365 d", ir::type::quantity, 31536000, "time"},
      {"20 ms", ir::type::quantity, 0.02, "time"},
      {"20 µs", ir::type::quantity, 20e-6, "time"},
      {"20 us", ir::type::quantity, 20e-6, "time"},
      {"3 mm", ir::type::quantity, 0.003, "length"},
      {"12 km", ir::type::quantity, 12000, "length"},
      {"340 m/s", ir::type::quantity, 340, "speed"},
      {"500 g", ir::type::quantity, 0.5, "mass"},
      {"2 kg", ir::type::quantity, 2, "mass"},
      {"180 deg", ir::type::quantity, M_PI, "angle"},
      {"1 rad", ir::type::quantity, 1, "angle"},
      {"1 kB", ir::type::quantity, 8000, "data size"},
      {"12 bit", ir::type::quantity, 12, "data size"},
      {"42", ir::type::number, 42, "number"},
      {"-0.5", ir::type::number, -0.5, "number"},
      {"1e3", ir::type::number, 1000, "number"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    auto c = units::parse_quantity(r.text);
    REQUIRE(c.has_value());
    CHECK(c->t == r.t);
    CHECK(c->num == doctest::Approx(r.si).epsilon(1e-12));
    CHECK(units::dimension_name(c->dim) == r.dimension);
  }
}

TEST_CASE("equal values written with different prefixes convert to the same double") {
  const std::pair<std::string, std::string> same[] = {
      {"1030 MHz", "1.03 GHz"}, {"0.96 GHz", "960 MHz"}, {"1.215 GHz", "1215 MHz"},
      {"9.6 kbit/s", "9600 bit/s"}, {"0.1 V", "100 mV"}, {"2.4 kBd", "2400 Bd"}};
  for (const auto& [a, b] : same) {
    CAPTURE(a);
    CHECK(units::parse_quantity(a)->num == units::parse_quantity(b)->num);
  }
}

TEST_CASE("parse_quantity rejects what is not a number with a known unit") {
  for (std::string text : {"", " ", "V", "28 VV", "-3 dB", "10 dBm", "1,2 GHz", "28 V DC", "abc",
                           "12 MHZ", "1e", ".", "5 /s", "5 Hz/", "--3"}) {
    CAPTURE(text);
    CHECK_FALSE(units::parse_quantity(text).has_value());
  }
}

TEST_CASE("parse_unit resolves exact names before prefixes") {
  struct row { std::string text; std::string dimension; int pow10; double factor; };
  const row rows[] = {
      {"min", "time", 0, 60},  {"m", "length", 0, 1},      {"mm", "length", -3, 1},
      {"ms", "time", -3, 1},   {"MHz", "frequency", 6, 1}, {"mHz", "frequency", -3, 1},
      {"kg", "mass", 0, 1},    {"g", "mass", -3, 1},       {"B", "data size", 0, 8},
      {"kbit/s", "data rate", 3, 1}, {"km/h", "speed", 3, 1.0 / 3600},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    auto u = units::parse_unit(r.text);
    REQUIRE(u.has_value());
    CHECK(units::dimension_name(u->dim) == r.dimension);
    CHECK(u->pow10 == r.pow10);
    CHECK(u->factor == doctest::Approx(r.factor));
  }
  for (std::string bad : {"", "Mmin", "kh", "kdeg", "x", "V/", "/s", "Hz/x", "dB"}) {
    CAPTURE(bad);
    CHECK_FALSE(units::parse_unit(bad).has_value());
  }
}

TEST_CASE("suggest_unit proposes the intended spelling") {
  const std::pair<std::string, std::string> rows[] = {
      {"MHZ", "MHz"}, {"KHz", "kHz"}, {"hz", "Hz"}, {"KBIT/S", "kbit/s"}, {"Kbps", "kbps"},
      {"sec", "s"},   {"furlong", ""}, {"dBm", ""}};
  for (const auto& [text, want] : rows) {
    CAPTURE(text);
    CHECK(units::suggest_unit(text) == want);
  }
}

TEST_CASE("format_quantity prints a sensible unit and prefix") {
  const std::pair<std::string, std::string> rows[] = {
      {"960000000 Hz", "960 MHz"}, {"1215 MHz", "1.215 GHz"}, {"28 V", "28 V"},
      {"0.028 A", "28 mA"},        {"9600 bit/s", "9.6 kbit/s"}, {"75 bps", "75 bit/s"},
      {"365 d", "365 d"},          {"90 s", "1.5 min"},          {"2 h", "2 h"},
      {"0.02 s", "20 ms"},         {"20 us", "20 µs"},           {"500 g", "500 g"},
      {"2 kg", "2 kg"},            {"90 deg", "90 deg"},         {"1 kB", "1 kB"},
      {"12 bit", "12 bit"},        {"0 V", "0 V"},               {"-3.3 V", "-3.3 V"},
      {"2400 Bd", "2.4 kHz"},      {"340 m/s", "340 m/s"},       {"42", "42"},
      {"0.5", "0.5"},              {"1 pF", ""},
  };
  for (const auto& [in, want] : rows) {
    CAPTURE(in);
    auto c = units::parse_quantity(in);
    if (want.empty()) {
      CHECK_FALSE(c.has_value());
      continue;
    }
    REQUIRE(c.has_value());
    CHECK(units::format_quantity(*c) == want);
  }
}

TEST_CASE("dimension arithmetic and names") {
  auto rate = units::divide(units::parse_unit("bit")->dim, units::time());
  CHECK(rate == units::data_rate());
  CHECK(units::multiply(rate, units::time()) == units::parse_unit("bit")->dim);
  CHECK(units::divide(units::voltage(), units::voltage()).dimensionless());
  CHECK(units::dimension_name(units::multiply(units::voltage(), units::parse_unit("A")->dim)) == "power");
  auto area = units::multiply(units::parse_unit("m")->dim, units::parse_unit("m")->dim);
  CHECK(units::dimension_name(area) == "m^2");
  CHECK(units::dimension_unit(units::frequency()) == "Hz");
  CHECK(units::dimension_name(units::divide(units::frequency(), units::voltage())) == "m^-2·kg^-1·s^2·A");
  CHECK(units::format_quantity(ir::constant{ir::type::quantity, 4, area, ""}) == "4 m^2");
}

// units.hpp — physical units: dimension arithmetic, the unit table, parsing quantities such as
// "28 V" or "1.2GHz" into SI base magnitudes, and printing them back readably ("960 MHz").
//
// Every quantity is held as a magnitude in SI base units (V, A, W, Hz, s, m, kg, rad, bit and
// their products) plus its dimension. Decibels are not supported (not a linear unit).
// Baud (`Bd`) is a symbol rate: one symbol per second, so it has the dimension of frequency
// (1/s), not of a data rate (bit/s); a pack comparing a data rate with `2400 Bd` is an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ir.hpp"

namespace stancheck::units {

/// Dimension of a product / quotient of two quantities.
ir::dimension multiply(const ir::dimension& a, const ir::dimension& b);
ir::dimension divide(const ir::dimension& a, const ir::dimension& b);

/// Commonly used dimensions.
ir::dimension voltage();
ir::dimension frequency();
ir::dimension time();
ir::dimension data_rate();

/// A readable name for messages: "voltage", "frequency", "data rate", ..., "number" for a
/// dimensionless value, else the base units ("m^2·kg").
std::string dimension_name(const ir::dimension& d);
/// The SI unit a dimension is shown in for messages: "V", "Hz", "bit/s", ... ("" if none).
std::string dimension_unit(const ir::dimension& d);

/// A unit resolved from its spelling: magnitude in SI base units is value × 10^pow10 × factor.
struct unit {
  ir::dimension dim;
  int pow10 = 0;
  double factor = 1;
};

/// Resolves a unit spelling: "MHz", "kbit/s", "bps", "µs", "min", "deg", "m/s". Exact names are
/// tried before prefix + name ("min" is minutes, "mm" millimetres).
std::optional<unit> parse_unit(std::string_view text);

/// The closest known unit spelling to an unknown one ("MHZ" → "MHz"), or "" when none is close.
std::string suggest_unit(std::string_view text);

/// The SI magnitude of `number_text` (a decimal such as "-1.5e3") in `u`; the decimal exponent is
/// applied exactly (so "1.03 GHz" and "1030 MHz" give the same double).
std::optional<double> to_si(std::string_view number_text, const unit& u);
/// The same for a number already held as a double (printed shortest, then scaled).
double to_si(double value, const unit& u);

/// Parses a document value: a number optionally followed (with or without spaces) by a unit:
/// "28 V", "1.2GHz", "2400 bit/s", " -3.5 mA ". A value without a unit is a `number`; a value
/// with a unit a `quantity`. `str` keeps the trimmed text. Anything else (an unknown unit,
/// "dB", trailing text) gives nullopt.
std::optional<ir::constant> parse_quantity(std::string_view text);

/// Prints a number or quantity readably: 960000000 Hz → "960 MHz", 9600 bit/s → "9.6 kbit/s",
/// 31536000 s → "365 d", 0.028 A → "28 mA". Up to 9 significant digits.
std::string format_quantity(const ir::constant& c);

/// Prints a plain number: shortest exact form, integers without a decimal point.
std::string format_number(double v);

}  // namespace stancheck::units

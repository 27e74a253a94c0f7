// check_expr_test.cpp — the checker's expression diagnostics, one table row per error and warning
// class, each with the exact rendered output (file:line:col, message, the source line and the caret).
#include "check_support.hpp"

using namespace check_test;

TEST_CASE("checker: expression errors and warnings, each at its token") {
  const row rows[] = {
      {R"~(foo(1))~",
       R"~(t.rules:6:13: error: unknown function or predicate 'foo'
      require foo(1)
              ^
)~"},
      {R"~(@a in nosuch)~",
       R"~(t.rules:6:19: error: unknown table 'nosuch'
      require @a in nosuch
                    ^
)~"},
      {R"~(zz:a)~",
       R"~(t.rules:6:13: error: unknown namespace prefix 'zz'
      require zz:a
              ^
)~"},
      {R"~($v = 1)~",
       R"~(t.rules:6:13: error: unknown variable $v
      require $v = 1
              ^
)~"},
      {R"~(exists(@a, @b))~",
       R"~(t.rules:6:13: error: exists() takes 1 argument, got 2
      require exists(@a, @b)
              ^
)~"},
      {R"~(today(1) > 2020-01-01)~",
       R"~(t.rules:6:13: error: today() takes no arguments, got 1
      require today(1) > 2020-01-01
              ^
)~"},
      {R"~(passed())~",
       R"~(t.rules:6:13: error: passed() takes 1 or 2 arguments, got 0
      require passed()
              ^
)~"},
      {R"~("abc" > 3)~",
       R"~(t.rules:6:21: error: type mismatch: cannot compare a string with a number
      require "abc" > 3
                      ^
)~"},
      {R"~(count(3) > 1)~",
       R"~(t.rules:6:19: error: count() needs a path (node set) as argument 1, got a number
      require count(3) > 1
                    ^
)~"},
      {R"~(@a + 1)~",
       R"~(t.rules:6:13: error: `require` needs a condition (a comparison, a boolean or a path), got a number
      require @a + 1
              ^
)~"},
      {R"~(28 V < 1 MHz)~",
       R"~(t.rules:6:20: error: unit mismatch: cannot compare a voltage (V) with a frequency (Hz)
      require 28 V < 1 MHz
                     ^
)~"},
      {R"~(@x in 1 V .. 3 Hz)~",
       R"~(t.rules:6:26: error: unit mismatch: the range goes from a voltage (V) to a frequency (Hz)
      require @x in 1 V .. 3 Hz
                           ^
)~"},
      {R"~(@f > 3 MHZ)~",
       R"~(t.rules:6:20: error: unknown unit 'MHZ' (did you mean 'MHz'?)
      require @f > 3 MHZ
                     ^
)~"},
      {R"~(@p > 10 dBm)~",
       R"~(t.rules:6:21: error: unknown unit 'dBm' (decibels are not supported: write the linear value, e.g. in W or V)
      require @p > 10 dBm
                      ^
)~"},
      {R"~(quantity(@v) > 0)~",
       R"~(t.rules:6:28: error: type mismatch: cannot compare a quantity with a number; give the number a unit
      require quantity(@v) > 0
                             ^
)~"},
      {R"~(@a = 1 V + 1 Hz)~",
       R"~(t.rules:6:24: error: unit mismatch: cannot add a frequency (Hz) to a voltage (V)
      require @a = 1 V + 1 Hz
                         ^
)~"},
      {R"~(@v = 2 + 1 V)~",
       R"~(t.rules:6:18: error: type mismatch: cannot add a number and a voltage (V); give the number a unit (e.g. 2 V)
      require @v = 2 + 1 V
                   ^
)~"},
      {R"~(@a matches "a(b")~",
       R"~(t.rules:6:24: error: invalid regular expression: missing ): a(b
      require @a matches "a(b"
                         ^
)~"},
      {R"~(3 matches "x")~",
       R"~(t.rules:6:13: error: type mismatch: `matches` needs a string or a path, got a number
      require 3 matches "x"
              ^
)~"},
      {R"~(@a matches @b)~",
       R"~(t.rules:6:24: error: expected a regular expression (a string) after 'matches', found '@'
      require @a matches @b
                         ^
)~"},
      {R"~(date(@d) > 2023-02-29)~",
       R"~(t.rules:6:24: error: invalid date '2023-02-29' (expected an existing day as YYYY-MM-DD)
      require date(@d) > 2023-02-29
                         ^
)~"},
      {R"~(@a in 5 .. 3)~",
       R"~(t.rules:6:19: error: empty range: 5 is greater than 3
      require @a in 5 .. 3
                    ^
)~"},
      {R"~(@a in {"x", 1})~",
       R"~(t.rules:6:25: error: type mismatch: set members must all be alike, but this is a number and the first is a string
      require @a in {"x", 1}
                          ^
)~"},
      {R"~(@a in {1 V, 2 Hz})~",
       R"~(t.rules:6:25: error: unit mismatch: set members must all be alike, but this is a frequency (Hz) and the first is a voltage (V)
      require @a in {1 V, 2 Hz}
                          ^
)~"},
      {R"~(true < @a)~",
       R"~(t.rules:6:20: error: type mismatch: booleans have no order (use = or !=)
      require true < @a
                     ^
)~"},
      {R"~(version(@e) >= "4")~",
       R"~(t.rules:6:28: error: type mismatch: cannot compare a version with a string; convert the other side with version(...)
      require version(@e) >= "4"
                             ^
)~"},
      {R"~(date(@d) > "2020-01-01")~",
       R"~(t.rules:6:24: error: type mismatch: cannot compare a date with a string; write dates without quotes (2027-01-31) or convert with date(...)
      require date(@d) > "2020-01-01"
                         ^
)~"},
      {R"~(@a / 0 > 1)~",
       R"~(t.rules:6:18: error: division by zero
      require @a / 0 > 1
                   ^
)~"},
      {R"~(passed("T-1", 3 V))~",
       R"~(t.rules:6:27: error: passed() needs a time (e.g. 365 d) as argument 2, got a voltage (V)
      require passed("T-1", 3 V)
                            ^
)~"},
      {R"~(passed(""))~",
       R"~(t.rules:6:20: error: passed() needs a test id
      require passed("")
                     ^
)~"},
      {R"~(eid:a["x"])~",
       R"~(t.rules:6:19: error: a step predicate must be a condition or a position (a number), got a string
      require eid:a["x"]
                    ^
)~"},
      {R"~(@a/eid:b)~",
       R"~(t.rules:6:16: error: nothing can follow an attribute in a path (attributes have no children)
      require @a/eid:b
                 ^
)~"},
      {R"~(-"a" = 1)~",
       R"~(t.rules:6:14: error: type mismatch: cannot negate a string
      require -"a" = 1
               ^
)~"},
      {R"~(not "x")~",
       R"~(t.rules:6:17: error: `not` needs a condition (a comparison, a boolean or a path), got a string
      require not "x"
                  ^
)~"},
      {R"~("x" and @a)~",
       R"~(t.rules:6:13: error: `and` needs a condition (a comparison, a boolean or a path), got a string
      require "x" and @a
              ^
)~"},
      {R"~(lookup(@a, "x") = 1)~",
       R"~(t.rules:6:20: error: the first argument of lookup() must be the name of a table
      require lookup(@a, "x") = 1
                     ^
)~"},
      {R"~(string(@a) = count(eid:a) and number("abc") > 1)~",
       R"~(t.rules:6:26: error: type mismatch: cannot compare a string with a number
      require string(@a) = count(eid:a) and number("abc") > 1
                           ^
t.rules:6:50: error: 'abc' is not a number
      require string(@a) = count(eid:a) and number("abc") > 1
                                                   ^
)~"},
      {R"~(quantity("28") > 1 V)~",
       R"~(t.rules:6:22: error: '28' is not a quantity with a known unit
      require quantity("28") > 1 V
                       ^
)~"},
      {R"~(lower(3) = "a")~",
       R"~(t.rules:6:19: error: lower() needs a string or a path as argument 1, got a number
      require lower(3) = "a"
                    ^
)~"},
      {R"~($i/@a = 1)~",
       R"~(t.rules:6:13: error: unknown variable $i
      require $i/@a = 1
              ^
)~"},
      {R"~(1 V < 2 V)~",
       R"~(t.rules:6:13: warning: rule can never fail: its condition is always true
      require 1 V < 2 V
              ^
)~"},
      {R"~(1 > 2)~",
       R"~(t.rules:6:13: warning: rule always fails: its condition is always false
      require 1 > 2
              ^
)~"},
      {R"~(forbid 1 > 2)~",
       R"~(t.rules:6:12: warning: rule can never fail: its condition is always false
      forbid 1 > 2
             ^
)~"},
      {R"~(forbid @a = @a or true)~",
       R"~(t.rules:6:23: warning: rule always fails: its condition is always true
      forbid @a = @a or true
                        ^
)~"},
      {R"~(@f > 5 MHz and @f < 3 MHz)~",
       R"~(t.rules:6:28: warning: rule always fails: this comparison contradicts an earlier one on the same value, so the condition is never true
      require @f > 5 MHz and @f < 3 MHz
                             ^
)~"},
      {R"~(@f >= 5 MHz and @k = "x" and @f <= 5 MHz and @f != 5 MHz)~",
       R"~(t.rules:6:58: warning: rule always fails: this comparison contradicts an earlier one on the same value, so the condition is never true
      require @f >= 5 MHz and @k = "x" and @f <= 5 MHz and @f != 5 MHz
                                                           ^
)~"},
      {R"~(@k in {"a", "b"} and @k = "c")~",
       R"~(t.rules:6:34: warning: rule always fails: this comparison contradicts an earlier one on the same value, so the condition is never true
      require @k in {"a", "b"} and @k = "c"
                                   ^
)~"},
      {R"~(@f in 1 V .. 3 V and @f > 4 V)~",
       R"~(t.rules:6:34: warning: rule always fails: this comparison contradicts an earlier one on the same value, so the condition is never true
      require @f in 1 V .. 3 V and @f > 4 V
                                   ^
)~"},
      {R"~(@a = "x" or (@n > 5 and @n < 3))~",
       R"~(t.rules:6:37: warning: condition can never be true: this comparison contradicts an earlier one on the same value
      require @a = "x" or (@n > 5 and @n < 3)
                                      ^
)~"},
      {R"~(exists(eid:a[1 > 2]))~",
       R"~(t.rules:6:26: warning: this predicate is never true, so the path selects nothing
      require exists(eid:a[1 > 2])
                           ^
)~"},
      {R"~(exists(eid:a[@x = 1 and @x = 2]))~",
       R"~(t.rules:6:37: warning: this predicate is never true, so the path selects nothing
      require exists(eid:a[@x = 1 and @x = 2])
                                      ^
)~"},
      {R"~(all $i in eid:a : @x = "1")~",
       R"~(t.rules:6:17: warning: variable $i is never used
      require all $i in eid:a : @x = "1"
                  ^
)~"},
      {R"~(all $i in eid:a : $i/@x = "1" and $i/@x = "2")~",
       R"~(t.rules:6:47: warning: condition can never be true: this comparison contradicts an earlier one on the same value
      require all $i in eid:a : $i/@x = "1" and $i/@x = "2"
                                                ^
)~"},
      {R"~(@a = 1 and not (@b = 2) and @c in {1, 2} and eid:x[@y = "z"])~",
       R"~()~"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.input);
    CHECK(check(wrap(r.input)) == r.expected);
  }
}

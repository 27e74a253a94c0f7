// check_pack_test.cpp — the checker's pack-level diagnostics (packs, tables, predicates, imports,
// profiles, waivers), one table row per class, each with the exact rendered output.
#include "check_support.hpp"

using namespace check_test;

TEST_CASE("checker: pack, table, predicate, import, profile and waiver errors and warnings") {
  const row rows[] = {
      // unknown severity
      {R"~(pack t "T" {
  rule R-1 fatal "t" {
    clause "NISP"
    for each system
    require @a = "1"
    message "m"
  }
}
)~",
       R"~(t.rules:2:12: error: unknown severity 'fatal' (expected error, warning or info)
    rule R-1 fatal "t" {
             ^
)~"},
      // malformed clause reference
      {R"~(pack t "T" {
  rule R-1 error "t" {
    clause "STANAG 4586 Ed 4"
    clause "Annex B of the standard"
    for each system
    require @a = "1"
    message "m"
  }
}
)~",
       R"~(t.rules:4:12: error: malformed clause reference "Annex B of the standard": it must start with a document reference such as STANAG 4586, ADatP-4774, MISB ST 0601, MIL-STD-2525, IEEE 1636, ISO 8601, ITU-T, NISP, RFC 3339 or stancheck
      clause "Annex B of the standard"
             ^
)~"},
      // rule without clause, context, requirement and message
      {R"~(pack t "T" {
  rule R-1 error "t" {
    help "nothing else"
  }
}
)~",
       R"~(t.rules:2:8: error: rule 'R-1' has no clause reference
    rule R-1 error "t" {
         ^
t.rules:2:8: error: rule 'R-1' has no `for each` context
    rule R-1 error "t" {
         ^
t.rules:2:8: error: rule 'R-1' has no `require` or `forbid`
    rule R-1 error "t" {
         ^
t.rules:2:8: error: rule 'R-1' has no `message`
    rule R-1 error "t" {
         ^
)~"},
      // undeclared level
      {R"~(pack t "T" {
  level 1 "One"
  level 2 "Two"
  rule R-1 error "t" {
    clause "NISP"
    level 3
    for each system
    require @a = "1"
    message "m"
  }
}
)~",
       R"~(t.rules:6:5: error: level 3 is not declared in pack 't' (declared: 1, 2)
      level 3
      ^
)~"},
      // duplicate level, prefix, table and predicate
      {R"~(pack t "T" {
  namespace e = "urn:e"
  namespace e = "urn:f"
  level 1 "One"
  level 1 "Again"
  table k { "a" }
  table k { "b" }
  predicate p($x) = exists($x)
  predicate p($x) = empty($x)
  rule R-1 error "t" {
    clause "NISP"
    level 1
    for each e:system
    require p(.) and @a in k
    message "m"
  }
}
)~",
       R"~(t.rules:3:13: error: namespace prefix 'e' is declared twice
    namespace e = "urn:f"
              ^
t.rules:5:3: error: level 1 is declared twice
    level 1 "Again"
    ^
t.rules:7:9: error: table 'k' is defined twice
    table k { "b" }
          ^
t.rules:9:13: error: predicate 'p' is defined twice
    predicate p($x) = empty($x)
              ^
)~"},
      // duplicate rule id
      {R"~(pack t "T" {
  rule R-1 error "t" {
    clause "NISP"
    for each system
    require @a = "1"
    message "m"
  }
  rule R-1 error "again" {
    clause "NISP"
    for each system
    require @b = "1"
    message "m"
  }
}
)~",
       R"~(t.rules:8:8: error: duplicate rule id 'R-1' (first defined at t.rules:2:8)
    rule R-1 error "again" {
         ^
)~"},
      // context that is not an element path
      {R"~(pack t "T" {
  rule R-1 error "t" {
    clause "NISP"
    for each system/@id
    require . = "1"
    message "m"
  }
  rule R-2 error "t" {
    clause "NISP"
    for each "system"
    require true
    message "m"
  }
}
)~",
       R"~(t.rules:4:21: error: the context of `for each` must be an element path; '@id' is not an element step
      for each system/@id
                      ^
t.rules:10:14: error: expected a path after 'for each', found a string
      for each "system"
               ^
)~"},
      // table problems
      {R"~(pack t "T" {
  table a { "x": 1, "y": "2", "z" }
  table b { 1 V, 2 Hz, 1 V }
  table c { "x", "y", "x" }
  table d { @x }
  rule R-1 error "t" {
    clause "NISP"
    for each system
    require @a in a and @b in b and @c in c and @d in d
    message "m"
  }
}
)~",
       R"~(t.rules:2:26: error: table 'a' mixes value types: this value is a string, the first is a number
    table a { "x": 1, "y": "2", "z" }
                           ^
t.rules:2:31: error: table 'a' gives values to other keys but none to this one
    table a { "x": 1, "y": "2", "z" }
                                ^
t.rules:3:18: error: table 'b' mixes key units: this key is a frequency (Hz), the first is a voltage (V)
    table b { 1 V, 2 Hz, 1 V }
                   ^
t.rules:3:24: error: duplicate key 1 V in table 'b'
    table b { 1 V, 2 Hz, 1 V }
                         ^
t.rules:4:23: error: duplicate key "x" in table 'c'
    table c { "x", "y", "x" }
                        ^
t.rules:5:13: error: expected '}' to close the table opened at 5:11, found '@'
    table d { @x }
              ^
t.rules:9:55: error: unknown table 'd'
      require @a in a and @b in b and @c in c and @d in d
                                                        ^
)~"},
      // table used the wrong way
      {R"~(pack t "T" {
  table set { "a", "b" }
  table map { "a": 1 V }
  rule R-1 error "t" {
    clause "NISP"
    for each system
    require set(@x) and lookup(set, @x) = "a" and lookup(map, @x) = 1 Hz and 3 in map
    message "m"
  }
}
)~",
       R"~(t.rules:7:13: error: 'set' is a table, not a function: write `KEY in set` or lookup(set, KEY)
      require set(@x) and lookup(set, @x) = "a" and lookup(map, @x) = 1 Hz and 3 in map
              ^
t.rules:7:32: error: table 'set' has no values: test membership with `KEY in set`
      require set(@x) and lookup(set, @x) = "a" and lookup(map, @x) = 1 Hz and 3 in map
                                 ^
t.rules:7:69: error: unit mismatch: cannot compare a voltage (V) with a frequency (Hz)
      require set(@x) and lookup(set, @x) = "a" and lookup(map, @x) = 1 Hz and 3 in map
                                                                      ^
t.rules:7:78: error: type mismatch: cannot compare a number with a string
      require set(@x) and lookup(set, @x) = "a" and lookup(map, @x) = 1 Hz and 3 in map
                                                                               ^
)~"},
      // predicate problems
      {R"~(pack t "T" {
  predicate early($x) = late($x)
  predicate self($x) = self($x)
  predicate late($x) = exists($x/@id)
  predicate num($x) = count($x)
  predicate unused_param($x, $y) = exists($x)
  rule R-1 error "t" {
    clause "NISP"
    for each system
    require early(.) and self(.) and late("x") and late(., .) and num(.) and unused_param(., 1)
    message "m"
  }
}
)~",
       R"~(t.rules:2:25: error: predicate 'late' is defined after 'early': a predicate may only call predicates defined before it
    predicate early($x) = late($x)
                          ^
t.rules:3:24: error: predicate 'self' cannot call itself (predicates cannot recurse)
    predicate self($x) = self($x)
                         ^
t.rules:5:23: error: predicate 'num' needs a condition (a comparison, a boolean or a path), got a number
    predicate num($x) = count($x)
                        ^
t.rules:6:30: warning: parameter $y of predicate 'unused_param' is never used
    predicate unused_param($x, $y) = exists($x)
                               ^
t.rules:10:43: error: argument 1 of 'late' must be a path (node set): $x is used as one, got a string
      require early(.) and self(.) and late("x") and late(., .) and num(.) and unused_param(., 1)
                                            ^
t.rules:10:52: error: predicate 'late' takes 1 argument, got 2
      require early(.) and self(.) and late("x") and late(., .) and num(.) and unused_param(., 1)
                                                     ^
)~"},
      // unused names are warnings
      {R"~(pack t "T" {
  namespace e = "urn:e"
  namespace default = "urn:d"
  table t1 { "a" }
  predicate p($x) = exists($x)
  rule R-1 error "t" {
    clause "NISP"
    for each system
    let $unused = @name
    let $used = @kind
    require $used = "x"
    message "m"
  }
}
)~",
       R"~(t.rules:2:13: warning: namespace prefix 'e' is never used
    namespace e = "urn:e"
              ^
t.rules:4:9: warning: table 't1' is never used
    table t1 { "a" }
          ^
t.rules:5:13: warning: predicate 'p' is never used
    predicate p($x) = exists($x)
              ^
t.rules:9:5: warning: let $unused is never used
      let $unused = @name
      ^
)~"},
      // a library pack has no unused warnings for its tables and predicates
      {R"~(pack lib "Library" {
  table kinds { "a", "b" }
  predicate known($x) = $x/@kind in kinds
}
)~",
       R"~()~"},
      // variables
      {R"~(pack t "T" {
  rule R-1 error "t" {
    clause "NISP"
    for each system
    let $n = 3
    let $n = 4
    require $n/@x = "1" and all $n in interface : exists($n) and $m = 1
    message "{$n} {$zz}"
  }
}
)~",
       R"~(t.rules:6:5: error: $n is already defined
      let $n = 4
      ^
t.rules:7:13: error: $n is a number, not a node set: it has no steps to follow
      require $n/@x = "1" and all $n in interface : exists($n) and $m = 1
              ^
t.rules:7:33: error: $n is already defined
      require $n/@x = "1" and all $n in interface : exists($n) and $m = 1
                                  ^
t.rules:7:66: error: unknown variable $m
      require $n/@x = "1" and all $n in interface : exists($n) and $m = 1
                                                                   ^
t.rules:8:20: error: unknown variable $zz
      message "{$n} {$zz}"
                     ^
)~"},
      // imports
      {R"~(pack a "A" {
  import b
  import b
  import nothing
  import a
  table kinds { "x" }
  rule A-1 error "t" {
    clause "NISP"
    for each system
    require @k in kinds and is_b(.)
    message "m"
  }
}
pack b "B" {
  import a
  table kinds { "y" }
  predicate is_b($x) = $x/@k = "b"
}
pack c "C" {
  import b
  import d
  rule C-1 error "t" {
    clause "NISP"
    for each system
    require @k in kinds and is_b(.)
    message "m"
  }
}
pack d "D" {
  table kinds { "z" }
}
)~",
       R"~(t.rules:3:10: error: pack 'b' is imported twice
    import b
           ^
t.rules:4:10: error: unknown pack 'nothing' in import
    import nothing
           ^
t.rules:5:10: error: import cycle: pack 'a' imports itself
    import a
           ^
t.rules:6:9: error: table 'kinds' is also defined by imported pack 'b'
    table kinds { "x" }
          ^
t.rules:15:10: error: import cycle: 'a' → 'b' → 'a'
    import a
           ^
t.rules:16:9: error: table 'kinds' is also defined by imported pack 'a'
    table kinds { "y" }
          ^
t.rules:21:10: error: imported packs 'b' and 'd' both define table 'kinds'
    import d
           ^
)~"},
      // duplicate pack id
      {R"~(pack a "A" {
}
pack a "Again" {
}
)~",
       R"~(t.rules:3:6: error: duplicate pack id 'a' (first defined at t.rules:1:6)
  pack a "Again" {
       ^
)~"},
      // profiles
      {R"~(pack a "A" {
  rule A-1 error "t" {
    clause "NISP"
    for each system
    require @a = "1"
    message "m"
  }
}
profile p1 "One" {
  include pack b
  include pack a*
  exclude pack z*
  include rule A-2
  exclude rule B-*
  severity A-1 fatal
  extends p3
  extends p2
}
profile p2 "Two" {
  extends p1
}
profile p1 "Again" {
}
)~",
       R"~(t.rules:10:16: error: unknown pack 'b'
    include pack b
                 ^
t.rules:12:16: error: no loaded pack matches 'z*'
    exclude pack z*
                 ^
t.rules:13:16: error: unknown rule 'A-2' (did you mean 'A-1'?)
    include rule A-2
                 ^
t.rules:14:16: error: no loaded rule matches 'B-*'
    exclude rule B-*
                 ^
t.rules:15:16: error: unknown severity 'fatal' (expected error, warning or info)
    severity A-1 fatal
                 ^
t.rules:16:11: error: unknown profile 'p3' (did you mean 'p1'?)
    extends p3
            ^
t.rules:20:11: error: profile cycle: p1 → p2 → p1
    extends p1
            ^
t.rules:22:9: error: duplicate profile 'p1' (first defined at t.rules:9:9)
  profile p1 "Again" {
          ^
)~"},
      // waivers
      {R"~(pack a "A" {
  rule A-1 error "t" {
    clause "NISP"
    for each system
    require @a = "1"
    message "m"
  }
}
waiver W-1 {
  rule A-2
  system "FRA-1"
  justification "j"
  approver "a"
  expires 2027-02-29
}
waiver W-2 {
  rule A-1
}
waiver W-1 {
  rule A-1
  system "FRA-1"
  justification "j"
  approver "a"
  expires 2027-01-31
}
)~",
       R"~(t.rules:10:8: error: unknown rule 'A-2' in waiver (did you mean 'A-1'?)
    rule A-2
         ^
t.rules:14:11: error: invalid date '2027-02-29' (expected an existing day as YYYY-MM-DD)
    expires 2027-02-29
            ^
t.rules:16:8: error: waiver 'W-2' needs a system, a justification, an approver and an expiry date (expires YYYY-MM-DD)
  waiver W-2 {
         ^
t.rules:19:8: error: duplicate waiver 'W-1' (first defined at t.rules:9:8)
  waiver W-1 {
         ^
)~"},
      // standard date
      {R"~(pack a "A" {
  standard "STANAG 5516" edition 8 date 2019-13-01
}
)~",
       R"~(t.rules:2:41: error: invalid date '2019-13-01' (expected an existing day as YYYY-MM-DD)
    standard "STANAG 5516" edition 8 date 2019-13-01
                                          ^
)~"},
      // syntax errors and check errors are reported together
      {R"~(pack t "T" {
  rule R-1 error "t" {
    clause "NISP"
    for each system
    require @a = = 1
    message "m"
  }
  rule R-2 error "t" {
    clause "NISP"
    for each system
    require @a > 1 MHZ
    message "m"
  }
}
)~",
       R"~(t.rules:5:18: error: expected a value to compare with, found '='
      require @a = = 1
                   ^
t.rules:11:20: error: unknown unit 'MHZ' (did you mean 'MHz'?)
      require @a > 1 MHZ
                     ^
)~"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.input);
    CHECK(check(r.input) == r.expected);
  }
}

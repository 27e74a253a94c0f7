// result.cpp — names of verdicts as every report spells them.
#include "result.hpp"

namespace stancheck {

const char* to_string(verdict_kind v) {
  switch (v) {
    case verdict_kind::conformant: return "conformant";
    case verdict_kind::non_conformant: return "non-conformant";
    case verdict_kind::incomplete: return "incomplete";
    case verdict_kind::not_applicable: return "not-applicable";
    case verdict_kind::waived: return "waived";
  }
  return "not-applicable";
}

}  // namespace stancheck

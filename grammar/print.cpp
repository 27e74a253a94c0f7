// print.cpp — print_expr (S-expressions, walked with an explicit stack) and print_file.
//
// Expression forms: literals `"s"` `12` `true` `(date 2019-04-01)` `(q 960 MHz)`; `$v`;
// a one-step relative path prints as its step (`@kind`, `eid:x[(= @a 1)]`, `//x` for a
// descendant step), longer paths as `(path [/] step...)` or `(path $v step...)`;
// `(call f args...)`; `(not e)` `(neg e)`; `(op a b)` for or and = != < <= > >= + - * /;
// `(in x (set ...))`, `(in x (range lo hi))`, `(in x (table t))` (`not-in` for `not in`);
// `(matches x "re")`; `(all $v path body)` / `(any ...)`.
#include <fmt/format.h>

#include <variant>

#include "parse.hpp"

namespace stancheck {
namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

const char* op_name(ast::op o) {
  switch (o) {
    case ast::op::or_:
      return "or";
    case ast::op::and_:
      return "and";
    case ast::op::eq:
      return "=";
    case ast::op::ne:
      return "!=";
    case ast::op::lt:
      return "<";
    case ast::op::le:
      return "<=";
    case ast::op::gt:
      return ">";
    case ast::op::ge:
      return ">=";
    case ast::op::add:
      return "+";
    case ast::op::sub:
      return "-";
    case ast::op::mul:
      return "*";
    case ast::op::div:
      return "/";
    case ast::op::not_:
      return "not";
    case ast::op::neg:
      return "neg";
    case ast::op::in:
      return "in";
    case ast::op::not_in:
      return "not-in";
    case ast::op::all:
      return "all";
    case ast::op::any:
      return "any";
    default:
      return "?";
  }
}

using piece = std::variant<std::string, ast::expr_id>;

/// The pieces of one node, in output order; children stay unexpanded.
std::vector<piece> expand(const ast::file& f, ast::expr_id id) {
  if (id >= f.exprs.size()) return {std::string(id == ast::no_expr ? "<none>" : "<invalid>")};
  const ast::expr& e = f.exprs[id];
  auto num = [](double d) { return fmt::format("{}", d); };
  std::vector<piece> out;
  auto open = [&](std::string head) {  // built by appending: `"(" + head` trips a g++ 12 -O3
                                       // -Wrestrict false positive
    std::string s = "(";
    s += head;
    out.emplace_back(std::move(s));
  };
  auto kids = [&](std::size_t from) {
    for (std::size_t i = from; i < e.children.size(); ++i) {
      out.emplace_back(std::string(" "));
      out.emplace_back(e.children[i]);
    }
  };
  switch (e.kind) {
    case ast::expr_kind::string_lit:
      return {quote(e.text)};
    case ast::expr_kind::number_lit:
      return {num(e.number)};
    case ast::expr_kind::bool_lit:
      return {std::string(e.number != 0 ? "true" : "false")};
    case ast::expr_kind::date_lit:
      return {"(date " + e.text + ")"};
    case ast::expr_kind::quantity_lit:
      return {"(q " + num(e.number) + " " + e.text + ")"};
    case ast::expr_kind::variable:
      return {"$" + e.text};
    case ast::expr_kind::step:
      out.emplace_back((e.oper == ast::op::descendant ? "//" : "") + e.text);
      for (ast::expr_id p : e.children) {
        out.emplace_back(std::string("["));
        out.emplace_back(p);
        out.emplace_back(std::string("]"));
      }
      return out;
    case ast::expr_kind::path:
      if (e.oper == ast::op::none && e.children.size() == 1 && e.children[0] < f.exprs.size() &&
          f.exprs[e.children[0]].kind == ast::expr_kind::step)
        return {e.children[0]};
      open(e.oper == ast::op::root ? "path /" : "path");
      kids(0);
      break;
    case ast::expr_kind::call:
      open("call " + e.text);
      kids(0);
      break;
    case ast::expr_kind::unary:
    case ast::expr_kind::binary:
      open(op_name(e.oper));
      kids(0);
      break;
    case ast::expr_kind::in_set:
    case ast::expr_kind::in_range:
    case ast::expr_kind::in_table: {
      open(op_name(e.oper));
      out.emplace_back(std::string(" "));
      out.emplace_back(e.children.empty() ? ast::no_expr : e.children[0]);
      if (e.kind == ast::expr_kind::in_table) {
        out.emplace_back(" (table " + e.text + ")");
      } else {
        out.emplace_back(std::string(e.kind == ast::expr_kind::in_set ? " (set" : " (range"));
        kids(1);
        out.emplace_back(std::string(")"));
      }
      break;
    }
    case ast::expr_kind::matches:
      open("matches");
      kids(0);
      break;
    case ast::expr_kind::quantifier:
      open(std::string(op_name(e.oper)) + " $" + e.text);
      kids(0);
      break;
  }
  out.emplace_back(std::string(")"));
  return out;
}

std::string print_template(const ast::file& f, const std::vector<ast::template_part>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += ' ';
    if (p.is_expr) {  // appended piecewise: `"{" + ...` trips a g++ 12 -O3 -Wrestrict false
                      // positive
      out += '{';
      out += print_expr(f, p.expr);
      out += '}';
    } else {
      out += quote(p.text);
    }
  }
  return out;
}

}  // namespace

std::string print_expr(const ast::file& f, ast::expr_id root) {
  std::string out;
  std::vector<piece> stack{root};
  while (!stack.empty()) {
    piece p = std::move(stack.back());
    stack.pop_back();
    if (auto* s = std::get_if<std::string>(&p)) {
      out += *s;
      continue;
    }
    auto pieces = expand(f, std::get<ast::expr_id>(p));
    for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) stack.push_back(std::move(*it));
  }
  return out;
}

std::string print_file(const ast::file& f) {
  std::string out;
  for (const auto& pk : f.packs) {
    out += fmt::format("pack {} {}\n", pk.id.text, quote(pk.title));
    if (pk.standard) {
      out += "  standard " + quote(pk.standard->number.text);
      if (!pk.standard->edition.text.empty()) out += " edition " + pk.standard->edition.text;
      if (!pk.standard->date.text.empty()) out += " date " + pk.standard->date.text;
      out += '\n';
    }
    if (pk.version.offset) out += "  version " + quote(pk.version.text) + "\n";
    for (const auto& n : pk.namespaces)
      out += fmt::format("  namespace {} = {}\n", n.prefix.text, quote(n.uri.text));
    for (const auto& i : pk.imports) out += "  import " + i.text + "\n";
    for (const auto& t : pk.tables) {
      out += "  table " + t.name.text + " {";
      for (std::size_t i = 0; i < t.entries.size(); ++i) {
        out += i ? ", " : "";
        out += print_expr(f, t.entries[i].key);
        if (t.entries[i].value != ast::no_expr) out += ": " + print_expr(f, t.entries[i].value);
      }
      out += "}\n";
    }
    for (const auto& p : pk.predicates) {
      out += "  predicate " + p.name.text + "(";
      for (std::size_t i = 0; i < p.params.size(); ++i) out += (i ? ", $" : "$") + p.params[i].text;
      out += ") = " + print_expr(f, p.body) + "\n";
    }
    for (const auto& l : pk.levels) out += fmt::format("  level {} {}\n", l.number, quote(l.title));
    for (const auto& r : pk.rules) {
      out += fmt::format("  rule {} {} {}\n", r.id.text, r.severity.text, quote(r.title));
      for (const auto& c : r.clauses) out += "    clause " + quote(c.text) + "\n";
      if (!r.help.empty()) out += "    help " + quote(r.help) + "\n";
      if (r.level) out += fmt::format("    level {}\n", *r.level);
      if (r.context != ast::no_expr) out += "    for each " + print_expr(f, r.context) + "\n";
      for (const auto& l : r.lets)
        out += fmt::format("    let ${} = {}\n", l.name, print_expr(f, l.value));
      if (r.condition != ast::no_expr)
        out += fmt::format("    {} {}\n",
                           r.kind == ast::requirement_kind::require ? "require" : "forbid",
                           print_expr(f, r.condition));
      if (r.message_offset) out += "    message " + print_template(f, r.message) + "\n";
      if (r.fix_offset) out += "    fix " + print_template(f, r.fix) + "\n";
    }
  }
  for (const auto& p : f.profiles) {
    out += "profile " + p.name.text + (p.title.empty() ? "" : " " + quote(p.title)) + "\n";
    for (const auto& i : p.items) {
      switch (i.kind) {
        case ast::profile_item_kind::include_pack:
          out += "  include pack ";
          break;
        case ast::profile_item_kind::exclude_pack:
          out += "  exclude pack ";
          break;
        case ast::profile_item_kind::include_rule:
          out += "  include rule ";
          break;
        case ast::profile_item_kind::exclude_rule:
          out += "  exclude rule ";
          break;
        case ast::profile_item_kind::severity:
          out += "  severity ";
          break;
        case ast::profile_item_kind::extends:
          out += "  extends ";
          break;
      }
      out += i.target.text;
      if (i.kind == ast::profile_item_kind::severity) out += " " + i.value.text;
      out += '\n';
    }
  }
  for (const auto& w : f.waivers) {
    out += "waiver " + w.id.text + "\n";
    if (w.rule.offset) out += "  rule " + w.rule.text + "\n";
    if (w.system.offset) out += "  system " + quote(w.system.text) + "\n";
    if (!w.justification.empty()) out += "  justification " + quote(w.justification) + "\n";
    if (!w.approver.empty()) out += "  approver " + quote(w.approver) + "\n";
    if (w.expires.offset) out += "  expires " + w.expires.text + "\n";
  }
  return out;
}

}  // namespace stancheck

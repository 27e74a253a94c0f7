// report_html_assets.cpp — the inline stylesheet and script of the HTML audit report. The script
// renders the matrix, findings and drill-down from the embedded JSON, paginated, and builds every
// node with textContent (never innerHTML), so document text cannot inject markup.
#include "report_html_assets.hpp"

namespace stancheck::detail {

const char* html_style() {
  return R"CSS(
:root{--ok:#2e7d32;--bad:#c62828;--inc:#b26a00;--wv:#6a1b9a;--na:#9e9e9e;--line:#d0d4da;--bg:#f6f7f9}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232b;background:#fff}
header{background:#1f3347;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c9d6e3}
main{padding:8px 24px 40px;max-width:1500px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin-top:14px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;background:var(--bg);min-width:110px}
.card b{display:block;font-size:20px}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.charts figure{margin:0}
.charts figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}
th{background:var(--bg);position:sticky;top:0}
th.sort{cursor:pointer;user-select:none}
th.sort:after{content:" \2195";color:#888}
td.rule{white-space:nowrap}
td.mono,span.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.v0{background:#e3f3e4;color:var(--ok)}.v1{background:#fbe3e3;color:var(--bad);font-weight:600}
.v2{background:#fff2d6;color:var(--inc)}.v3{background:#f1f1f1;color:#777}.v4{background:#efe3f6;color:var(--wv)}
.s0{color:var(--bad);font-weight:600}.s1{color:var(--inc);font-weight:600}.s2{color:#1565c0}
.waived{opacity:.6}
.tools{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:6px 0}
.tools input[type=search]{width:260px;padding:3px 6px}
.pager{margin:6px 0;display:flex;gap:8px;align-items:center}
button{padding:2px 10px}
a.sys{color:#0b5cad;cursor:pointer;text-decoration:underline;white-space:nowrap}
#detail{border:1px solid var(--line);border-radius:6px;padding:4px 16px 12px;background:#fbfcfd}
#detail .f{border-top:1px solid var(--line);padding:6px 0}
.legend span{display:inline-block;padding:1px 8px;margin-right:6px;border-radius:3px}
.muted{color:#666}
)CSS";
}

const char* html_script() {
  return R"JS(
'use strict';
window.addEventListener('error', function (e) {
  document.documentElement.setAttribute('data-error', String(e.message));
});
(function () {
  var D = JSON.parse(document.getElementById('stancheck-data').textContent);
  var VERDICTS = ['conformant', 'non-conformant', 'incomplete', 'not-applicable', 'waived'];
  var SEVERITIES = ['error', 'warning', 'info'];
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function option(sel, value, label) { var o = el('option', null, label); o.value = value; sel.appendChild(o); }
  function loc(file, line, col) { return (file || '-') + (line ? ':' + line + (col ? ':' + col : '') : ''); }
  function sysLink(i) {
    var a = el('a', 'sys', D.systems[i][0]);
    a.href = '#system=' + encodeURIComponent(D.systems[i][0]);
    return a;
  }

  // A paginated, filterable, sortable table over an array of row indices.
  function Grid(root, opts) {
    this.opts = opts; this.page = 0; this.sortCol = -1; this.sortDir = 1;
    this.tools = el('div', 'tools'); root.appendChild(this.tools);
    this.pager = el('div', 'pager'); root.appendChild(this.pager);
    this.table = el('table'); root.appendChild(this.table);
    var head = el('tr'), self = this;
    opts.columns.forEach(function (c, ci) {
      var th = el('th', c.sort ? 'sort' : null, c.title);
      if (c.tip) th.title = c.tip;
      if (c.sort) th.addEventListener('click', function () {
        self.sortDir = self.sortCol === ci ? -self.sortDir : 1; self.sortCol = ci; self.refresh();
      });
      head.appendChild(th);
    });
    var thead = el('thead'); thead.appendChild(head); this.table.appendChild(thead);
    this.body = el('tbody'); this.table.appendChild(this.body);
  }
  Grid.prototype.refresh = function () {
    var o = this.opts, rows = [], n = o.count();
    for (var i = 0; i < n; i++) if (o.filter(i)) rows.push(i);
    if (this.sortCol >= 0) {
      var key = o.columns[this.sortCol].sort, dir = this.sortDir;
      rows.sort(function (a, b) { var x = key(a), y = key(b); return x < y ? -dir : x > y ? dir : a - b; });
    }
    this.rows = rows; this.page = Math.min(this.page, Math.max(0, Math.ceil(rows.length / o.size) - 1));
    this.draw();
  };
  Grid.prototype.draw = function () {
    var o = this.opts, self = this, pages = Math.max(1, Math.ceil(this.rows.length / o.size));
    var start = this.page * o.size, end = Math.min(this.rows.length, start + o.size);
    this.body.textContent = '';
    for (var k = start; k < end; k++) this.body.appendChild(o.row(this.rows[k]));
    if (!this.rows.length) { var tr = el('tr'), td = el('td', 'muted', 'nothing to show'); td.colSpan = o.columns.length; tr.appendChild(td); this.body.appendChild(tr); }
    this.pager.textContent = '';
    var prev = el('button', null, '\u2039 previous'), next = el('button', null, 'next \u203a');
    prev.disabled = this.page === 0; next.disabled = this.page + 1 >= pages;
    prev.addEventListener('click', function () { self.page--; self.draw(); });
    next.addEventListener('click', function () { self.page++; self.draw(); });
    this.pager.appendChild(prev); this.pager.appendChild(next);
    this.pager.appendChild(el('span', 'muted', 'page ' + (this.page + 1) + ' of ' + pages + ' \u00b7 rows ' +
      (this.rows.length ? start + 1 : 0) + '\u2013' + end + ' of ' + this.rows.length + ' (' + o.count() + ' in total)'));
  };
  function searchBox(grid, placeholder, state) {
    var s = el('input'); s.type = 'search'; s.placeholder = placeholder;
    s.addEventListener('input', function () { state.text = s.value.toLowerCase(); grid.page = 0; grid.refresh(); });
    grid.tools.appendChild(s);
  }
  function selectBox(grid, label, choices, onchange) {
    var l = el('label', null, label + ' '), s = el('select');
    choices.forEach(function (c) { option(s, c[0], c[1]); });
    s.addEventListener('change', function () { onchange(s.value); grid.page = 0; grid.refresh(); });
    l.appendChild(s); grid.tools.appendChild(l);
  }

  // Verdict matrix.
  var ms = { text: '', nation: '', verdict: '' };
  var mcols = [
    { title: 'System', sort: function (i) { return D.systems[i][0]; } },
    { title: 'Name', sort: function (i) { return D.systems[i][1]; } },
    { title: 'Nation', sort: function (i) { return D.systems[i][2]; } }
  ];
  D.packs.forEach(function (p, pi) {
    mcols.push({ title: p[2], tip: p[0] + ' ' + p[1] + ' sha256:' + p[4],
      sort: function (i) { var v = D.systems[i][4][pi]; return v < 0 ? 9 : v; } });
  });
  var matrix = new Grid(document.getElementById('matrix'), {
    columns: mcols, size: 50,
    count: function () { return D.systems.length; },
    filter: function (i) {
      var s = D.systems[i];
      if (ms.nation && s[2] !== ms.nation) return false;
      if (ms.verdict !== '' && s[4].indexOf(+ms.verdict) < 0) return false;
      return !ms.text || (s[0] + ' ' + s[1] + ' ' + s[3]).toLowerCase().indexOf(ms.text) >= 0;
    },
    row: function (i) {
      var s = D.systems[i], tr = el('tr'), td = el('td');
      td.appendChild(sysLink(i)); tr.appendChild(td);
      tr.appendChild(el('td', null, s[1])); tr.appendChild(el('td', null, s[2]));
      D.packs.forEach(function (p, pi) {
        var v = s[4][pi], lv = s[5] ? s[5][pi] : null;
        var cell = el('td', v < 0 ? 'muted' : 'v' + v, v < 0 ? '' : v === 3 ? 'n/a' : VERDICTS[v] + (lv !== null && lv !== undefined ? ' (L' + lv + ')' : ''));
        if (v >= 0) cell.title = VERDICTS[v];
        tr.appendChild(cell);
      });
      return tr;
    }
  });
  searchBox(matrix, 'filter systems (id, name, supplier)', ms);
  var nations = {}; D.systems.forEach(function (s) { nations[s[2]] = 1; });
  selectBox(matrix, 'nation', [['', 'all']].concat(Object.keys(nations).sort().map(function (n) { return [n, n || '(none)']; })),
    function (v) { ms.nation = v; });
  selectBox(matrix, 'with a verdict', [['', 'any']].concat(VERDICTS.map(function (v, i) { return [String(i), v]; })),
    function (v) { ms.verdict = v; });
  matrix.refresh();

  // Findings.
  var fs = { text: '', sev: '', waived: true };
  function F(i) { return D.findings[i]; }
  var findings = new Grid(document.getElementById('findings'), {
    size: 100,
    columns: [
      { title: 'Severity', sort: function (i) { return F(i)[2]; } },
      { title: 'Rule', sort: function (i) { return F(i)[1]; } },
      { title: 'System', sort: function (i) { return D.systems[F(i)[0]][0]; } },
      { title: 'Location', sort: function (i) { return F(i)[4] + '\u0000' + ('000000000' + F(i)[5]).slice(-10); } },
      { title: 'Message', sort: function (i) { return F(i)[3]; } },
      { title: 'Clause', sort: function (i) { return F(i)[8]; } }
    ],
    count: function () { return D.findings.length; },
    filter: function (i) {
      var f = F(i);
      if (fs.sev !== '' && f[2] !== +fs.sev) return false;
      if (!fs.waived && f[10]) return false;
      return !fs.text || (f[1] + ' ' + D.systems[f[0]][0] + ' ' + f[3] + ' ' + f[4] + ' ' + f[8]).toLowerCase().indexOf(fs.text) >= 0;
    },
    row: function (i) {
      var f = F(i), tr = el('tr', f[10] ? 'waived' : null);
      tr.appendChild(el('td', 's' + f[2], SEVERITIES[f[2]] + (f[10] ? ' (waived)' : '')));
      tr.appendChild(el('td', 'mono rule', f[1]));
      var td = el('td'); td.appendChild(sysLink(f[0])); tr.appendChild(td);
      tr.appendChild(el('td', 'mono', loc(f[4], f[5], f[6])));
      tr.appendChild(el('td', null, f[3] + (f[11] ? ' (evidence missing)' : '')));
      tr.appendChild(el('td', null, f[8]));
      return tr;
    }
  });
  searchBox(findings, 'filter findings (rule, system, message, file)', fs);
  selectBox(findings, 'severity', [['', 'all'], ['0', 'error'], ['1', 'warning'], ['2', 'info']], function (v) { fs.sev = v; });
  var wl = el('label', null, ' include waived '), wc = el('input'); wc.type = 'checkbox'; wc.checked = true;
  wc.addEventListener('change', function () { fs.waived = wc.checked; findings.page = 0; findings.refresh(); });
  wl.appendChild(wc); findings.tools.appendChild(wl);
  findings.refresh();

  // Input errors.
  if (D.input_errors.length) {
    var errors = new Grid(document.getElementById('input-errors'), {
      size: 100,
      columns: [{ title: 'Location', sort: function (i) { return D.input_errors[i][0]; } },
                { title: 'Message', sort: function (i) { return D.input_errors[i][3]; } }],
      count: function () { return D.input_errors.length; },
      filter: function () { return true; },
      row: function (i) {
        var e = D.input_errors[i], tr = el('tr');
        tr.appendChild(el('td', 'mono', loc(e[0], e[1], e[2]))); tr.appendChild(el('td', null, e[3]));
        return tr;
      }
    });
    errors.refresh();
  }

  // Drill-down per system (#system=ID).
  var detail = document.getElementById('detail');
  function show(id) {
    var i = -1;
    for (var k = 0; k < D.systems.length; k++) if (D.systems[k][0] === id) { i = k; break; }
    detail.textContent = '';
    if (i < 0) { detail.appendChild(el('p', 'muted', 'Choose a system in the matrix or the findings.')); return; }
    var s = D.systems[i];
    detail.appendChild(el('h3', null, s[0] + (s[1] ? ' \u2014 ' + s[1] : '')));
    detail.appendChild(el('p', 'muted', 'nation ' + (s[2] || '-') + ' \u00b7 supplier ' + (s[3] || '-')));
    if (s[8].length) detail.appendChild(el('p', 'mono', 'files: ' + s[8].join(', ')));
    var vt = el('table'), hr = el('tr');
    ['Standard', 'Pack', 'Verdict', 'Level'].forEach(function (h) { hr.appendChild(el('th', null, h)); });
    vt.appendChild(hr);
    D.packs.forEach(function (p, pi) {
      var v = s[4][pi]; if (v < 0) return;
      var tr = el('tr');
      tr.appendChild(el('td', null, p[2])); tr.appendChild(el('td', 'mono', p[0] + ' ' + p[1]));
      tr.appendChild(el('td', 'v' + v, VERDICTS[v]));
      var lv = s[5] ? s[5][pi] : null, lt = s[9] ? s[9][pi] : '';
      tr.appendChild(el('td', null, lv === null || lv === undefined ? '' : lv + (lt ? ' \u2014 ' + lt : '')));
      vt.appendChild(tr);
    });
    detail.appendChild(vt);
    detail.appendChild(el('h4', null, s[7] ? s[7] + ' finding(s)' : 'no findings'));
    for (var j = s[6]; j < s[6] + s[7]; j++) {
      var f = D.findings[j], rule = Object.prototype.hasOwnProperty.call(D.rules, f[1]) ? D.rules[f[1]] : ['', ''], box = el('div', 'f' + (f[10] ? ' waived' : ''));
      var h = el('div'); h.appendChild(el('span', 's' + f[2], SEVERITIES[f[2]] + ' '));
      h.appendChild(el('span', 'mono', f[1] + ' ')); h.appendChild(el('span', null, rule[0])); box.appendChild(h);
      box.appendChild(el('div', null, f[3]));
      box.appendChild(el('div', 'mono', loc(f[4], f[5], f[6]) + (f[7] ? '  ' + f[7] : '')));
      if (f[8]) box.appendChild(el('div', null, 'clause: ' + f[8]));
      if (f[11]) box.appendChild(el('div', 's1', 'evidence missing: no test report shows this test'));
      if (f[9]) box.appendChild(el('div', null, 'fix: ' + f[9]));
      if (rule[1]) box.appendChild(el('div', 'muted', rule[1]));
      if (f[10]) box.appendChild(el('div', null, 'waived by ' + f[10] + ' (not counted)'));
      detail.appendChild(box);
    }
  }
  function route() {
    var m = /^#system=(.*)$/.exec(location.hash), id = '';
    if (m) { try { id = decodeURIComponent(m[1]); } catch (e) { id = m[1]; } }
    show(id);
    if (m) detail.scrollIntoView();
  }
  window.addEventListener('hashchange', route);
  show('');
  if (location.hash) route();
  document.documentElement.setAttribute('data-ready', String(D.systems.length));
})();
)JS";
}

}  // namespace stancheck::detail

// abi-diff HTML report viewer: runs inline, no network. Every text goes through textContent.
(function () {
  'use strict';
  var STATUS = ['compatible', 'incompatible', 'error', 'unpaired'];
  var meta = JSON.parse(byId('abi-meta').textContent);
  // row: [id, status index, rule indexes (first mismatch's rule first), mismatch count, message, detail index or -1, suppressed mismatch count, change (with --compare)]
  var rows = JSON.parse(byId('abi-rows').textContent);
  var rules = meta.rules;
  var detailLines = null;
  var hay = null;
  var CHANGES = { 'new-failure': 'new failure', fixed: 'fixed', 'still-failing': 'still failing', unchanged: 'unchanged', 'new': 'new pair' };
  // the page opens on the pairs that are not compatible, when there are any
  var anyFailing = rows.some(function (r) { return r[1] !== 0; });
  // with --compare, new failures come first: what changed since the previous report
  function isNewFailure(r) { return r[7] === 'new-failure' || (r[7] === 'new' && r[1] !== 0); }
  var anyNew = rows.some(isNewFailure);
  var state = { status: anyFailing ? 'failing' : 'all', rule: '', folder: '', change: '', text: '', sort: anyNew ? 'change' : 'id', dir: 1, page: 0, size: 100 };
  var view = [];

  function byId(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    if (children) for (var i = 0; i < children.length; i++) if (children[i] != null) e.appendChild(typeof children[i] === 'string' ? document.createTextNode(children[i]) : children[i]);
    return e;
  }
  function fmt(n) { return n.toLocaleString('en-US'); }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  // ---- header and summary
  var info = meta.info;
  byId('run').textContent = 'libvirt ' + info.libvirtVersion + ' ABI-stability rules (profile ' + info.profile + info.flags + ') · ' +
    info.tool + ' ' + info.version + ' · src ' + info.src + ' · dst ' + info.dst + (info.config ? ' · config ' + info.config : '');
  function suppressionText(sup) {
    return sup.by === 'baseline' ? 'in the baseline' + (info.baseline ? ' ' + info.baseline : '') : 'rule turned off' + (sup.reason ? ': ' + sup.reason : '');
  }
  function isSuppressed(r) { return r[1] === 1 && r[6] === r[3]; }
  var s = meta.summary;
  if (meta.complete === false) {
    var partial = byId('partial');
    partial.textContent = 'Partial report: the run was stopped before every pair was checked' + (s.notChecked != null ? ' (' + fmt(s.notChecked) + ' pairs not checked)' : '') + '. The counts below cover the pairs checked.';
    partial.hidden = false;
  }
  document.title = 'abi-diff: ' + fmt(s.pairs - s.compatible) + ' of ' + fmt(s.pairs) + ' pairs not compatible';
  var cards = byId('cards');
  cards.appendChild(card('all', 'pairs', s.pairs));
  STATUS.forEach(function (st) { cards.appendChild(card(st, st, s[st])); });
  cards.appendChild(card('suppressed', 'incompatible, suppressed', s.suppressed));

  // ---- the operator's waivers: rules off, baseline and its stale entries
  var waivers = byId('waivers');
  if (info.rulesOff.length) {
    waivers.appendChild(el('h2', { text: 'Rules turned off' }));
    waivers.appendChild(el('p', { class: 'muted', text: 'Their mismatches are listed as suppressed and do not fail the run.' }));
    waivers.appendChild(el('ul', { id: 'rules-off' }, info.rulesOff.map(function (r) { return el('li', null, [el('span', { class: 'mono', text: r.rule }), r.reason ? ': ' + r.reason : '']); })));
  }
  if (info.baseline) {
    var stale = s.staleBaseline || [];
    waivers.appendChild(el('h2', { text: 'Baseline' }));
    waivers.appendChild(el('p', { class: 'muted', text: info.baseline + ': its mismatches are listed as suppressed and do not fail the run. ' + fmt(stale.length) + ' stale entr' + (stale.length === 1 ? 'y' : 'ies') + ' (no longer seen).' }));
    if (stale.length) {
      var tb = el('tbody');
      stale.forEach(function (e) { tb.appendChild(el('tr', null, [el('td', { class: 'mono', text: e.pair }), el('td', { class: 'mono', text: e.rule }), el('td', { class: 'num', text: fmt(e.count) }), el('td', { text: e.message || e.fingerprint })])); });
      waivers.appendChild(el('details', { id: 'stale' }, [el('summary', { text: 'stale baseline entries' }), el('table', null, [el('thead', null, [el('tr', null, ['pair', 'rule', 'count', 'message'].map(function (h) { return el('th', { text: h }); }))]), tb])]));
    }
  }
  // ---- status chart: one stacked bar, a segment per status, each a filter
  var chart = byId('chart');
  var parts = [
    ['compatible', 'compatible', s.compatible], ['incompatible', 'incompatible', s.incompatible - s.suppressed], ['suppressed', 'incompatible, suppressed', s.suppressed],
    ['error', 'error', s.error], ['unpaired', 'unpaired', s.unpaired],
  ].filter(function (p) { return p[2] > 0; });
  chart.setAttribute('aria-label', 'pairs by status: ' + parts.map(function (p) { return p[1] + ' ' + fmt(p[2]); }).join(', '));
  var bar = el('div', { class: 'stack' });
  var legend = el('div', { class: 'legend' });
  parts.forEach(function (p) {
    var pct = s.pairs ? 100 * p[2] / s.pairs : 0;
    var seg = el('button', { class: 'seg ' + p[0], type: 'button', title: p[1] + ': ' + fmt(p[2]) + ' (' + pct.toFixed(1) + ' %)', onclick: function () { setStatus(p[0]); } });
    seg.style.width = Math.max(pct, 0.4) + '%';
    bar.appendChild(seg);
    legend.appendChild(el('span', { class: 'key' }, [el('span', { class: 'sw ' + p[0] }), p[1] + ' ' + fmt(p[2]) + ' (' + (pct < 0.1 && pct > 0 ? '<0.1' : pct.toFixed(1)) + ' %)']));
  });
  chart.appendChild(bar);
  chart.appendChild(legend);

  // ---- since the previous report (--compare)
  var cmp = s.compare;
  if (cmp) {
    var changes = byId('changes');
    changes.appendChild(el('h2', { text: 'Since the previous report' }));
    changes.appendChild(el('p', { class: 'muted', text: cmp.previous + (cmp.failOn === 'new' ? ' · only new failures fail this run' : '') }));
    var cc = el('div', { class: 'cards' });
    [['new-failure', 'new failures', cmp['new-failure']], ['fixed', 'fixed', cmp.fixed], ['still-failing', 'still failing', cmp['still-failing']], ['unchanged', 'unchanged', cmp.unchanged], ['new', 'new pairs (' + fmt(cmp.newFailing) + ' failing)', cmp['new']]].forEach(function (c) {
      cc.appendChild(el('button', { class: 'card ch-' + c[0], type: 'button', title: 'show these pairs', onclick: function () { setChange(c[0]); } }, [el('span', { class: 'n', id: 'change-' + c[0], text: fmt(c[2]) }), el('span', { class: 'l', text: c[1] })]));
    });
    cc.appendChild(el('div', { class: 'card static' }, [el('span', { class: 'n', id: 'change-gone', text: fmt(cmp.gone) }), el('span', { class: 'l', text: 'gone (' + fmt(cmp.goneFailing) + ' failing before)' })]));
    changes.appendChild(cc);
  }

  // ---- by folder (the first segment of the pair id, usually the host)
  var folders = byId('folders');
  if (meta.folders.length) {
    var ftop = Math.max.apply(null, meta.folders.map(function (f) { return f[2] + f[3] + f[4]; }).concat([1]));
    var fb = el('tbody');
    meta.folders.forEach(function (f) {
      var bad = f[2] + f[3] + f[4];
      fb.appendChild(el('tr', null, [
        el('td', null, [el('button', { class: 'link mono', type: 'button', title: 'show these pairs', onclick: function () { setFolder(f[0]); } }, [f[0]])]),
        el('td', { class: 'num', text: fmt(f[1]) }),
        el('td', { class: 'num' }, [el('span', { class: 'bar', style: 'width:' + (bad ? Math.max(2, Math.round(80 * bad / ftop)) : 0) + 'px' }), fmt(bad)]),
        el('td', { class: 'num', text: fmt(f[2]) }), el('td', { class: 'num', text: fmt(f[3]) }), el('td', { class: 'num', text: fmt(f[4]) }),
      ]));
    });
    var ft = el('table', { id: 'folder-table' }, [el('thead', null, [el('tr', null, ['folder', 'pairs', 'not compatible', 'incompatible', 'error', 'unpaired'].map(function (h, i) { return el('th', { class: i ? 'num' : '', text: h }); }))]), fb]);
    folders.appendChild(meta.folders.length > 10 ? el('div', { class: 'scroll' }, [ft]) : ft);
    if (meta.moreFolders) folders.appendChild(el('p', { class: 'muted', text: fmt(meta.moreFolders) + ' more folders with fewer failing pairs (abi-diff.json lists every pair).' }));
  }
  if (meta.unlisted) {
    var ul = byId('unlisted');
    ul.textContent = fmt(meta.unlisted) + ' compatible pairs are counted above but not listed (--report-pairs failing, the default above 100,000 pairs); abi-diff.json lists every pair.';
    ul.hidden = false;
  }

  function card(st, label, n) {
    return el('button', { class: 'card ' + st, type: 'button', 'data-status': st, title: 'show ' + (st === 'all' ? 'all pairs' : st + ' pairs'), onclick: function () { setStatus(st); } }, [
      el('span', { class: 'n', id: 'count-' + st, text: fmt(n) }), el('span', { class: 'l', text: label }),
    ]);
  }

  function countTable(head, list, key, max) {
    var top = list.length ? Math.max.apply(null, list.map(function (r) { return r.pairs; })) : 1;
    var tb = el('tbody');
    list.slice(0, max || list.length).forEach(function (r) {
      var name = r[key];
      tb.appendChild(el('tr', null, [
        el('td', null, [el('button', { class: 'link mono', type: 'button', title: 'show these pairs', onclick: function () { setRule(key === 'family' ? 'family:' + name : name); } }, [name])]),
        key === 'rule' ? el('td', { class: 'muted', text: r.family }) : null,
        el('td', { class: 'num' }, [el('span', { class: 'bar', style: 'width:' + Math.max(2, Math.round(80 * r.pairs / top)) + 'px' }), fmt(r.pairs)]),
        el('td', { class: 'num', text: fmt(r.first) }),
        el('td', { class: 'num', text: fmt(r.mismatches) }),
      ]));
    });
    return el('table', null, [el('thead', null, [el('tr', null, head.map(function (h, i) { return el('th', { class: i >= head.length - 3 ? 'num' : '', text: h }); }))]), tb]);
  }
  var fam = byId('families');
  var top = byId('top-rules');
  if (meta.ruleRows.length) {
    fam.appendChild(countTable(['family', 'pairs', 'first', 'mismatches'], meta.familyRows, 'family'));
    top.appendChild(countTable(['rule', 'family', 'pairs', 'first', 'mismatches'], meta.ruleRows, 'rule', 10));
    var all = byId('all-rules');
    all.appendChild(el('summary', { text: 'all ' + meta.ruleRows.length + ' rules that fired' }));
    all.appendChild(countTable(['rule', 'family', 'pairs', 'first', 'mismatches'], meta.ruleRows, 'rule'));
  } else {
    fam.appendChild(el('p', { class: 'muted', text: 'No ABI mismatch in this run.' }));
    byId('all-rules').hidden = true;
  }

  // ---- filters
  var fStatus = byId('f-status'), fRule = byId('f-rule'), fText = byId('f-text'), fSize = byId('f-size'), fFolder = byId('f-folder'), fChange = byId('f-change');
  fStatus.value = state.status;
  fFolder.appendChild(el('option', { value: '', text: 'any folder' }));
  meta.folders.forEach(function (f) { fFolder.appendChild(el('option', { value: f[0], text: f[0] + ' (' + fmt(f[2] + f[3] + f[4]) + ' of ' + fmt(f[1]) + ')' })); });
  fFolder.addEventListener('change', function () { state.folder = fFolder.value; state.page = 0; refresh(); });
  if (cmp) {
    byId('f-change-label').hidden = false;
    fChange.appendChild(el('option', { value: '', text: 'any' }));
    Object.keys(CHANGES).forEach(function (k) { fChange.appendChild(el('option', { value: k, text: CHANGES[k] })); });
    fChange.addEventListener('change', function () { state.change = fChange.value; state.page = 0; refresh(); });
  }
  fRule.appendChild(el('option', { value: '', text: 'any rule' }));
  var byFamily = {};
  meta.ruleRows.forEach(function (r) { (byFamily[r.family] = byFamily[r.family] || []).push(r); });
  meta.familyRows.forEach(function (f) {
    var g = el('optgroup', { label: f.family });
    g.appendChild(el('option', { value: 'family:' + f.family, text: 'all ' + f.family + ' rules (' + fmt(f.pairs) + ')' }));
    byFamily[f.family].forEach(function (r) { g.appendChild(el('option', { value: r.rule, text: r.rule + ' (' + fmt(r.pairs) + ')' })); });
    fRule.appendChild(g);
  });
  fStatus.addEventListener('change', function () { state.status = fStatus.value; state.page = 0; refresh(); });
  fRule.addEventListener('change', function () { state.rule = fRule.value; state.page = 0; refresh(); });
  fSize.addEventListener('change', function () { state.size = Number(fSize.value); state.page = 0; render(); });
  var typing = 0;
  fText.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.text = fText.value.trim().toLowerCase(); state.page = 0; refresh(); }, 150);
  });
  byId('f-reset').addEventListener('click', function () {
    fText.value = ''; state.text = ''; state.page = 0; setStatus('all', true); setRule('', true); setFolder('', true); setChange('', true); refresh();
  });
  function setFolder(f, quiet) { state.folder = f; fFolder.value = f; state.page = 0; if (!quiet) { refresh(); byId('pairs-title').scrollIntoView(); } }
  function setChange(c, quiet) { state.change = c; fChange.value = c; state.page = 0; if (!quiet) { if (c) { state.status = 'all'; fStatus.value = 'all'; } refresh(); byId('pairs-title').scrollIntoView(); } }
  function folderOf(id) { var i = id.indexOf('/'); return i > 0 ? id.slice(0, i) : '(top level)'; }
  function setStatus(st, quiet) { state.status = st; fStatus.value = st; state.page = 0; if (!quiet) { refresh(); byId('pairs-title').scrollIntoView(); } }
  function setRule(r, quiet) { state.rule = r; fRule.value = r; state.page = 0; if (!quiet) { refresh(); byId('pairs-title').scrollIntoView(); } }

  function ruleMatcher() {
    if (!state.rule) return null;
    var want = {};
    rules.forEach(function (r, i) {
      if (state.rule.slice(0, 7) === 'family:' ? r.family === state.rule.slice(7) : r.id === state.rule) want[i] = true;
    });
    return function (row) { for (var i = 0; i < row[2].length; i++) if (want[row[2][i]]) return true; return false; };
  }
  function refresh() {
    var st = state.status, stIndex = STATUS.indexOf(st), rm = ruleMatcher(), text = state.text;
    if (text && !hay) hay = rows.map(function (r) { return (r[0] + '\n' + r[4]).toLowerCase(); });
    view = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (st === 'failing' ? r[1] === 0 : st === 'suppressed' ? !isSuppressed(r) : stIndex >= 0 && r[1] !== stIndex) continue;
      if (rm && !rm(r)) continue;
      if (state.folder && folderOf(r[0]) !== state.folder) continue;
      if (state.change && r[7] !== state.change) continue;
      if (text && hay[i].indexOf(text) < 0) continue;
      view.push(i);
    }
    sortView();
    render();
  }
  var sortKeys = {
    id: function (r) { return r[0]; },
    status: function (r) { return r[1]; },
    rule: function (r) { return r[2].length ? rules[r[2][0]].id : ''; },
    count: function (r) { return r[3]; },
    message: function (r) { return r[4]; },
    change: function (r) { return isNewFailure(r) ? 0 : 1; },
  };
  function sortView() {
    var key = sortKeys[state.sort], dir = state.dir;
    view.sort(function (a, b) {
      var x = key(rows[a]), y = key(rows[b]);
      if (x < y) return -dir; if (x > y) return dir;
      return a - b; // rows arrive sorted by id: keeps ties stable
    });
    var ths = document.querySelectorAll('#pairs th[data-sort]');
    for (var i = 0; i < ths.length; i++) {
      var th = ths[i];
      if (th.getAttribute('data-sort') === state.sort) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending'); else th.removeAttribute('aria-sort');
    }
  }
  var ths = document.querySelectorAll('#pairs th[data-sort]');
  for (var t = 0; t < ths.length; t++) ths[t].querySelector('button').addEventListener('click', function (ev) {
    var k = ev.currentTarget.parentNode.getAttribute('data-sort');
    if (state.sort === k) state.dir = -state.dir; else { state.sort = k; state.dir = 1; }
    state.page = 0; sortView(); render();
  });

  // ---- table with pages: only one page of rows is in the DOM
  var tbody = document.querySelector('#pairs tbody');
  ['prev', 'prev-bottom'].forEach(function (id) { byId(id).addEventListener('click', function () { state.page--; render(); }); });
  ['next', 'next-bottom'].forEach(function (id) {
    byId(id).addEventListener('click', function () { state.page++; render(); if (id === 'next-bottom') byId('pairs-title').scrollIntoView(); });
  });
  function render() {
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    var from = state.page * state.size, to = Math.min(view.length, from + state.size);
    clear(tbody);
    var frag = document.createDocumentFragment();
    for (var i = from; i < to; i++) frag.appendChild(rowEl(view[i]));
    tbody.appendChild(frag);
    byId('match-count').textContent = fmt(view.length);
    byId('range').textContent = view.length ? 'showing ' + fmt(from + 1) + '–' + fmt(to) + ' of ' + fmt(view.length) + ' matching pairs (' + fmt(rows.length) + ' in all) · page ' + (state.page + 1) + ' of ' + pages : 'no pair matches the filters (' + fmt(rows.length) + ' in all)';
    byId('prev').disabled = byId('prev-bottom').disabled = state.page === 0;
    byId('next').disabled = byId('next-bottom').disabled = state.page >= pages - 1;
  }
  function rowEl(i) {
    var r = rows[i], st = STATUS[r[1]];
    var rule = r[2].length ? rules[r[2][0]].id : (r[1] === 2 ? 'input error' : r[1] === 3 ? 'unpaired' : '');
    var tr = el('tr', { tabindex: '0', 'data-id': r[0], 'data-status': st, title: r[5] >= 0 ? 'open the details' : '' }, [
      el('td', { class: 'id mono', text: r[0] }),
      el('td', null, [el('span', { class: 'st ' + st, text: st }), r[6] ? el('span', { class: 'sup', text: isSuppressed(r) ? 'suppressed' : r[6] + ' suppressed' }) : null, r[7] ? el('span', { class: 'chg ch-' + r[7], text: CHANGES[r[7]] }) : null]),
      el('td', { class: 'mono', text: rule }),
      el('td', { class: 'num', text: r[3] ? fmt(r[3]) : '' }),
      el('td', { class: 'msg', text: r[4], title: r[4] }),
    ]);
    tr.addEventListener('click', function () { openPair(i); });
    tr.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') openPair(i); });
    return tr;
  }

  // ---- detail view, from the lazily split detail lines
  var detail = byId('detail');
  var lastFocus = null;
  function detailOf(i) {
    var r = rows[i];
    if (r[5] < 0) return { id: r[0], status: STATUS[r[1]], mismatches: [] };
    if (!detailLines) detailLines = byId('abi-detail').textContent.split('\n');
    return JSON.parse(detailLines[r[5]]);
  }
  function codeBlock(side, file, ctx, hit) {
    var box = el('div', null, [el('div', { class: 'side' }, [el('b', { text: side }), file ? ' ' + file : ''])]);
    if (!ctx) { box.appendChild(el('div', { class: 'none', text: hit ? 'file not readable here' : 'no line for this side' })); return box; }
    var pre = el('pre', { class: 'code' });
    ctx.lines.forEach(function (text, k) {
      var no = ctx.from + k;
      pre.appendChild(el('span', { class: 'ln' + (no === hit ? ' hit' : '') }, [el('span', { class: 'no', text: String(no) }), text]));
    });
    box.appendChild(pre);
    return box;
  }
  // a rule's explanation and advice, from its documentation page, under its first mismatch
  function ruleHelpBlock(id) {
    var h = meta.ruleHelp[id];
    if (!h) return null;
    var compares = el('p');
    h.compares.split('`').forEach(function (part, k) { compares.appendChild(k % 2 ? el('code', { text: part }) : document.createTextNode(part)); });
    compares.appendChild(document.createTextNode(h.paths.length ? ', at ' : '.'));
    h.paths.forEach(function (p, k) { compares.appendChild(el('code', { text: p })); compares.appendChild(document.createTextNode(k < h.paths.length - 1 ? ', ' : '.')); });
    return el('details', { class: 'help' }, [
      el('summary', { text: 'About ' + id + ': what it compares, how to fix it' }),
      h.description ? el('p', { text: h.description }) : null,
      compares,
      el('p', null, [el('b', { text: 'How to fix: ' }), h.fix]),
      el('p', { class: 'muted' }, ['Documentation: ', el('span', { class: 'mono', text: h.docs })]),
    ]);
  }
  // the patch abi-diff fix computed for the pair, or why there is none
  function fixBlock(fix) {
    if (fix.status !== 'fixed') return el('div', { class: 'fix unfixable' }, [el('div', { class: 'mh' }, [el('div', { class: 'msg', text: 'abi-diff fix: no safe fix' }), el('div', { class: 'meta', text: fix.reason })])]);
    var pre = el('pre', { class: 'code diff' });
    fix.patch.replace(/\n$/, '').split('\n').forEach(function (line) {
      var c = line.charAt(0);
      pre.appendChild(el('span', { class: 'ln' + (line.slice(0, 3) === '---' || line.slice(0, 3) === '+++' ? ' fh' : c === '+' ? ' add' : c === '-' ? ' del' : c === '@' ? ' hunk' : ''), text: line }));
    });
    return el('div', { class: 'fix' }, [el('div', { class: 'mh' }, [el('div', { class: 'msg', text: 'Suggested fix (abi-diff fix): the destination with the source\'s guest ABI' }), el('div', { class: 'meta', text: 'a unified diff from dst; every host-side edit is kept' })]), pre]);
  }
  function openPair(i) {
    var d = detailOf(i);
    var body = byId('detail-body');
    clear(body);
    byId('detail-title').textContent = d.id;
    var badge = byId('detail-status');
    badge.className = 'st ' + d.status; badge.textContent = d.status;
    byId('detail-files').textContent = (d.change ? CHANGES[d.change] + ' since the previous report · ' : '') + (d.src || d.dst ? 'src ' + (d.src || '(none)') + ' · dst ' + (d.dst || '(none)') : '') + (d.checkedBy ? ' · checked by ' + d.checkedBy : '');
    if (d.fix) body.appendChild(fixBlock(d.fix));
    if (d.status === 'compatible') body.appendChild(el('p', { class: 'none', text: 'Compatible: libvirt would accept this destination.' }));
    if (d.error) {
      var eb = el('div', { class: 'mm first' }, [el('div', { class: 'mh' }, [
        el('div', { class: 'msg', text: d.error.message }),
        el('div', { class: 'meta', text: (d.status === 'unpaired' ? 'unpaired' : 'input error') + ' · ' + d.error.side + ' side' + (d.error.line ? ' · line ' + d.error.line : '') }),
      ])]);
      if (d.errorContext) eb.appendChild(el('div', { class: 'sbs', style: 'grid-template-columns:1fr' }, [codeBlock(d.error.side, d.error.side === 'src' ? d.src : d.dst, d.errorContext, d.error.line)]));
      body.appendChild(eb);
    }
    if (d.mismatches.length) body.appendChild(el('p', { class: 'muted', text: d.mismatches.length + ' mismatch' + (d.mismatches.length === 1 ? '' : 'es') + " in libvirt's evaluation order; libvirt reports the first." }));
    var explained = {};
    d.mismatches.forEach(function (m, k) {
      var ctx = (d.context && d.context[k]) || {};
      body.appendChild(el('div', { class: 'mm' + (k === 0 ? ' first' : '') + (m.suppressed ? ' suppressed' : '') }, [
        el('div', { class: 'mh' }, [
          el('div', { class: 'msg', text: (k + 1) + '. ' + m.message }),
          el('div', { class: 'meta mono', text: m.rule + ' · ' + m.path + (m.line ? ' · dst line ' + m.line : '') + (m.srcLine ? ' · src line ' + m.srcLine : '') }),
          m.suppressed ? el('div', { class: 'meta sup-note', text: 'suppressed: ' + suppressionText(m.suppressed) + ' (does not fail the run)' }) : null,
        ]),
        m.line || m.srcLine ? el('div', { class: 'sbs' }, [codeBlock('src', null, ctx.src, m.srcLine), codeBlock('dst', null, ctx.dst, m.line)]) : null,
        explained[m.rule] ? null : ruleHelpBlock(m.rule),
      ]));
      explained[m.rule] = true;
    });
    if (d.truncated) body.appendChild(el('p', { class: 'muted', text: d.truncated }));
    lastFocus = document.activeElement;
    detail.hidden = false;
    byId('detail-close').focus();
    if (location.hash !== '#pair=' + encodeURIComponent(d.id)) history.replaceState(null, '', '#pair=' + encodeURIComponent(d.id));
  }
  function closeDetail() {
    detail.hidden = true;
    history.replaceState(null, '', location.pathname + location.search);
    if (lastFocus && lastFocus.focus) lastFocus.focus();
  }
  byId('detail-close').addEventListener('click', closeDetail);
  detail.addEventListener('click', function (ev) { if (ev.target === detail) closeDetail(); });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && !detail.hidden) closeDetail(); });
  function openFromHash() {
    var m = /^#pair=(.*)$/.exec(location.hash);
    if (!m) return;
    var id = decodeURIComponent(m[1]);
    for (var i = 0; i < rows.length; i++) if (rows[i][0] === id) { openPair(i); return; }
  }

  refresh();
  openFromHash();
  window.addEventListener('hashchange', openFromHash);
  document.body.setAttribute('data-ready', 'true');
})();

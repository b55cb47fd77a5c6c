// The vanban form: builds the fields from the server's description of the
// templates, sends what is typed to the server, shows the PDF it makes, and
// downloads the files. Text from the user or the server is only ever set
// as text, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const delay = 600;
const blankName = 'van-ban-trong'; // the address of a blank document: /#van-ban-trong // ms after typing stops before the preview is refreshed

let templates = [];   // from /api/templates
let docFields = [];   // the document's keys, for every part of the page
let current = null;   // the chosen template, or null for a blank document
let controller = null; // the preview request in flight
let timer = 0;
let previewURL = '';
let touched = new Set(); // fields typed in since the form was built: only their problems show
let showAll = false;     // after a download or an opened file, every problem shows
let expanded = {};       // what the template makes of each document key
let unsaved = false;     // typed in since the last download or save

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

// A field of the form: its label, its control, its help and the place
// for its problem. id is "v-NAME" for a template field, "d-KEY" for a
// document key.
function field(id, f, value) {
  const help = f.help ? el('p', {class: 'help', id: id + '-help', text: f.help}) : null;
  const problem = el('p', {class: 'problem', id: id + '-problem'});
  const described = [help && help.id, problem.id].filter(Boolean).join(' ');
  const wrap = el('div', {class: 'field', 'data-id': id});
  const label = el('label', {for: id, text: f.label, class: f.required ? 'required' : ''});
  let control;
  const example = typeof f.example === 'string' ? f.example : '';
  switch (f.kind) {
    case 'lines':
      control = lines(id, value || [], f.label);
      label.removeAttribute('for');
      label.className += ' label';
      control.setAttribute('aria-describedby', described);
      break;
    case 'multiline':
    case 'body': {
      const big = f.kind === 'body' || !f.key;
      control = el('textarea', {id, name: id, rows: big ? 12 : 2, placeholder: example, 'aria-describedby': described});
      control.value = value || '';
      if (big) {
        const grid = el('div', {class: 'with-help'}, control, $('markup-help').content.cloneNode(true));
        wrap.append(...[label, grid, help, problem].filter(Boolean));
        return wrap;
      }
      break;
    }
    case 'bool': {
      control = el('input', {type: 'checkbox', id, name: id, 'aria-describedby': described});
      control.checked = value === true || value === 'true';
      label.className += ' inline';
      wrap.append(control, label, ...[help, problem].filter(Boolean));
      return wrap;
    }
    case 'choice':
      control = el('select', {id, name: id, 'aria-describedby': described});
      for (const c of f.choices) control.append(el('option', {value: c, text: c || '(không)'}));
      control.value = value || '';
      break;
    case 'date':
      if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        // A date picker would drop what it cannot read: show it as typed,
        // to be mended.
        control = el('input', {type: 'text', id, name: id, placeholder: '15/03/2026', 'aria-describedby': described});
      } else {
        control = el('input', {type: 'date', id, name: id, 'aria-describedby': described, min: '1945-01-01', max: '2999-12-31'});
      }
      control.value = value || '';
      break;
    default: {
      const numeric = f.kind === 'number' || f.kind === 'integer' || f.kind === 'decimal';
      control = el('input', {type: 'text', id, name: id, placeholder: example,
        inputmode: numeric ? (f.kind === 'decimal' ? 'decimal' : 'numeric') : null, 'aria-describedby': described});
      control.value = value || '';
    }
  }
  if (f.required) control.setAttribute('aria-required', 'true');
  wrap.append(...[label, control, help, problem].filter(Boolean));
  return wrap;
}

// A growing list: one input per line, a button to add one and one to
// remove each. Enter in a line adds the next.
function lines(id, values, label) {
  const box = el('div', {class: 'lines', id, role: 'group', 'aria-label': label});
  const list = el('div', {class: 'items'});
  const add = (v, after) => {
    const input = el('input', {type: 'text', 'aria-label': label});
    input.value = v || '';
    const remove = el('button', {type: 'button', class: 'small', title: 'Xóa dòng này', 'aria-label': 'Xóa dòng', text: '×'});
    const line = el('div', {class: 'line'}, input, remove);
    remove.addEventListener('click', () => {
      line.remove();
      if (!list.children.length) add('');
      changed();
    });
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') { ev.preventDefault(); add('', line).querySelector('input').focus(); }
    });
    if (after) after.after(line); else list.append(line);
    return line;
  };
  for (const v of values) add(v);
  if (!values.length) add('');
  const more = el('button', {type: 'button', class: 'small', text: '+ Thêm dòng'});
  more.addEventListener('click', () => { add('').querySelector('input').focus(); });
  box.append(list, more);
  return box;
}

function entryOf(id, kind) {
  const c = $(id);
  if (!c) return undefined;
  if (kind === 'lines') {
    const items = [...c.querySelectorAll('.items input')].map((i) => i.value.trim()).filter(Boolean);
    return items.length ? items : undefined;
  }
  if (kind === 'bool') return c.checked ? 'true' : undefined;
  const v = c.value;
  return v.trim() ? v : undefined;
}

// The form's state, as the server reads it: blank fields are left out.
function collect() {
  const st = {template: current ? current.name : '', values: {}, doc: {}};
  if (current) {
    for (const f of current.fields) {
      const v = entryOf('v-' + f.name, f.kind);
      if (v !== undefined) st.values[f.name] = v;
    }
  }
  for (const f of docFields) {
    if (f.repeat) continue;
    const v = entryOf('d-' + f.key, f.kind);
    if (v !== undefined) st.doc[f.key] = v;
  }
  // Appendices, numbered in the order they stand on the page.
  document.querySelectorAll('#appendices .appendix').forEach((box, k) => {
    for (const f of repeatFields()) {
      const v = entryOf('d-' + repeatKey(f, box.dataset.index), f.kind);
      if (v !== undefined) st.doc[repeatKey(f, k)] = v;
    }
  });
  return st;
}

// The fields that repeat, once per appendix: "appendix.title" and so on.
function repeatFields() { return docFields.filter((f) => f.repeat); }

// repeatKey is the key of field f in the appendix numbered i:
// "appendix.title" in appendix 2 is "appendix.2.title".
function repeatKey(f, i) {
  const dot = f.key.lastIndexOf('.');
  return f.key.slice(0, dot) + '.' + i + f.key.slice(dot);
}

let appendixCount = 0; // ids of appendix boxes, never reused while the form stands

// addAppendix adds the fields of one appendix, filled from doc (the state's
// keys of appendix i) when given.
function addAppendix(doc, i) {
  const list = $('appendices');
  const index = appendixCount++;
  const box = el('div', {class: 'appendix', 'data-index': String(index)});
  const title = el('h3', {text: 'Phụ lục'});
  const remove = el('button', {type: 'button', class: 'small', text: 'Xóa phụ lục này'});
  remove.addEventListener('click', () => { box.remove(); numberAppendices(); changed({target: list}); });
  box.append(el('div', {class: 'head'}, title, remove));
  for (const f of repeatFields()) {
    const v = doc ? doc[repeatKey(f, i)] : undefined;
    box.append(field('d-' + repeatKey(f, index), f, v));
  }
  list.append(box);
  numberAppendices();
  return box;
}

// numberAppendices titles the appendices as the document numbers them.
function numberAppendices() {
  const boxes = document.querySelectorAll('#appendices .appendix');
  boxes.forEach((b, k) => {
    b.querySelector('h3').textContent = boxes.length > 1 ? 'Phụ lục ' + roman(k + 1) : 'Phụ lục';
  });
}

function roman(n) {
  const r = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];
  return 'X'.repeat(Math.floor(n / 10)) + r[n % 10];
}

// build lays the form out for a template (or a blank document, for null),
// with the values of st if given, else the fields' defaults. quiet keeps
// the problems of fields not typed in hidden, as for a new form.
function build(tpl, st, quiet) {
  current = tpl;
  expanded = {};
  $('template').value = tpl ? tpl.name : '';
  const fields = $('fields');
  const docs = $('doc-fields');
  fields.replaceChildren();
  docs.replaceChildren();
  clearProblems();
  touched = new Set();
  showAll = !!st && !quiet;
  $('description').textContent = tpl ? tpl.description : 'Văn bản trống: điền từng phần của văn bản. Các ô có dấu * là bắt buộc.';
  if (tpl) {
    for (const f of tpl.fields) {
      const v = st && f.name in st.values ? st.values[f.name] : f.default;
      fields.append(field('v-' + f.name, f, v));
    }
  }
  // The document's own keys, grouped as on the page.
  let group = null;
  let box = null;
  for (const f of docFields) {
    if (f.repeat) continue;
    if (f.group !== group) {
      group = f.group;
      box = el('fieldset', {}, el('legend', {text: group}));
      docs.append(box);
    }
    const g = Object.assign({}, f, {required: tpl ? false : f.required});
    const wrap = field('d-' + f.key, g, st ? st.doc[f.key] : undefined);
    if (tpl) {
      const copy = el('button', {type: 'button', class: 'small copy', 'data-key': f.key, hidden: true,
        title: 'Chép phần này của mẫu vào ô để sửa', text: 'Sửa từ nội dung mẫu'});
      copy.addEventListener('click', () => {
        setValue('d-' + f.key, f.kind, expanded[f.key]);
        touched.add('d-' + f.key);
        changed();
      });
      const label = wrap.querySelector('label, .label');
      const head = el('div', {class: 'head'});
      label.replaceWith(head);
      head.append(label, copy);
    }
    box.append(wrap);
  }
  // Appendices: as many as the document has, each on pages of its own.
  const rf = repeatFields();
  if (rf.length) {
    const list = el('div', {id: 'appendices'});
    const more = el('button', {type: 'button', class: 'small', text: '+ Thêm phụ lục'});
    docs.append(el('fieldset', {}, el('legend', {text: rf[0].group}), list, more));
    more.addEventListener('click', () => { addAppendix().querySelector('input, textarea').focus(); });
    appendixCount = 0;
    const doc = st ? st.doc : {};
    const indices = new Set(Object.keys(doc).map((k) => /^appendix\.(\d+)\./.exec(k)).filter(Boolean).map((m) => Number(m[1])));
    for (const i of [...indices].sort((a, b) => a - b)) addAppendix(doc, i);
  }
  const section = $('doc-section');
  section.classList.toggle('plain', !tpl);
  section.open = !tpl || (st && Object.keys(st.doc).length > 0);
  $('doc-note').hidden = !tpl;
  $('batch-section').hidden = !tpl;
  if (tpl) $('batch-columns').textContent = tpl.fields.map((f) => f.name + ' (' + f.label + ')').join(', ');
  history.replaceState(null, '', '#' + (tpl ? tpl.name : blankName));
}

function setValue(id, kind, value) {
  const c = $(id);
  if (!c) return;
  if (kind === 'bool') { c.checked = value === true || value === 'true'; return; }
  if (kind === 'lines') {
    c.replaceWith(lines(id, Array.isArray(value) ? value : String(value).split('\n'), c.getAttribute('aria-label')));
    return;
  }
  c.value = value;
}

// Fill every empty field with its example, for a first look at a template.
function fillExamples() {
  if (current) {
    for (const f of current.fields) {
      if (entryOf('v-' + f.name, f.kind) === undefined) setValue('v-' + f.name, f.kind, f.example);
    }
  } else {
    for (const f of docFields) {
      if (f.example && entryOf('d-' + f.key, f.kind) === undefined) setValue('d-' + f.key, f.kind, f.example);
    }
  }
  changed();
}

function clearProblems() {
  for (const p of document.querySelectorAll('.problem')) p.textContent = '';
  for (const c of document.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  $('problems').hidden = true;
  $('problems').replaceChildren();
}

// Show each problem beside its field, or at the top when it names none.
// Problems of fields not typed in yet wait until the user asks for a file,
// so that a new form is not red all over. It returns how many are shown.
function showProblems(problems, where) {
  clearProblems();
  const general = [];
  let shown = 0;
  for (const p of problems) {
    let id = null;
    if (p.field && $('v-' + p.field)) id = 'v-' + p.field;
    else if (p.key && /^appendix\.\d+\./.test(p.key)) {
      // An appendix's key, numbered as collect numbered it.
      const m = /^appendix\.(\d+)\.(\w+)/.exec(p.key);
      const box = document.querySelectorAll('#appendices .appendix')[Number(m[1])];
      if (box) id = 'd-appendix.' + box.dataset.index + '.' + m[2];
    } else if (p.key) {
      // The longest document key that the problem's key starts with:
      // "bases.2" is the bases list.
      const f = docFields.filter((d) => p.key === d.key || p.key.startsWith(d.key + '.'))
        .sort((a, b) => b.key.length - a.key.length)[0];
      if (f) id = 'd-' + f.key;
    }
    const problem = id && $(id + '-problem');
    if (problem && !showAll && !touched.has(id)) continue;
    shown++;
    if (problem) {
      problem.textContent = problem.textContent ? problem.textContent + ' ' + p.message : p.message;
      $(id).setAttribute('aria-invalid', 'true');
      if (id.startsWith('d-')) $('doc-section').open = true;
    } else {
      let at = where || '';
      if (p.line) at += (at ? ', ' : '') + 'dòng ' + p.line + ', cột ' + p.col;
      general.push((at ? at + ': ' : '') + p.message);
    }
  }
  if (general.length) {
    $('problems').replaceChildren(...general.map((m) => el('p', {text: m})));
    $('problems').hidden = false;
  }
  return shown;
}

// notice shows a message under the bar, where it is seen whatever the
// width of the window: lines of text, perhaps a list, and buttons, each
// [label, action]. notice(null) hides it.
function notice(msg) {
  const box = $('notice');
  if (!msg) { box.hidden = true; box.replaceChildren(); return; }
  box.className = 'notice' + (msg.bad ? ' bad' : '');
  const parts = (msg.lines || []).map((t) => el('p', {text: t}));
  if (msg.items && msg.items.length) parts.push(el('ul', {}, ...msg.items.map((t) => el('li', {text: t}))));
  if (msg.buttons) {
    const row = el('div', {class: 'buttons'});
    for (const [label, action, primary] of msg.buttons) {
      const b = el('button', {type: 'button', class: primary ? 'primary' : null, text: label});
      b.addEventListener('click', () => { notice(null); action(); });
      row.append(b);
    }
    parts.push(row);
  }
  box.replaceChildren(...parts);
  box.hidden = false;
}

// showTab shows the form or the preview, in a window too narrow for both.
function showTab(name) {
  document.body.dataset.tab = name;
  $('tab-form').setAttribute('aria-selected', String(name === 'form'));
  $('tab-preview').setAttribute('aria-selected', String(name === 'preview'));
}

// where says where a problem of an opened file is, for people: the line,
// and the box it concerns when the form has one.
function where(p) {
  const f = p.key && docFields.find((d) => d.key === p.key);
  const t = p.field && current && current.fields.find((d) => d.name === p.field);
  const label = f ? f.label : t ? t.label : '';
  return (p.line ? 'Dòng ' + p.line + (label ? ' (' + label + ')' : '') + ': ' : label ? label + ': ' : '') + p.message;
}

function status(text, bad) {
  $('status').textContent = text;
  $('status').classList.toggle('bad', !!bad);
}

async function problemsOf(res) {
  try {
    const body = await res.json();
    if (body && Array.isArray(body.problems)) return body.problems;
  } catch (e) { /* not JSON */ }
  return [{message: 'Máy chủ trả lời ' + res.status + ' ' + res.statusText}];
}

function changed(ev) {
  if (ev) unsaved = true;
  const f = ev && ev.target && ev.target.closest && ev.target.closest('.field');
  if (f) touched.add(f.dataset.id);
  clearTimeout(timer);
  timer = setTimeout(refresh, delay);
  status('Đang chờ gõ xong…');
}

// refresh asks for the PDF of what is typed and shows it.
async function refresh() {
  if (controller) controller.abort();
  controller = new AbortController();
  const mine = controller;
  status('Đang tạo bản xem trước…');
  try {
    const res = await fetch('/api/render?format=pdf', {method: 'POST', body: JSON.stringify(collect()),
      headers: {'Content-Type': 'application/json'}, signal: mine.signal});
    if (!res.ok) {
      const problems = await problemsOf(res);
      if (mine !== controller) return;
      const shown = showProblems(problems);
      const waiting = problems.length - shown;
      let text = shown ? 'Văn bản chưa hoàn chỉnh: ' + shown + ' chỗ cần sửa (đánh dấu đỏ). ' : '';
      if (waiting) text += 'Còn ' + waiting + ' ô bắt buộc (*) chưa điền; bấm “Điền ví dụ” để xem thử với ví dụ. ';
      if (previewURL) text += 'Bản xem trước là lần đúng gần nhất.';
      status(text, shown > 0);
      return;
    }
    const blob = await res.blob();
    if (mine !== controller) return;
    clearProblems();
    const old = previewURL;
    previewURL = URL.createObjectURL(blob);
    $('pdf').src = previewURL + '#toolbar=1&view=FitH';
    if (old) setTimeout(() => URL.revokeObjectURL(old), 5000);
    document.body.dataset.preview = String(Number(document.body.dataset.preview || 0) + 1);
    status('Bản xem trước đã cập nhật lúc ' + new Date().toLocaleTimeString('vi-VN') + '. Đây đúng là tệp PDF sẽ tải về.');
    showTemplate();
  } catch (e) {
    if (e.name === 'AbortError') return;
    status('Không kết nối được máy chủ: ' + e.message, true);
  }
}

// showTemplate shows, in each empty box of the document's parts, what the
// template puts there, and offers to copy it into the box to edit it.
async function showTemplate() {
  if (!current) return;
  try {
    const res = await fetch('/api/expand', {method: 'POST', body: JSON.stringify(collect()),
      headers: {'Content-Type': 'application/json'}});
    if (!res.ok) return;
    expanded = (await res.json()).doc;
  } catch (e) {
    return;
  }
  for (const f of docFields) {
    const v = expanded[f.key];
    const c = $('d-' + f.key);
    const copy = document.querySelector('.copy[data-key="' + f.key + '"]');
    if (copy) copy.hidden = v === undefined;
    if (!c) continue;
    const text = v === undefined ? '' : Array.isArray(v) ? v.join('; ') : v;
    if (f.kind === 'lines') {
      const first = c.querySelector('input');
      if (first) first.placeholder = text;
    } else if (f.kind !== 'choice' && f.kind !== 'date') {
      c.placeholder = text || f.example || '';
    }
  }
}

function fileName(res, fallback) {
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename="?([^";]+)"?/.exec(cd);
  return m ? m[1] : fallback;
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', {href: url, download: name});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function download(format, button) {
  button.disabled = true;
  try {
    const res = await fetch('/api/render?format=' + format + '&download=1', {method: 'POST',
      body: JSON.stringify(collect()), headers: {'Content-Type': 'application/json'}});
    if (!res.ok) {
      showAll = true;
      showProblems(await problemsOf(res));
      showTab('form');
      status('Chưa tải được: hãy sửa các chỗ đánh dấu đỏ.', true);
      const first = document.querySelector('[aria-invalid=true]');
      if (first) (first.querySelector('input') || first).focus();
      return;
    }
    save(await res.blob(), fileName(res, 'van-ban.' + format));
    unsaved = false;
    status('Đã tải ' + format.toUpperCase() + '.');
  } catch (e) {
    status('Không kết nối được máy chủ: ' + e.message, true);
  } finally {
    button.disabled = false;
  }
}

// open reads a saved TOML into the form. A file that cannot be opened
// says why at the top of the page; parts of a file the form cannot show
// are listed there, and the rest opens.
async function open(file) {
  try {
    const res = await fetch('/api/open?name=' + encodeURIComponent(file.name), {method: 'POST', body: file});
    if (!res.ok) {
      const problems = await problemsOf(res);
      notice({bad: true, lines: ['Không mở được tệp “' + file.name + '”:'], items: problems.map(where),
        buttons: [['Đóng', () => {}]]});
      status('Không mở được tệp ' + file.name + '.', true);
      return;
    }
    const st = await res.json();
    build(templates.find((t) => t.name === st.template) || null, st);
    showTab('form');
    if (st.problems && st.problems.length) {
      notice({lines: ['Đã mở tệp “' + file.name + '”, nhưng có phần biểu mẫu không dùng được và đã bỏ qua:'],
        items: st.problems.map(where), buttons: [['Đã hiểu', () => {}]]});
    }
    status('Đã mở tệp ' + file.name + '.');
    refresh();
  } catch (e) {
    status('Không kết nối được máy chủ: ' + e.message, true);
  }
}

// A CSV with the template's columns and one row of its examples.
function sampleCSV() {
  const cell = (v) => {
    const s = Array.isArray(v) ? v.join('\n') : String(v == null ? '' : v);
    return /[",\n;]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  const rows = [current.fields.map((f) => f.name), current.fields.map((f) => cell(f.example))];
  return '\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

async function startBatch() {
  const file = $('batch-file').files[0];
  const msgs = $('batch-messages');
  msgs.replaceChildren();
  if (!file) { msgs.append(el('li', {text: 'Hãy chọn tệp dữ liệu.'})); return; }
  const formats = ['pdf', 'docx'].filter((f) => $('batch-' + f).checked);
  if (!formats.length) { msgs.append(el('li', {text: 'Hãy chọn ít nhất một định dạng.'})); return; }
  const body = new FormData();
  body.append('state', JSON.stringify(collect()));
  body.append('encoding', $('batch-encoding').value);
  body.append('formats', formats.join(','));
  body.append('data', file);
  const button = $('batch-start');
  button.disabled = true;
  try {
    const res = await fetch('/api/batch', {method: 'POST', body});
    if (!res.ok) {
      for (const p of await problemsOf(res)) msgs.append(el('li', {text: p.message}));
      button.disabled = false;
      return;
    }
    const job = await res.json();
    for (const w of job.warnings) msgs.append(el('li', {class: 'warn', text: w}));
    $('batch-progress').hidden = false;
    $('batch-bar').max = job.rows;
    $('batch-bar').value = 0;
    $('batch-text').textContent = 'Đang tạo ' + job.rows + ' văn bản…';
    const a = el('a', {href: '/api/batch/' + job.id + '/zip', download: job.zip});
    document.body.append(a);
    a.click();
    a.remove();
    poll(job.id, button);
  } catch (e) {
    msgs.append(el('li', {text: 'Không kết nối được máy chủ: ' + e.message}));
    button.disabled = false;
  }
}

async function poll(id, button) {
  try {
    const res = await fetch('/api/batch/' + id);
    if (!res.ok) throw new Error((await problemsOf(res))[0].message);
    const s = await res.json();
    $('batch-bar').value = s.done;
    const failed = s.failed ? ', ' + s.failed + ' dòng lỗi' : '';
    if (s.state === 'ready' || s.state === 'running') {
      $('batch-text').textContent = 'Đã tạo ' + s.done + '/' + s.total + ' văn bản' + failed + '…';
      setTimeout(() => poll(id, button), 500);
      return;
    }
    button.disabled = false;
    if (s.state === 'cancelled') {
      $('batch-text').textContent = 'Đã dừng sau ' + s.done + '/' + s.total + ' văn bản (tải tệp bị hủy).';
      return;
    }
    if (s.state === 'expired') {
      $('batch-text').textContent = 'Tệp zip không được tải về trong một phút nên máy chủ đã bỏ; hãy bấm tạo lại.';
      return;
    }
    $('batch-text').textContent = 'Xong: ' + (s.total - s.failed) + ' văn bản' + failed +
      '. Tệp zip có manifest.csv ghi kết quả từng dòng.';
    for (const m of s.errors) $('batch-messages').append(el('li', {text: m}));
  } catch (e) {
    $('batch-text').textContent = 'Không theo dõi được tiến độ: ' + e.message;
    button.disabled = false;
  }
}

// switchTemplate lays the form out for another template. What was typed
// goes over where a field has the same name and kind (the unit, the
// number, the date, the signer). The document's parts typed in the form
// would replace what the new template makes, so that the preview would
// not be the template chosen: they are put aside, and the user is asked
// whether to keep them. Going to a blank document keeps them: there they
// are the document.
function switchTemplate(name) {
  const old = current;
  const st = collect();
  const tpl = templates.find((t) => t.name === name) || null;
  if (tpl === old) return; // chosen again: nothing changes
  const values = {};
  if (old && tpl) {
    for (const f of tpl.fields) {
      const was = old.fields.find((o) => o.name === f.name && o.kind === f.kind);
      if (was && st.values[f.name] !== undefined) values[f.name] = st.values[f.name];
    }
  }
  const held = tpl ? st.doc : {};
  build(tpl, {values, doc: tpl ? {} : st.doc}, true);
  notice(null);
  const keys = Object.keys(held);
  if (keys.length) {
    const labels = docFields.filter((f) => keys.includes(f.key)).map((f) => f.label);
    notice({lines: ['Bạn đã điền ' + keys.length + ' phần của văn bản trước khi chọn mẫu “' + tpl.title + '”: ' + labels.join(', ') + '.',
      'Nếu giữ, các phần này sẽ thay phần tương ứng mà mẫu tạo ra. Bản xem trước đang theo mẫu, chưa dùng các phần này.'],
    buttons: [['Giữ các phần đã điền', () => {
      build(current, {values: collect().values, doc: held}, true);
      refresh();
    }], ['Bỏ, dùng nội dung của mẫu', () => {}, true]]});
  }
  refresh();
}

async function start() {
  try {
    const res = await fetch('/api/templates');
    if (!res.ok) throw new Error((await problemsOf(res))[0].message);
    const info = await res.json();
    templates = info.templates;
    docFields = info.document;
  } catch (e) {
    status('Không tải được danh sách mẫu: ' + e.message, true);
    return;
  }
  const select = $('template');
  for (const t of templates) select.append(el('option', {value: t.name, text: t.title}));
  const wanted = decodeURIComponent(location.hash.slice(1));
  build(wanted === blankName ? null :
    templates.find((t) => t.name === wanted) || templates.find((t) => t.name === 'phat-dong-thi-dua') || null);
  select.addEventListener('change', () => switchTemplate(select.value));
  $('tab-form').addEventListener('click', () => showTab('form'));
  $('tab-preview').addEventListener('click', () => showTab('preview'));
  $('form').addEventListener('input', changed);
  $('form').addEventListener('change', changed);
  $('form').addEventListener('submit', (ev) => ev.preventDefault());
  $('examples').addEventListener('click', fillExamples);
  $('download-pdf').addEventListener('click', (ev) => download('pdf', ev.currentTarget));
  $('download-docx').addEventListener('click', (ev) => download('docx', ev.currentTarget));
  $('save-toml').addEventListener('click', (ev) => download('toml', ev.currentTarget));
  $('open').addEventListener('change', (ev) => {
    const f = ev.target.files[0];
    if (f) open(f);
    ev.target.value = '';
  });
  $('batch-start').addEventListener('click', startBatch);
  // Leaving the page would lose what was typed: the browser asks first.
  window.addEventListener('beforeunload', (ev) => { if (unsaved) ev.preventDefault(); });
  // Ctrl+S saves the form, as in an editor.
  document.addEventListener('keydown', (ev) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 's') {
      ev.preventDefault();
      download('toml', $('save-toml'));
    }
  });
  $('batch-sample').addEventListener('click', (ev) => {
    ev.preventDefault();
    save(new Blob([sampleCSV()], {type: 'text/csv'}), current.name + '.csv');
  });
  refresh();
}

start();

// The outgoing register in the browser, when the server keeps one. On the
// form (index.html) it adds "Ban hành": the finished document gets the next
// number of its series, shown first and given only as shown, using
// collect() from app.js for the form's state. On the page Sổ văn bản đi
// (register.html) it lists a year's rows, searches the summaries, downloads
// an issued document again, cancels a number with a reason, and prints the
// register. Text from the user or the server is only ever set as text,
// never as HTML.
'use strict';

(function () {
  const byId = (id) => document.getElementById(id);

  function make(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    e.append(...children);
    return e;
  }

  async function messages(res) {
    try {
      const body = await res.json();
      if (body && Array.isArray(body.problems)) return body.problems.map((p) => p.message);
    } catch (e) { /* not JSON */ }
    return ['Máy chủ trả lời ' + res.status];
  }

  // The form: "Ban hành".

  let next = null; // what /api/issue/next said

  function dialog() {
    const d = make('dialog', {id: 'issue-dialog', class: 'issue', 'aria-labelledby': 'issue-title'},
      make('h2', {id: 'issue-title', text: 'Ban hành văn bản'}),
      make('p', {id: 'issue-what'}),
      make('div', {class: 'field'},
        make('label', {for: 'issue-series', text: 'Sổ (dãy số)'}),
        make('input', {type: 'text', id: 'issue-series'})),
      make('p', {class: 'issue-number'}, make('span', {text: 'Số sẽ cấp: '}), make('strong', {id: 'issue-number'})),
      make('p', {id: 'issue-date', class: 'note'}),
      make('p', {id: 'issue-problem', class: 'problem', role: 'alert'}),
      make('div', {id: 'issue-done', hidden: ''}),
      make('div', {class: 'actions'},
        make('button', {type: 'button', id: 'issue-cancel', text: 'Đóng'}),
        make('button', {type: 'button', id: 'issue-confirm', class: 'primary', text: 'Cấp số và ban hành'})));
    document.body.append(d);
    byId('issue-cancel').addEventListener('click', () => d.close());
    byId('issue-confirm').addEventListener('click', confirm);
    byId('issue-series').addEventListener('change', ask);
    return d;
  }

  function query() {
    const s = byId('issue-series').value.trim();
    return s ? '&series=' + encodeURIComponent(s) : '';
  }

  // ask shows the number the document would get now.
  async function ask() {
    byId('issue-problem').textContent = '';
    byId('issue-confirm').disabled = true;
    byId('issue-number').textContent = '…';
    const res = await fetch('/api/issue/next?' + query().slice(1), {method: 'POST',
      body: JSON.stringify(collect()), headers: {'Content-Type': 'application/json'}});
    if (!res.ok) {
      byId('issue-number').textContent = '—';
      byId('issue-problem').textContent = (await messages(res)).join(' ');
      return;
    }
    next = await res.json();
    byId('issue-what').textContent = next.title + ' — ' + next.agency;
    byId('issue-number').textContent = next.numberCode;
    byId('issue-date').textContent = 'Ngày ' + next.date + ', sổ “' + next.series + '”. Số đã cấp không dùng lại; cấp nhầm thì thu hồi ở trang Sổ văn bản đi.';
    byId('issue-confirm').disabled = false;
  }

  // confirm gives the number shown, then offers the issued files.
  async function confirm() {
    byId('issue-confirm').disabled = true;
    const res = await fetch('/api/issue?expect=' + next.number + query(), {method: 'POST',
      body: JSON.stringify(collect()), headers: {'Content-Type': 'application/json'}});
    if (res.status === 409) {
      byId('issue-problem').textContent = (await messages(res)).join(' ');
      await ask();
      return;
    }
    if (!res.ok) {
      byId('issue-problem').textContent = (await messages(res)).join(' ');
      byId('issue-confirm').disabled = false;
      return;
    }
    const row = await res.json();
    const done = byId('issue-done');
    done.replaceChildren(
      make('p', {class: 'issued', text: 'Đã ban hành: Số ' + row.number + ', ngày ' + row.columns[1] + '.'}),
      make('p', {}, make('a', {href: '/api/register/file?' + row.query + '&format=pdf&download=1', class: 'button primary', text: 'Tải PDF đã ban hành'}),
        ' ', make('a', {href: '/api/register/file?' + row.query + '&format=docx&download=1', class: 'button', text: 'Tải DOCX'}),
        ' ', make('a', {href: '/so-van-ban-di', class: 'button', text: 'Xem sổ văn bản đi'})));
    done.hidden = false;
    byId('issue-confirm').hidden = true;
  }

  async function startForm() {
    const res = await fetch('/api/register/info');
    if (!res.ok) return;
    const info = await res.json();
    if (!info.enabled) return; // no register: no button
    const actions = document.querySelector('.bar .actions');
    if (!actions) return;
    document.head.append(make('link', {rel: 'stylesheet', href: '/static/register.css'}));
    const d = dialog();
    const button = make('button', {type: 'button', id: 'issue', text: 'Ban hành'});
    button.title = 'Cấp số từ sổ đăng ký văn bản đi và tải văn bản đã ban hành';
    button.addEventListener('click', () => {
      byId('issue-series').value = byId('issue-series').value || info.series;
      byId('issue-done').hidden = true;
      byId('issue-confirm').hidden = false;
      d.showModal();
      ask();
    });
    actions.append(button, make('a', {href: '/so-van-ban-di', class: 'button', text: 'Sổ văn bản đi'}));
  }


  // The page Sổ văn bản đi.

  // shown is the columns the page shows: all but ngày chuyển and ký nhận,
  // which are signed on paper.
  const shown = [0, 1, 2, 3, 4, 5, 6, 9];

  async function load() {
    const year = byId('year').value.trim();
    const q = byId('q').value.trim();
    const params = new URLSearchParams();
    if (year) params.set('year', year);
    if (q) params.set('q', q);
    byId('print').href = '/api/register/print?' + (year ? 'year=' + encodeURIComponent(year) : '');
    byId('status').textContent = 'Đang tải…';
    const res = await fetch('/api/register?' + params.toString());
    if (!res.ok) {
      byId('status').textContent = (await messages(res)).join(' ');
      return;
    }
    const body = await res.json();
    byId('year').value = body.year;
    byId('print').href = '/api/register/print?year=' + body.year;
    const rows = body.rows.map(row);
    byId('rows').replaceChildren(...rows);
    byId('status').textContent = body.rows.length
      ? 'Năm ' + body.year + ': ' + body.rows.length + ' văn bản' + (q ? ' có “' + q + '” trong trích yếu' : '') + '.'
      : 'Năm ' + body.year + ' chưa có văn bản nào' + (q ? ' có “' + q + '” trong trích yếu' : '') + '.';
  }

  function row(r) {
    const tr = make('tr', r.cancelled ? {class: 'cancelled'} : {});
    for (const i of shown) tr.append(make('td', {text: r.columns[i]}));
    const tools = make('td', {class: 'tools'},
      make('a', {href: '/api/register/file?' + r.query + '&format=pdf&download=1', class: 'button small', text: 'PDF'}), ' ',
      make('a', {href: '/api/register/file?' + r.query + '&format=docx&download=1', class: 'button small', text: 'DOCX'}));
    if (!r.cancelled) {
      const b = make('button', {type: 'button', class: 'small', text: 'Thu hồi'});
      b.addEventListener('click', () => cancel(r));
      tools.append(' ', b);
    }
    tr.append(tools);
    return tr;
  }

  async function cancel(r) {
    const reason = window.prompt('Thu hồi số ' + r.number + '. Lý do:');
    if (reason === null) return;
    if (!reason.trim()) {
      byId('status').textContent = 'Cần ghi lý do thu hồi.';
      return;
    }
    const body = new URLSearchParams(r.query);
    body.set('reason', reason);
    const res = await fetch('/api/register/cancel', {method: 'POST', body});
    if (!res.ok) {
      byId('status').textContent = (await messages(res)).join(' ');
      return;
    }
    await load();
    byId('status').textContent = 'Đã thu hồi số ' + r.number + '.';
  }

  function startPage() {
    byId('filters').addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
    load();
  }

  function start() {
    if (byId('rows')) startPage(); else startForm();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();

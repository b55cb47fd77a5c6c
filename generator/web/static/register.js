// The outgoing register's page: lists a year's rows, searches the
// summaries, downloads an issued document again, cancels a number with a
// reason, and prints the register. Text is only ever set as text.
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

  async function message(res) {
    try {
      const body = await res.json();
      if (body && Array.isArray(body.problems)) return body.problems.map((p) => p.message).join(' ');
    } catch (e) { /* not JSON */ }
    return 'Máy chủ trả lời ' + res.status;
  }

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
      byId('status').textContent = await message(res);
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
      byId('status').textContent = await message(res);
      return;
    }
    await load();
    byId('status').textContent = 'Đã thu hồi số ' + r.number + '.';
  }

  function start() {
    byId('filters').addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
    load();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();

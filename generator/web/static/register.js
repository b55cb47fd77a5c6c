// The outgoing register in the browser, when the server keeps one. On the
// form (index.html) it adds "Ban hành": the finished document gets the next
// number of its series, shown first and given only as shown, using
// collect(), save() and fileName() from app.js; when the server holds the
// agency's key, the document can be signed digitally as it is issued. On the page Sổ văn bản đi
// (register.html) it lists a year's rows, searches the summaries, downloads
// an issued document again (the signed PDF the register keeps, for one
// issued with a digital signature), cancels a number with a reason, and prints the
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

  // The form: "Ban hành", and, when the server holds the agency's key,
  // "Ký số": the signer's key file, its password and the image of the
  // signature go with the confirmation, for that request only.

  let next = null; // what /api/issue/next said
  let signing = null; // what /api/register/info said of signing

  function field(id, label, input, help) {
    return make('div', {class: 'field'},
      make('label', {for: id, text: label}), input,
      help ? make('p', {class: 'help', text: help}) : '',
      make('p', {id: id + '-problem', class: 'problem', role: 'alert'}));
  }

  function signFields() {
    const limitKB = Math.round(signing.maxP12 / 1024);
    const limitMB = Math.round(signing.maxImage / (1024 * 1024));
    return make('fieldset', {id: 'issue-sign', class: 'sign'},
      make('legend', {}, make('label', {class: 'check'},
        make('input', {type: 'checkbox', id: 'sign-on'}), ' Ký số văn bản khi ban hành')),
      make('div', {id: 'sign-fields', hidden: ''},
        make('p', {class: 'note', text: 'Người có thẩm quyền ký trước bằng chứng thư số của mình, sau đó máy chủ ký số của cơ quan (' +
          signing.agency + ', chứng thư số có hiệu lực đến ' + signing.until + ') và đóng dấu. ' +
          'Tệp chứng thư số và mật khẩu chỉ dùng cho lần ký này; máy chủ không lưu lại.'}),
        field('sign-p12', 'Tệp chứng thư số của người ký (.p12, .pfx)',
          make('input', {type: 'file', id: 'sign-p12', accept: '.p12,.pfx,application/x-pkcs12'}), 'Tối đa ' + limitKB + ' KB.'),
        field('sign-password', 'Mật khẩu của tệp chứng thư số',
          make('input', {type: 'password', id: 'sign-password', autocomplete: 'off'})),
        field('sign-image', 'Ảnh chữ ký của người ký',
          make('input', {type: 'file', id: 'sign-image', accept: 'image/png,.png'}),
          'Tệp PNG nền trong suốt, chữ ký màu xanh; tối đa ' + limitMB + ' MB.')));
  }

  function dialog() {
    const d = make('dialog', {id: 'issue-dialog', class: 'issue', 'aria-labelledby': 'issue-title'},
      make('h2', {id: 'issue-title', text: 'Ban hành văn bản'}),
      make('p', {id: 'issue-what'}),
      make('div', {class: 'field'},
        make('label', {for: 'issue-series', text: 'Sổ (dãy số)'}),
        make('input', {type: 'text', id: 'issue-series'})),
      make('p', {class: 'issue-number'}, make('span', {text: 'Số sẽ cấp: '}), make('strong', {id: 'issue-number'})),
      make('p', {id: 'issue-date', class: 'note'}),
      signing ? signFields() : '',
      make('p', {id: 'issue-problem', class: 'problem', role: 'alert'}),
      make('div', {id: 'issue-done', hidden: ''}),
      make('div', {class: 'actions'},
        make('button', {type: 'button', id: 'issue-cancel', text: 'Đóng'}),
        make('button', {type: 'button', id: 'issue-confirm', class: 'primary', text: 'Cấp số và ban hành'})));
    document.body.append(d);
    byId('issue-cancel').addEventListener('click', () => d.close());
    byId('issue-confirm').addEventListener('click', confirm);
    byId('issue-series').addEventListener('change', ask);
    d.addEventListener('close', forget);
    if (signing) {
      byId('sign-on').addEventListener('change', () => {
        byId('sign-fields').hidden = !byId('sign-on').checked;
        label();
      });
    }
    return d;
  }

  // label names the confirmation after what it will do.
  function label() {
    byId('issue-confirm').textContent = signed() ? 'Cấp số, ký số và ban hành' : 'Cấp số và ban hành';
  }

  function signed() {
    return Boolean(signing) && byId('sign-on').checked;
  }

  // forget clears the password and the files chosen, so that they stay in
  // the page no longer than needed.
  function forget() {
    if (!signing) return;
    for (const id of ['sign-p12', 'sign-password', 'sign-image']) byId(id).value = '';
    clearSignProblems();
  }

  function clearSignProblems() {
    if (!signing) return;
    for (const id of ['sign-p12', 'sign-image']) {
      byId(id + '-problem').textContent = '';
      byId(id).removeAttribute('aria-invalid');
    }
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

  // signRequest checks the uploads in the page and returns the request's
  // body, or null after saying what is missing.
  function signRequest() {
    clearSignProblems();
    const p12 = byId('sign-p12').files[0];
    const image = byId('sign-image').files[0];
    const bad = (id, msg) => {
      byId(id + '-problem').textContent = msg;
      byId(id).setAttribute('aria-invalid', 'true');
    };
    if (!p12) bad('sign-p12', 'Chưa chọn tệp chứng thư số của người ký.');
    else if (p12.size > signing.maxP12) bad('sign-p12', 'Tệp này quá lớn để là tệp chứng thư số (tối đa ' + Math.round(signing.maxP12 / 1024) + ' KB).');
    if (!image) bad('sign-image', 'Chưa chọn ảnh chữ ký.');
    else if (image.size > signing.maxImage) bad('sign-image', 'Ảnh quá lớn (tối đa ' + Math.round(signing.maxImage / (1024 * 1024)) + ' MB).');
    if (!p12 || !image || p12.size > signing.maxP12 || image.size > signing.maxImage) return null;
    const body = new FormData();
    body.append('state', JSON.stringify(collect()));
    body.append('p12', p12);
    body.append('password', byId('sign-password').value);
    body.append('image', image);
    return body;
  }

  // showProblems puts each problem beside its box, or under the number.
  async function showProblems(res) {
    let problems = [];
    try {
      const body = await res.json();
      if (body && Array.isArray(body.problems)) problems = body.problems;
    } catch (e) { /* not JSON */ }
    if (!problems.length) problems = [{message: 'Máy chủ trả lời ' + res.status}];
    const top = [];
    for (const p of problems) {
      const id = {'sign.p12': 'sign-p12', 'sign.image': 'sign-image'}[p.key];
      if (id && signing) {
        byId(id + '-problem').textContent = p.message;
        byId(id).setAttribute('aria-invalid', 'true');
      } else {
        top.push(p.message);
      }
    }
    byId('issue-problem').textContent = top.join(' ');
  }

  // confirm gives the number shown, signing the document when asked, then
  // offers the issued files.
  async function confirm() {
    byId('issue-problem').textContent = '';
    const sign = signed();
    let req;
    if (sign) {
      const body = signRequest();
      if (!body) return;
      req = fetch('/api/issue/sign?expect=' + next.number + query(), {method: 'POST', body});
    } else {
      req = fetch('/api/issue?expect=' + next.number + query(), {method: 'POST',
        body: JSON.stringify(collect()), headers: {'Content-Type': 'application/json'}});
    }
    byId('issue-confirm').disabled = true;
    byId('issue-confirm').textContent = sign ? 'Đang ký số…' : 'Đang cấp số…';
    let res;
    try {
      res = await req;
    } catch (e) {
      byId('issue-problem').textContent = 'Không kết nối được máy chủ: ' + e.message;
      byId('issue-confirm').disabled = false;
      label();
      return;
    }
    label();
    if (res.status === 409) {
      await showProblems(res);
      const said = byId('issue-problem').textContent;
      await ask();
      byId('issue-problem').textContent = said;
      return;
    }
    if (!res.ok) {
      await showProblems(res);
      byId('issue-confirm').disabled = false;
      return;
    }
    let q, number, date;
    if (sign) {
      q = res.headers.get('X-Vanban-Row') || '';
      number = new URLSearchParams(q).get('number') || next.numberCode;
      date = next.date;
      save(await res.blob(), fileName(res, 'van-ban-da-ky-so.pdf'));
    } else {
      const row = await res.json();
      q = row.query;
      number = row.number;
      date = row.columns[1];
    }
    forget();
    const file = '/api/register/file?' + q;
    const done = byId('issue-done');
    done.replaceChildren(
      make('p', {class: 'issued', text: (sign ? 'Đã ban hành và ký số: Số ' : 'Đã ban hành: Số ') + number + ', ngày ' + date + '.'}),
      sign ? make('p', {class: 'note', text: 'Tệp PDF đã ký số đã được tải về và lưu trong sổ văn bản đi.'}) : '',
      make('p', {}, sign
        ? make('a', {href: file + '&format=pdf&signed=1&download=1', class: 'button primary', text: 'Tải lại PDF đã ký số'})
        : make('a', {href: file + '&format=pdf&download=1', class: 'button primary', text: 'Tải PDF đã ban hành'}),
      ' ', make('a', {href: file + '&format=docx&download=1', class: 'button', text: sign ? 'Tải DOCX (bản không có chữ ký số)' : 'Tải DOCX'}),
      ' ', make('a', {href: '/so-van-ban-di', class: 'button', text: 'Xem sổ văn bản đi'})));
    done.hidden = false;
    byId('issue-confirm').hidden = true;
    if (signing) byId('issue-sign').hidden = true;
  }

  async function startForm() {
    const res = await fetch('/api/register/info');
    if (!res.ok) return;
    const info = await res.json();
    if (!info.enabled) return; // no register: no button
    const actions = document.querySelector('.bar .actions');
    if (!actions) return;
    signing = info.signing && info.signing.enabled ? info.signing : null;
    document.head.append(make('link', {rel: 'stylesheet', href: '/static/register.css'}));
    const d = dialog();
    const button = make('button', {type: 'button', id: 'issue', text: 'Ban hành'});
    button.title = signing
      ? 'Cấp số từ sổ đăng ký văn bản đi, ký số nếu cần, và tải văn bản đã ban hành'
      : 'Cấp số từ sổ đăng ký văn bản đi và tải văn bản đã ban hành';
    button.addEventListener('click', () => {
      byId('issue-series').value = byId('issue-series').value || info.series;
      byId('issue-done').hidden = true;
      byId('issue-confirm').hidden = false;
      if (signing) byId('issue-sign').hidden = false;
      label();
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
    if (r.signed) tr.firstChild.append(make('span', {class: 'signed', text: 'Đã ký số'}));
    const file = '/api/register/file?' + r.query;
    const tools = make('td', {class: 'tools'}, r.signed
      ? make('a', {href: file + '&format=pdf&signed=1&download=1', class: 'button small primary', text: 'PDF đã ký số',
        title: 'Bản PDF đã ký số, lưu trong sổ khi ban hành'})
      : make('a', {href: file + '&format=pdf&download=1', class: 'button small', text: 'PDF'}), ' ',
      make('a', {href: file + '&format=docx&download=1', class: 'button small', text: 'DOCX'}));
    if (!r.cancelled && !r.signed) {
      // Signed since with another tool (the signers' tokens): keep it.
      const pick = make('input', {type: 'file', accept: 'application/pdf,.pdf', hidden: ''});
      const b = make('button', {type: 'button', class: 'small', text: 'Lưu bản ký số',
        title: 'Lưu vào sổ bản PDF của văn bản này đã được người có thẩm quyền và cơ quan ký số'});
      b.addEventListener('click', () => pick.click());
      pick.addEventListener('change', () => { if (pick.files.length) attach(r, pick.files[0]); pick.value = ''; });
      tools.append(' ', b, pick);
    }
    if (!r.cancelled) {
      const b = make('button', {type: 'button', class: 'small', text: 'Thu hồi'});
      b.addEventListener('click', () => cancel(r));
      tools.append(' ', b);
    }
    tr.append(tools);
    return tr;
  }

  async function attach(r, file) {
    if (file.size > 32 * 1024 * 1024) {
      byId('status').textContent = 'Tệp ' + file.name + ' lớn hơn 32 MB: không phải bản PDF đã ký số của văn bản này.';
      return;
    }
    byId('status').textContent = 'Đang kiểm tra chữ ký số của ' + file.name + '…';
    const res = await fetch('/api/register/signed?' + r.query, {method: 'POST', body: file,
      headers: {'Content-Type': 'application/pdf'}});
    if (!res.ok) {
      byId('status').textContent = file.name + ': ' + (await messages(res)).join(' ');
      return;
    }
    await load();
    byId('status').textContent = 'Đã lưu bản PDF ký số của số ' + r.number + '.';
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

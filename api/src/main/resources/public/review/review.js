// Shotflow review page: reads the API with the HttpOnly login cookie; live updates through server-sent events.
(function () {
  'use strict';

  const $ = id => document.getElementById(id);
  const TERMINAL = ['completed', 'failed', 'cancelled', 'lost'];
  const money = v => v == null ? '—' : '$' + Number(v).toFixed(2);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    });
    children.flat().forEach(c => c != null && node.append(c));
    return node;
  }

  function showError(id, message) {
    const node = $(id);
    node.textContent = message || '';
    node.hidden = !message;
  }

  function showLogin(next) {
    $('login').hidden = false;
    if ($('login-next')) $('login-next').value = next;
    $('login-failed').hidden = !location.search.includes('login=failed');
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({credentials: 'same-origin',
      headers: {'Accept': 'application/json', 'Content-Type': 'application/json'}}, options));
    if (response.status === 401) {
      const error = new Error('not logged in');
      error.status = 401;
      throw error;
    }
    const text = await response.text();
    const body = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const error = new Error(body.detail || body.title || ('HTTP ' + response.status));
      error.status = response.status;
      if (response.status === 403) error.message = 'Your token does not have the role for this action.';
      throw error;
    }
    return body;
  }

  function isImage(url) {
    return /\.(png|jpe?g)(\?|$)/i.test(url || ''); // a presigned S3 link carries a query
  }

  function preview(url, label) {
    if (!url) return el('div', {class: 'noasset', text: 'no preview'});
    if (isImage(url)) return el('img', {src: url, alt: label, loading: 'lazy'});
    return el('video', {src: url, controls: '', preload: 'metadata', muted: '', playsinline: ''});
  }

  // ---- storyboard list -------------------------------------------------------------------------------------

  async function index() {
    try {
      const boards = await api('/api/storyboards');
      $('list').hidden = false;
      $('empty').hidden = boards.length > 0;
      const rows = $('rows');
      rows.replaceChildren(...boards.map(b => el('tr', {},
        el('td', {}, el('a', {href: '/review/' + b.id, text: b.title || b.id})),
        el('td', {}, el('span', {class: 'pill ' + b.state, text: b.state.replace('_', ' ')})),
        el('td', {text: money(b.spend_usd) + ' / ' + money(b.budget_usd)}),
        el('td', {class: 'muted', text: new Date(b.created_at).toLocaleString()}))));
    } catch (e) {
      if (e.status === 401) showLogin('/review/');
      else showError('error', e.message);
    }
  }

  // ---- one storyboard --------------------------------------------------------------------------------------

  function storyboard(id) {
    let source = null;
    let lastJson = '';

    async function refresh() {
      let status;
      try {
        status = await api('/api/storyboards/' + encodeURIComponent(id));
      } catch (e) {
        if (e.status === 401) {
          showLogin('/review/' + id);
          if (source) source.close();
        } else {
          showError('error', e.message);
        }
        return;
      }
      showError('error', '');
      const json = JSON.stringify(status);
      if (json !== lastJson) {
        lastJson = json;
        render(status);
      }
      if (TERMINAL.includes(status.state) && source) {
        source.close();
        source = null;
      }
    }

    function render(s) {
      document.title = 'Shotflow · ' + (s.title || s.id);
      $('board').hidden = false;
      $('crumb').textContent = s.title || s.id;
      $('title').textContent = s.title || s.id;
      const state = $('state');
      state.textContent = s.state.replace('_', ' ');
      state.className = 'pill ' + s.state;
      $('bar').style.width = s.progress_percent + '%';
      $('percent').textContent = s.progress_percent + '%';
      $('spend').textContent = 'spend ' + money(s.spend_usd)
        + (s.budget_usd != null ? ' of ' + money(s.budget_usd) + ' budget' : ' (no budget set)')
        + (s.estimated_cost_usd != null ? ' · estimate ' + money(s.estimated_cost_usd) : '');
      $('detail').textContent = s.detail || '';
      const input = $('budget-input');
      if (document.activeElement !== input) input.value = s.budget_usd != null ? s.budget_usd : '';
      document.querySelector('.producer').hidden = TERMINAL.includes(s.state);
      renderOutputs(s);
      renderPending(s);
      renderShots(s);
    }

    function renderOutputs(s) {
      const o = s.outputs;
      $('outputs').hidden = !o;
      if (!o) return;
      const video = $('final');
      if (video.getAttribute('src') !== o.final_cut) video.src = o.final_cut;
      const links = [['Final cut (MP4)', o.final_cut], ['OpenTimelineIO', '/api/storyboards/' + id + '/exports/otio'],
        ['EDL', '/api/storyboards/' + id + '/exports/edl'], ['FCPXML', '/api/storyboards/' + id + '/exports/fcpxml'],
        ['Contact sheet', o.contact_sheet], ['Manifest', '/api/storyboards/' + id + '/exports/manifest']];
      $('downloads').replaceChildren(...links.map(([label, href]) => el('a', {href, text: label, download: ''})));
    }

    // Pending review cards keep what the reviewer typed across refreshes: a card is rebuilt only when new.
    const cards = new Map();

    function renderPending(s) {
      const container = $('pending');
      const takesById = new Map();
      s.shots.forEach(shot => shot.takes.forEach(t => takesById.set(shot.id + '/' + t.id, t)));
      const keep = new Set();
      s.pending_reviews.forEach(p => {
        const key = p.subject + '@' + (p.since || '') + '@' + p.takes.join(',');
        keep.add(key);
        if (!cards.has(key)) cards.set(key, reviewCard(p, takesById));
        container.append(cards.get(key));
      });
      [...cards.keys()].filter(k => !keep.has(k)).forEach(k => { cards.get(k).remove(); cards.delete(k); });
      $('pending-title').hidden = s.pending_reviews.length === 0;
    }

    function reviewCard(p, takesById) {
      const card = document.getElementById('review-template').content.firstElementChild.cloneNode(true);
      card.querySelector('.subject').textContent = p.subject;
      card.querySelector('.since').textContent = (p.since ? 'since ' + new Date(p.since).toLocaleString() : '')
        + (p.deadline ? ' · deadline ' + new Date(p.deadline).toLocaleString() : '');
      const takes = card.querySelector('.takes');
      const group = 'take-' + p.subject.replace(/[^a-z0-9]/gi, '-');
      p.takes.forEach((takeId, i) => {
        const take = takesById.get(p.shot + '/' + takeId) || {id: takeId};
        const radio = el('input', {type: 'radio', name: group, value: takeId});
        if (i === 0) radio.checked = true;
        takes.append(el('label', {class: 'take'}, preview(take.asset_url, takeId),
          el('span', {class: 'take-meta'}, radio, ' ' + takeId,
            take.provider ? el('span', {class: 'muted', text: ' · ' + take.provider + ' · ' + money(take.cost_usd)}) : null),
          take.prompt ? el('span', {class: 'take-prompt muted', text: take.prompt}) : null));
      });
      const decision = p.takes.length === 0;
      if (decision) {
        const reason = card.querySelector('.reason');
        reason.hidden = false;
        reason.textContent = p.reason || 'A decision is needed.';
        card.querySelector('.approve').hidden = true;
        card.querySelector('.retry').hidden = false;
        card.querySelector('.skip').hidden = false;
      }
      const send = verdict => async () => {
        const chosen = card.querySelector('input[type=radio]:checked');
        const body = {subject: p.subject, verdict, note: card.querySelector('.note').value,
          prompt: card.querySelector('.prompt').value, take: chosen ? chosen.value : null};
        card.querySelectorAll('button').forEach(b => b.disabled = true);
        try {
          const status = await api('/api/storyboards/' + encodeURIComponent(id) + '/reviews',
            {method: 'POST', body: JSON.stringify(body)});
          lastJson = '';
          render(status);
        } catch (e) {
          const error = card.querySelector('.error');
          error.hidden = false;
          error.textContent = e.message;
          card.querySelectorAll('button').forEach(b => b.disabled = false);
        }
      };
      card.querySelector('.approve').addEventListener('click', send('approve'));
      card.querySelector('.reject').addEventListener('click', send('reject'));
      card.querySelector('.retry').addEventListener('click', send('retry'));
      card.querySelector('.skip').addEventListener('click', send('skip'));
      return card;
    }

    // Shot cards are rebuilt only when that shot changed, so playing previews are not reloaded on every event.
    const shotCards = new Map();

    function renderShots(s) {
      $('shots').replaceChildren(...s.shots.map(shot => {
        const json = JSON.stringify(shot);
        const cached = shotCards.get(shot.id);
        if (cached && cached.json === json) return cached.node;
        const node = shotCard(shot);
        shotCards.set(shot.id, {json, node});
        return node;
      }));
    }

    function shotCard(shot) {
      return el('article', {class: 'card shot'},
        el('header', {},
          el('h3', {text: shot.id}),
          el('span', {class: 'pill stage ' + shot.stage, text: shot.stage.replace(/_/g, ' ')}),
          el('span', {class: 'muted', text: money(shot.spend_usd)})),
        shot.detail ? el('p', {class: 'muted', text: shot.detail}) : null,
        el('div', {class: 'takes small'}, shot.takes.map(t => el('figure', {class: t.approved ? 'approved' : ''},
          preview(t.asset_url, t.id),
          el('figcaption', {text: t.id + (t.approved ? ' ✓' : '')})))));
    }

    $('budget-form').addEventListener('submit', async event => {
      event.preventDefault();
      try {
        render(await api('/api/storyboards/' + encodeURIComponent(id) + '/budget',
          {method: 'POST', body: JSON.stringify({budget_usd: Number($('budget-input').value)})}));
        showError('action-error', '');
      } catch (e) {
        showError('action-error', e.message);
      }
    });
    $('cancel').addEventListener('click', async () => {
      if (!confirm('Cancel this storyboard? Running provider jobs are abandoned.')) return;
      try {
        render(await api('/api/storyboards/' + encodeURIComponent(id) + '/cancel', {method: 'POST'}));
        showError('action-error', '');
      } catch (e) {
        showError('action-error', e.message);
      }
    });

    refresh().then(() => {
      if (!$('board').hidden && !TERMINAL.includes(($('state').className.split(' ')[1]) || '')) {
        source = new EventSource('/api/storyboards/' + encodeURIComponent(id) + '/events');
        ['progress', 'stage', 'review'].forEach(name => source.addEventListener(name, refresh));
        source.onerror = () => setTimeout(refresh, 2000);
      }
    });
  }

  window.Shotflow = {index, storyboard};
})();

// The door of a forum stop, on a phone: checks tickets online, and keeps working when the network goes. The stop's
// ticket list is kept on the device; scans made offline are judged against it, queued, and sent when the network
// returns, where the server admits each ticket once and reports scans another device admitted first.

const door = document.getElementById('door');
if (door) {
  const stop = door.dataset.stop;
  const csrf = door.dataset.csrf;
  const form = document.getElementById('scan-form');
  const input = form.elements.code;
  const verdict = document.getElementById('verdict');
  const status = document.getElementById('door-status');
  const conflicts = document.getElementById('conflicts');
  const key = `door:${stop}`;
  let device = localStorage.getItem('door:device');
  if (!device) {
    device = 'phone-' + Math.random().toString(36).slice(2, 10);
    localStorage.setItem('door:device', device);
  }
  form.elements.device.value = device;
  const state = JSON.parse(localStorage.getItem(key) || '{"tickets":{},"queue":[],"used":{},"listAt":null}');
  state.conflicts ??= [];
  const lang = document.documentElement.lang || 'fr';
  const number = new Intl.NumberFormat(lang + '-MA');
  const save = () => localStorage.setItem(key, JSON.stringify(state));
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? '');

  // As the server reads codes: any case, dashes and spaces ignored, O read as 0, I and L as 1.
  const normalise = (text) => text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

  const show = (admitted, message, code) => {
    verdict.textContent = message;
    verdict.className = 'verdict ' + (admitted ? 'go' : 'stop');
    verdict.dataset.verdict = code;
  };

  const showStatus = () => {
    const parts = [];
    if (state.listAt) {
      const time = new Date(state.listAt).toLocaleTimeString(lang + '-MA', { hour: '2-digit', minute: '2-digit' });
      parts.push(fill(door.dataset.msgList, { count: number.format(Object.keys(state.tickets).length), time }));
    }
    if (state.queue.length) parts.push(fill(door.dataset.msgPending, { count: number.format(state.queue.length) }));
    if (door.dataset.offline === 'ready') parts.push(door.dataset.msgKept);
    status.textContent = parts.join(' · ');
  };

  const post = (path, body) => fetch(`/door/stops/${stop}/${path}`, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(body),
  });

  async function refreshList() {
    try {
      const response = await fetch(`/door/stops/${stop}/tickets.json`, { credentials: 'same-origin' });
      if (!response.ok) return;
      const list = await response.json();
      state.tickets = {};
      for (const ticket of list.tickets) state.tickets[ticket.code] = { firstName: ticket.firstName, admitted: ticket.admitted };
      state.listAt = Date.now();
      save();
      showStatus();
    } catch (error) { /* offline: keep the list we have */ }
  }

  // Double scans the server reported, kept on the device until the organisers have seen them.
  const showConflicts = () => {
    conflicts.replaceChildren(...state.conflicts.map((conflict) => {
      const item = document.createElement('li');
      item.textContent = `${conflict.code}: ${conflict.message}`;
      item.dataset.code = conflict.code;
      return item;
    }));
  };

  // One synchronisation at a time: the queue is cut only by the scans that were sent.
  let syncing = false;
  async function sync() {
    if (syncing || !state.queue.length) return;
    syncing = true;
    try {
      const scans = state.queue.slice();
      const response = await post('sync', { device, scans });
      if (!response.ok) return;
      const results = await response.json();
      state.queue = state.queue.slice(scans.length);
      state.conflicts.push(...results.filter((result) => result.verdict === 'conflict').map(({ code, message }) => ({ code, message })));
      save();
      showConflicts();
      showStatus();
      refreshList();
    } catch (error) { /* still offline: the queue waits */ } finally { syncing = false; }
  }

  function offlineScan(code) {
    const ticket = state.tickets[code];
    if (!ticket) return show(false, door.dataset.msgUnknown, 'unknown');
    if (state.used[code]) return show(false, door.dataset.msgUsed, 'already_used');
    if (ticket.admitted) return show(false, door.dataset.msgIn, 'already_used');
    state.used[code] = Date.now();
    state.queue.push({ code, at: new Date().toISOString() });
    save();
    show(true, fill(door.dataset.msgAdmitted, { name: ticket.firstName }), 'admitted');
    showStatus();
  }

  async function scan(text) {
    const code = normalise(text);
    if (!code) return;
    if (navigator.onLine) {
      try {
        const response = await post('scan.json', { code, device });
        if (response.ok) {
          const result = await response.json();
          if (result.admitted && state.tickets[code]) { state.tickets[code].admitted = true; save(); }
          return show(result.admitted, result.message, result.verdict);
        }
      } catch (error) { /* the network went: judge it here */ }
    }
    offlineScan(code);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    scan(input.value);
    input.value = '';
    input.focus();
  });

  // Camera scanning where the browser can read QR codes itself; typing the code always works.
  if ('BarcodeDetector' in window) {
    const camera = document.getElementById('camera');
    const video = document.getElementById('viewfinder');
    camera.hidden = false;
    camera.addEventListener('click', async () => {
      const detector = new BarcodeDetector({ formats: ['qr_code'] });
      video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      video.hidden = false;
      await video.play();
      let last = '';
      const tick = async () => {
        const codes = await detector.detect(video).catch(() => []);
        if (codes.length && codes[0].rawValue !== last) {
          last = codes[0].rawValue;
          scan(last);
        }
        setTimeout(tick, 300);
      };
      tick();
    });
  }

  // The worker serves the page when the network is away; the page and its files go into its cache now, since this
  // first load happened before the worker was there to keep them.
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/door/sw.js', { scope: '/door/' }).then(async () => {
      const files = [location.pathname, ...Array.from(document.querySelectorAll('link[rel=stylesheet], script[src]'), (el) => el.href || el.src)];
      const cache = await caches.open('maillage-door-v1');
      await cache.addAll(files);
      // Staff see that the page will open without network only once it truly would.
      await navigator.serviceWorker.ready;
      door.dataset.offline = 'ready';
      showStatus();
    }).catch(() => {});
  }
  window.addEventListener('online', () => { sync(); refreshList(); });
  setInterval(() => { if (navigator.onLine) { sync(); refreshList(); } }, 30000);
  showStatus();
  showConflicts();
  refreshList().then(sync);
}

/*! Hankyo DNI tag: shows each visitor a tracking number of the pool.
 * <script src="https://HANKYO/dni/v1/tag.js" data-pool="POOL_KEY" async></script>
 * Optional: data-numbers="0312345678,0120123456" (the numbers to swap; default: the pool's
 * default number, else every phone number), data-member-id="...".
 * Elements inside [data-hankyo-ignore] are never touched. No dependencies. */
(function (w, d) {
  'use strict';
  var me = d.currentScript;
  if (!me || w.__hankyo) return;
  w.__hankyo = 1;
  var pool = me.getAttribute('data-pool');
  if (!pool) return;
  var api = me.src.replace(/\/dni\/v1\/tag\.js.*$/, '/dni/v1/');
  var KEY = 'hankyo_' + pool.replace(/[^\w-]/g, '');
  var D = '[0-9\uFF10-\uFF19]', S = '[-\\s\u2010-\u2015\u2212\uFF0D\u30FC]';
  var RE = new RegExp('(?:[(\uFF08]' + D + '{2,5}[)\uFF09]' + S + '?|' + D + '{2,5}' + S + ')' +
    D + '{1,4}' + S + '?' + D + '{3,4}|0' + D + '{9,10}', 'g');
  var targets = {}, any = true, lease = null, obs = null;

  function half(t) {
    return t.replace(/[\uFF10-\uFF19]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    });
  }
  function digits(t) {
    t = half(t).replace(/[^\d+]/g, '');
    if (t.indexOf('+81') === 0) t = '0' + t.slice(3);
    return t.replace(/\+/g, '');
  }
  function wanted(n) {
    return /^0\d{9,19}$/.test(n) && (any || targets[n]) && n !== lease.n;
  }
  // The issued number written the way the page wrote the original one.
  function styled(orig) {
    var g = lease.nat.split('-'), wide = /[\uFF10-\uFF19]/.test(orig);
    var sep = (orig.match(/[^0-9\uFF10-\uFF19()\uFF08\uFF09]/) || [''])[0];
    var out;
    if (/^[(\uFF08]/.test(orig)) {
      var p = orig.charAt(0) === '(' ? '()' : '\uFF08\uFF09';
      out = p.charAt(0) + g[0] + p.charAt(1) + g.slice(1).join(sep);
    } else {
      out = g.join(sep);
    }
    return wide ? out.replace(/\d/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) + 0xFEE0);
    }) : out;
  }
  function ignored(el) {
    return el && el.closest && el.closest('[data-hankyo-ignore],script,style,textarea,input');
  }
  function swapText(node) {
    var t = node.nodeValue, changed = false;
    var out = t.replace(RE, function (m) {
      if (!wanted(digits(m))) return m;
      changed = true;
      return styled(m);
    });
    if (changed) node.nodeValue = out;
  }
  function swapLink(a) {
    var h = a.getAttribute('href') || '', n = digits(decodeURIComponent(h.slice(4)));
    if (wanted(n)) a.setAttribute('href', 'tel:' + (h.indexOf('+') > 0 ? lease.e : lease.n));
  }
  function swap(root) {
    if (!lease || !root || ignored(root.nodeType === 1 ? root : root.parentNode)) return;
    if (root.nodeType === 3) return swapText(root);
    if (root.nodeType !== 1 && root.nodeType !== 9) return;
    var links = root.querySelectorAll('a[href^="tel:"]');
    for (var i = 0; i < links.length; i++) if (!ignored(links[i])) swapLink(links[i]);
    if (root.nodeType === 1 && /^tel:/.test(root.getAttribute('href') || '')) swapLink(root);
    var it = d.createTreeWalker(root, 4, null), n, list = [];
    while ((n = it.nextNode())) if (!ignored(n.parentNode)) list.push(n);
    for (i = 0; i < list.length; i++) swapText(list[i]);
  }
  function watch() {
    if (obs || !w.MutationObserver) return;
    obs = new MutationObserver(function (ms) {
      obs.disconnect();
      for (var i = 0; i < ms.length; i++) {
        var m = ms[i];
        if (m.type === 'characterData') swap(m.target);
        for (var j = 0; j < m.addedNodes.length; j++) swap(m.addedNodes[j]);
      }
      obs.observe(d.body, {childList: true, subtree: true, characterData: true});
    });
    obs.observe(d.body, {childList: true, subtree: true, characterData: true});
  }

  function load() {
    try {
      return JSON.parse(w.localStorage.getItem(KEY) || 'null');
    } catch (e) {
      var m = d.cookie.match(new RegExp('(?:^|; )' + KEY + '=([^;]*)'));
      try { return m ? JSON.parse(decodeURIComponent(m[1])) : null; } catch (e2) { return null; }
    }
  }
  function save(o) {
    var s = JSON.stringify(o);
    try { w.localStorage.setItem(KEY, s); } catch (e) {
      d.cookie = KEY + '=' + encodeURIComponent(s) + ';path=/;max-age=2592000;SameSite=Lax';
    }
  }
  function post(path, body, done) {
    var x = new XMLHttpRequest(), fin = false;
    x.open('POST', api + path + '?pool_key=' + encodeURIComponent(pool));
    x.setRequestHeader('Content-Type', 'application/json');  // preflighted (CORS)
    x.timeout = 1500;  // no answer in time: the page keeps its own numbers
    x.onreadystatechange = function () {
      if (x.readyState !== 4 || fin) return;
      fin = true;
      var r = null;
      try { r = JSON.parse(x.responseText); } catch (e) { r = null; }
      done(x.status, r);
    };
    x.ontimeout = x.onerror = function () { if (!fin) { fin = true; done(0, null); } };
    x.send(JSON.stringify(body));
  }
  function params() {
    var p = {}, q = w.location.search.slice(1).split('&'), i, kv, k;
    for (i = 0; i < q.length; i++) {
      kv = q[i].split('=');
      k = decodeURIComponent(kv[0] || '');
      if (/^(utm_\w+|gclid|gbraid|wbraid|fbclid|msclkid|yclid|hk_\w+)$/.test(k)) {
        p[k] = decodeURIComponent((kv[1] || '').replace(/\+/g, ' ')).slice(0, 500);
      }
    }
    var ga = d.cookie.match(/(?:^|; )_ga=GA\d\.\d\.([\d.]+)/);
    if (ga) p.ga_client_id = ga[1];
    var gs = d.cookie.match(/(?:^|; )_ga_\w+=GS\d\.\d\.(\d+)/);
    if (gs) p.ga_session_id = gs[1];
    var mid = me.getAttribute('data-member-id');
    if (mid) p.member_id = mid;
    return p;
  }
  function use(r) {
    lease = {v: r.visitor_id, l: r.lease_id, n: r.digits, nat: r.national, e: r.e164,
      x: Date.now() + (r.expires_in || 0) * 1000};
    (r.targets || []).forEach(function (t) { targets[t] = 1; any = false; });
    if (r.lease_id) save(lease);
    var run = function () { swap(d.body); watch(); };
    if (d.body) run(); else d.addEventListener('DOMContentLoaded', run);
  }
  function issue(old) {
    var body = {pool_key: pool, page: {url: w.location.href.slice(0, 2000),
      referrer: d.referrer.slice(0, 2000), title: d.title.slice(0, 300)}, params: params()};
    if (old && old.v) body.visitor_id = old.v;
    post('issue', body, function (st, r) {
      if (st === 200 && r && r.digits) use(r);
    });
  }
  function beat() {
    if (!lease || !lease.l || d.visibilityState === 'hidden') return;
    post('renew', {lease_id: lease.l}, function (st, r) {
      if (st === 200 && r) {
        lease.x = Date.now() + r.expires_in * 1000;
        save(lease);
      } else if (st === 404) {
        issue(lease);
      }
    });
  }

  var list = (me.getAttribute('data-numbers') || '').split(',');
  for (var i = 0; i < list.length; i++) {
    var t = digits(list[i]);
    if (t) { targets[t] = 1; any = false; }
  }
  issue(load());
  setInterval(beat, 60000);
  d.addEventListener('visibilitychange', function () {
    if (d.visibilityState === 'visible' && lease && lease.x - Date.now() < 90000) beat();
  });
})(window, document);

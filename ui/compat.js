// Runs before the page's modules, as a classic script in ES5 syntax, so that
// every browser runs it (UOS 20 and Kylin V10 ship Chromium 69–83 and
// Firefox 60–68). It supplies what those browsers lack and the modules use,
// only where it is absent; and where the modules cannot run (no ES modules,
// or a module that fails to start) it says so instead of a blank page.
(function () {
  'use strict';

  var html = document.documentElement;

  /** The browser's name and version, as its user-agent string says. */
  function browserName() {
    var ua = navigator.userAgent;
    var known = [
      [/Edge?\/(\d+)/, 'Edge'],
      [/Firefox\/(\d+)/, 'Firefox'],
      [/QtWebEngine\/[\d.]+ Chrome\/(\d+)/, 'Chromium'],
      [/(?:Chrome|Chromium)\/(\d+)/, 'Chrome'],
      [/MSIE (\d+)/, 'Internet Explorer'],
      [/Trident\/.*rv:(\d+)/, 'Internet Explorer'],
      [/Version\/(\d+).*Safari/, 'Safari'],
    ];
    for (var i = 0; i < known.length; i++) {
      var m = known[i][0].exec(ua);
      if (m) return known[i][1] + ' ' + m[1];
    }
    return ua;
  }

  function line(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /** Replaces the page with what to do instead; `detail` says what failed. */
  function tooOld(detail) {
    if (html.hasAttribute('data-too-old')) return;
    html.setAttribute('data-too-old', '');
    var box = document.createElement('main');
    box.id = 'too-old';
    box.setAttribute('role', 'alert');
    box.appendChild(line('h1', '浏览器版本过旧'));
    box.appendChild(line('p', '您正在使用：' + browserName() + '。园区党组织台账无法在这个浏览器中运行。'));
    box.appendChild(line('p', '请改用 Chromium 69 或更新版本（UOS 浏览器、奇安信可信浏览器、360 安全浏览器等以它为内核的新版本均可），或 Firefox 60 或更新版本，'
      + '再重新运行 parkreg serve，用它新给出的链接打开（每个链接只能用一次）。'));
    box.appendChild(line('p', 'This browser is too old for the park party registry: use Chromium 69 or later, or Firefox 60 or later.', 'muted'));
    if (detail) box.appendChild(line('p', detail, 'muted'));
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    document.body.appendChild(box);
  }

  // Without ES modules nothing of the page would run: say so at once.
  if (!('noModule' in document.createElement('script'))) {
    tooOld('');
    return;
  }

  // What a module threw before the page started, for the message.
  var failure = '';
  window.addEventListener('error', function (event) {
    if (!html.hasAttribute('data-started') && !failure) failure = String(event.message || '');
  }, true);
  // Module scripts run before DOMContentLoaded: by then main.js has marked
  // the page started, unless a module failed to load or to run.
  document.addEventListener('DOMContentLoaded', function () {
    if (!html.hasAttribute('data-started')) tooOld(failure);
  });

  function define(target, name, value) {
    if (!target[name]) Object.defineProperty(target, name, { value: value, configurable: true, writable: true });
  }

  // Chromium 73, Firefox 63.
  define(Object, 'fromEntries', function (entries) {
    var out = {};
    Array.from(entries, function (pair) { out[pair[0]] = pair[1]; });
    return out;
  });

  // Chromium 69, Firefox 62.
  define(Array.prototype, 'flat', function flat(depth) {
    var d = depth === undefined ? 1 : Number(depth);
    return this.reduce(function (out, item) {
      return out.concat(Array.isArray(item) && d > 0 ? flat.call(item, d - 1) : [item]);
    }, []);
  });
  define(Array.prototype, 'flatMap', function (fn, thisArg) {
    return this.map(fn, thisArg).flat();
  });

  // <dialog> with showModal() and form method="dialog": Firefox 98. Where it
  // is missing, the vendored dialog-polyfill (loaded just before this
  // script, after every dialog of the page) stands in, with its styles put
  // before the page's own so that those still decide the look.
  if (!window.HTMLDialogElement || !window.HTMLDialogElement.prototype.showModal) {
    var styles = document.createElement('link');
    styles.rel = 'stylesheet';
    styles.href = 'dialog-polyfill.css';
    document.head.insertBefore(styles, document.head.querySelector('link[rel=stylesheet]'));
    var dialogs = document.querySelectorAll('dialog');
    for (var i = 0; i < dialogs.length; i++) window.dialogPolyfill.registerDialog(dialogs[i]);
  }
}());

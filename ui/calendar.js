// A calendar beside every date box (input.date): a button opens a month
// to click a day in. The box stays a text box: a clerk may type the date
// as an office writes it (2013-06-30, 2013/6/30, 2013.6.30, 2013年6月30日),
// which the core reads; a browser's own date field would follow the
// system's locale and is missing from older engines. Built with the DOM
// only, for Chromium 69, Firefox 60 and WebKitGTK alike.
import { el, fill } from './dom.js';
import { getLang, t } from './i18n.js';

const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;

/** The month to show first: the box's date when written the ISO way,
 * else the 统计日期's, else this computer's today. */
function startMonth(input) {
  for (const text of [input.value, (document.getElementById('as-of') || {}).value]) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((text || '').trim());
    if (m) return { y: Number(m[1]), m: Number(m[2]), chosen: text.trim() };
  }
  const now = new Date();
  return { y: now.getFullYear(), m: now.getMonth() + 1, chosen: '' };
}

let open = null;

function close() {
  if (!open) return;
  const { popup, button } = open;
  open = null;
  popup.remove();
  button.setAttribute('aria-expanded', 'false');
}

function choose(input, day) {
  input.value = day;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  const { button } = open;
  close();
  button.focus();
}

function draw(popup, input, view) {
  const { y, m, chosen } = view;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  // Monday first, as a Chinese calendar is laid out.
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const step = (months) => () => {
    const n = y * 12 + (m - 1) + months;
    draw(popup, input, { y: Math.floor(n / 12), m: (n % 12) + 1, chosen });
  };
  const title = getLang() === 'en' ? `${y}-${pad(m)}` : `${y}年${m}月`;
  const cells = [];
  for (let i = 0; i < lead; i += 1) cells.push(el('span'));
  for (let d = 1; d <= days; d += 1) {
    const day = iso(y, m, d);
    cells.push(el('button', {
      type: 'button', class: day === chosen ? 'day chosen' : 'day', dataset: { date: day },
      'aria-label': getLang() === 'en' ? day : `${y}年${m}月${d}日`,
      onclick: () => choose(input, day),
    }, String(d)));
  }
  fill(popup,
    el('div', { class: 'cal-head' },
      el('button', { type: 'button', class: 'cal-step', title: t('calendar.prevYear'), onclick: step(-12) }, '«'),
      el('button', { type: 'button', class: 'cal-step', title: t('calendar.prevMonth'), onclick: step(-1) }, '‹'),
      el('strong', { class: 'cal-title' }, title),
      el('button', { type: 'button', class: 'cal-step', title: t('calendar.nextMonth'), onclick: step(1) }, '›'),
      el('button', { type: 'button', class: 'cal-step', title: t('calendar.nextYear'), onclick: step(12) }, '»')),
    el('div', { class: 'cal-grid' },
      t('calendar.weekdays').split(',').map((w) => el('span', { class: 'cal-weekday' }, w)),
      cells));
}

function toggle(input, button) {
  const was = open && open.input === input;
  close();
  if (was) return;
  const popup = el('div', { class: 'calendar', role: 'dialog', 'aria-label': t('calendar.open') });
  popup.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      // Closes the calendar only, not the form's dialog around it.
      event.preventDefault();
      event.stopPropagation();
      close();
      button.focus();
    }
  });
  draw(popup, input, startMonth(input));
  button.parentNode.append(popup);
  button.setAttribute('aria-expanded', 'true');
  open = { popup, button, input };
  // In view, in a form that scrolls inside its dialog too.
  if (popup.scrollIntoView) popup.scrollIntoView({ block: 'nearest' });
  const chosen = popup.querySelector('.day.chosen') || popup.querySelector('.day');
  if (chosen) chosen.focus();
}

/** Puts a calendar button beside each date box under `root`. */
export function addCalendars(root) {
  for (const input of root.querySelectorAll('input.date')) {
    if (input.parentNode.classList.contains('date-box')) continue;
    const box = el('span', { class: 'date-box' });
    input.parentNode.insertBefore(box, input);
    box.append(input);
    const button = el('button', {
      type: 'button', class: 'cal-open secondary', 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
      title: t('calendar.open'), 'aria-label': t('calendar.open'),
    }, '▦');
    button.addEventListener('click', () => toggle(input, button));
    box.append(button);
  }
  document.addEventListener('mousedown', (event) => {
    if (open && !open.popup.contains(event.target) && event.target !== open.button) close();
  });
}

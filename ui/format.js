// Numbers, money and dates as a Chinese office writes them.
import { getLang } from './i18n.js';

/** Integer fen as yuan: ¥2,000.00 (integer arithmetic, no float rounding). */
export function yuan(fen) {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.trunc(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${whole}.${cents}`;
}

/** An ISO date as 2013年6月30日 (or as is in English). */
export function date(iso) {
  if (!iso) return '—';
  if (getLang() === 'en') return iso;
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Integer fen as a plain yuan number for a form field: 2000.00. */
export function plainYuan(fen) {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

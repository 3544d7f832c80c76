// A tiny element builder. Text is always set as text, never parsed as HTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `node` with `children`. */
export function fill(node, ...children) {
  node.textContent = '';
  append(node, children);
  return node;
}

/**
 * Fills a table body with `rows`, or when there are none with one row
 * across the table saying `hint` (what to do to have some).
 */
export function fillRows(tbody, rows, hint) {
  if (rows.length) return fill(tbody, rows);
  const head = tbody.closest('table').tHead;
  const columns = head && head.rows[0] ? head.rows[0].cells.length : 1;
  return fill(tbody, el('tr', { class: 'empty-hint' }, el('td', { colspan: columns }, hint)));
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** A definition list from [label, value] pairs. */
export function pairs(list, entries) {
  return fill(list, entries.flatMap(([label, value, id]) => [el('dt', {}, label), el('dd', { id }, value)]));
}

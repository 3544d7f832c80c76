// The same mark as the registry's page: after the first frame that shows
// the page, go to painted.html, whose load the shell reports on stderr
// (scripts/bench.py reads it). A navigation needs no IPC permission.
requestAnimationFrame(() => requestAnimationFrame(() => {
  window.location.href = 'painted.html';
}));

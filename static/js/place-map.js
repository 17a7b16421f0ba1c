/* Haarvaten place page: a small map around a place whose point is
 * public. Progressive enhancement: without JavaScript the page has the
 * address and the directions links. Settings come from data- attributes
 * on [data-place-map] (CSP: no inline script).
 */
(function () {
  'use strict';
  var box = document.querySelector('[data-place-map]');
  if (!box || typeof window.L === 'undefined') return;
  var lon = parseFloat(box.getAttribute('data-lon'));
  var lat = parseFloat(box.getAttribute('data-lat'));
  if (!isFinite(lon) || !isFinite(lat)) return;
  box.hidden = false;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', box.getAttribute('data-label') || 'Kaart');
  var map = L.map(box, { keyboard: true, scrollWheelZoom: false });
  L.tileLayer(box.getAttribute('data-tile-url'), {
    attribution: box.getAttribute('data-tile-attribution') || '',
    maxZoom: 19
  }).addTo(map);
  map.setView([lat, lon], 16);
  L.marker([lat, lon], { keyboard: false, title: box.getAttribute('data-name') || '' }).addTo(map);
  box.setAttribute('data-map-ready', '');
})();

/* Haarvaten review page: a small map of the proposed point (and of the
 * point as it is now, for an edit). Progressive enhancement: the page says
 * the coordinates in text and links to OpenStreetMap, so it is complete
 * without JavaScript. Settings come from data- attributes on
 * [data-point-map] (CSP: no inline script).
 */
(function () {
  'use strict';
  var box = document.querySelector('[data-point-map]');
  if (!box || typeof window.L === 'undefined') return;
  function point(lonAttr, latAttr) {
    var lon = parseFloat(box.getAttribute(lonAttr));
    var lat = parseFloat(box.getAttribute(latAttr));
    return isFinite(lon) && isFinite(lat) ? [lat, lon] : null;
  }
  var proposed = point('data-lon', 'data-lat');
  if (!proposed) return;
  var old = point('data-old-lon', 'data-old-lat');

  box.hidden = false;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', box.getAttribute('data-label') || 'Kaart');
  var map = L.map(box, { keyboard: true });
  L.tileLayer(box.getAttribute('data-tile-url'), {
    attribution: box.getAttribute('data-tile-attribution') || '',
    maxZoom: 19
  }).addTo(map);
  L.marker(proposed, { keyboard: false, title: box.getAttribute('data-new-label') || '' }).addTo(map);
  if (old) {
    // The point now: a grey circle, so the two cannot be mistaken.
    L.circleMarker(old, { radius: 8, color: '#4a4a4a', weight: 3, fillOpacity: 0.2 })
      .bindTooltip(box.getAttribute('data-old-label') || '')
      .addTo(map);
    map.fitBounds([proposed, old], { padding: [30, 30], maxZoom: 17 });
  } else {
    map.setView(proposed, 17);
  }
  box.setAttribute('data-map-ready', '');
})();

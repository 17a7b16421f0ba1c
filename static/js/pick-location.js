/* Haarvaten place form: click the map to set the point (lon/lat fields).
 * Progressive enhancement: without JavaScript or Leaflet the form works with
 * the buurt choice and typed address, and the lon/lat fields stay editable.
 * Settings come from data- attributes on [data-pick-location] (CSP: no
 * inline script).
 */
(function () {
  'use strict';
  var box = document.querySelector('[data-pick-location]');
  if (!box || typeof window.L === 'undefined') return;
  var lon = document.getElementById('lon');
  var lat = document.getElementById('lat');
  if (!lon || !lat) return;

  var NL = [3.3, 50.7, 7.3, 53.6];
  var parts = String(box.getAttribute('data-bounds') || '').split(',').map(Number);
  var b = parts.length === 4 && parts.every(isFinite) ? parts : NL;

  box.hidden = false;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', box.getAttribute('data-label') || 'Kaart');
  var map = L.map(box, { keyboard: true });
  L.tileLayer(box.getAttribute('data-tile-url'), {
    attribution: box.getAttribute('data-tile-attribution') || '',
    maxZoom: 19
  }).addTo(map);
  map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);

  var marker = null;
  function show(latlng) {
    if (marker) {
      marker.setLatLng(latlng);
    } else {
      marker = L.marker(latlng, { keyboard: false, title: box.getAttribute('data-label') || '' }).addTo(map);
    }
  }
  var x = parseFloat(lon.value);
  var y = parseFloat(lat.value);
  if (isFinite(x) && isFinite(y)) {
    show([y, x]);
    map.setView([y, x], 16);
  }
  map.on('click', function (e) {
    lon.value = e.latlng.lng.toFixed(6);
    lat.value = e.latlng.lat.toFixed(6);
    show(e.latlng);
  });
  function fromFields() {
    var a = parseFloat(lon.value.replace(',', '.'));
    var c = parseFloat(lat.value.replace(',', '.'));
    if (isFinite(a) && isFinite(c)) show([c, a]);
  }
  lon.addEventListener('change', fromFields);
  lat.addEventListener('change', fromFields);
  box.setAttribute('data-map-ready', '');
})();

/* Haarvaten map: progressive enhancement of the server-rendered place list.
 *
 * Every page that has a map also lists every place in HTML, so this script
 * only adds; when Leaflet or a request fails it leaves the page as it was and
 * says so politely. No inline script is allowed (CSP), so all input comes from
 * data- attributes on the map element:
 *
 *   <div class="map" data-map hidden data-places-url="/api/plekken.geojson?..."
 *     data-outlines-url="..." data-bounds="minlon,minlat,maxlon,maxlat"
 *     data-tile-url="..." data-tile-attribution="..." data-label="..."></div>
 */
(function () {
  'use strict';

  var TEXT = {
    nl: {
      loading: 'De plekken worden geladen.',
      noLeaflet: 'De kaart kan nu niet worden getoond. Alle plekken staan in de lijst op deze pagina.',
      placesFailed: 'De plekken konden niet op de kaart worden gezet. Alle plekken staan in de lijst op deze pagina.',
      outlinesFailed: 'De grenzen van de wijken konden niet worden geladen.',
      shown: function (n) { return n === 1 ? '1 plek op de kaart.' : n + ' plekken op de kaart.'; },
      cluster: function (n) { return n + ' plekken. Kies om in te zoomen.'; },
      openPlace: 'Bekijk deze plek',
      openWijk: 'Bekijk deze wijk',
      zoomIn: 'Inzoomen',
      zoomOut: 'Uitzoomen',
      closePopup: 'Sluiten',
      types: { huiskamer: 'Huiskamer', zelfbeheer: 'Plek in zelfbeheer', huis_van_de_wijk: 'Huis van de wijk' }
    },
    en: {
      loading: 'Loading places.',
      noLeaflet: 'The map cannot be shown right now. Every place is in the list on this page.',
      placesFailed: 'The places could not be put on the map. Every place is in the list on this page.',
      outlinesFailed: 'The neighbourhood borders could not be loaded.',
      shown: function (n) { return n === 1 ? '1 place on the map.' : n + ' places on the map.'; },
      cluster: function (n) { return n + ' places. Choose to zoom in.'; },
      openPlace: 'View this place',
      openWijk: 'View this district',
      zoomIn: 'Zoom in',
      zoomOut: 'Zoom out',
      closePopup: 'Close',
      types: { huiskamer: 'Living room', zelfbeheer: 'Self-managed place', huis_van_de_wijk: 'Community centre' }
    }
  };
  var lang = (document.documentElement.getAttribute('lang') || 'nl').slice(0, 2);
  var t = TEXT[lang] || TEXT.nl;

  // Netherlands, for a map element without usable data-bounds.
  var NL_BOUNDS = [3.3, 50.7, 7.3, 53.6];
  var DEBOUNCE_MS = 250;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function parseBounds(value) {
    var parts = String(value || '').split(',').map(Number);
    if (parts.length !== 4 || parts.some(function (x) { return !isFinite(x); })) return NL_BOUNDS;
    if (parts[0] > parts[2] || parts[1] > parts[3]) return NL_BOUNDS;
    return parts;
  }

  function withParams(url, params) {
    var query = Object.keys(params).map(function (k) {
      // Commas stay readable: they are legal in a query string.
      return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]).replace(/%2C/g, ',');
    }).join('&');
    return url + (url.indexOf('?') === -1 ? '?' : '&') + query;
  }

  function clamp(x, lo, hi) { return Math.min(hi, Math.max(lo, x)); }

  /* The status line under the map: a polite live region, so screen readers
   * hear "12 plekken op de kaart" without losing their place. */
  function statusLine(container) {
    var p = el('p', 'map-note');
    p.setAttribute('role', 'status');
    p.setAttribute('aria-live', 'polite');
    container.parentNode.insertBefore(p, container.nextSibling);
    return function (text) { p.textContent = text || ''; };
  }

  function typeLabel(props) {
    return props.type_label || t.types[props.type] || props.type || '';
  }

  function placePopup(props) {
    return function () {
      var box = el('div', 'map-popup');
      var name = el('strong', null, props.name || '');
      box.appendChild(name);
      var label = typeLabel(props);
      if (label) box.appendChild(el('div', null, label));
      if (props.url) {
        var a = el('a', null, t.openPlace);
        a.href = props.url;
        box.appendChild(a);
      }
      return box;
    };
  }

  function outlinePopup(props) {
    return function () {
      var box = el('div', 'map-popup');
      box.appendChild(el('strong', null, props.name || props.code || ''));
      var url = props.url || (props.code && /^WK\d+$/.test(props.code) ? '/wijken/' + props.code : null);
      if (url) {
        box.appendChild(el('br'));
        var a = el('a', null, t.openWijk);
        a.href = url;
        box.appendChild(a);
      }
      return box;
    };
  }

  function clusterIcon(count) {
    var size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
    var text = count >= 10000 ? Math.round(count / 1000) + 'k' : String(count);
    // A wider bubble for a longer count: three or more digits spilled out
    // of the fixed 40 px one. The disc fills the icon (site.css).
    var px = text.length <= 2 ? 40 : text.length === 3 ? 48 : 56;
    return L.divIcon({
      html: '<div><span>' + text + '</span></div>',
      className: 'marker-cluster marker-cluster-' + size,
      iconSize: L.point(px, px)
    });
  }

  function init(container) {
    var setStatus = statusLine(container);
    container.hidden = false;
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', container.getAttribute('data-label') || 'Kaart');

    var b = parseBounds(container.getAttribute('data-bounds'));
    var map = L.map(container, { keyboard: true, zoomSnap: 1, zoomControl: false });
    // Leaflet names its buttons in English; the page's language it is.
    L.control.zoom({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut }).addTo(map);
    map.on('popupopen', function (e) {
      var close = e.popup.getElement && e.popup.getElement().querySelector('.leaflet-popup-close-button');
      if (close) { close.setAttribute('aria-label', t.closePopup); close.setAttribute('title', t.closePopup); }
    });
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
    // The container's own label is enough; Leaflet's default keyboard focus
    // target is the container, which is what we want.

    var tileUrl = container.getAttribute('data-tile-url');
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        attribution: container.getAttribute('data-tile-attribution') || '',
        maxZoom: 19,
        crossOrigin: false
      }).addTo(map);
    }

    var outlinesUrl = container.getAttribute('data-outlines-url');
    if (outlinesUrl) {
      fetch(outlinesUrl, { headers: { Accept: 'application/geo+json, application/json' } })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(function (data) {
          L.geoJSON(data, {
            style: { color: '#0b5394', weight: 1.5, opacity: 0.8, fillOpacity: 0.03 },
            onEachFeature: function (feature, layer) {
              layer.bindPopup(outlinePopup(feature.properties || {}));
            }
          }).addTo(map).bringToBack();
        })
        .catch(function () { setStatus(t.outlinesFailed); });
    }

    var placesUrl = container.getAttribute('data-places-url');
    if (!placesUrl) return;

    var points = L.markerClusterGroup
      ? L.markerClusterGroup({
        chunkedLoading: true,
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        iconCreateFunction: function (cluster) {
          var n = cluster.getChildCount();
          // Read by _initIcon right after this call: the accessible name.
          cluster.options.title = t.cluster(n);
          return clusterIcon(n);
        }
      })
      : L.layerGroup();
    var serverClusters = L.layerGroup();
    points.addTo(map);
    serverClusters.addTo(map);

    var controller = null;
    var timer = null;
    var announced = false;

    function load() {
      if (controller) controller.abort();
      controller = typeof AbortController === 'function' ? new AbortController() : null;
      var own = controller;
      var bounds = map.getBounds();
      // Widen the box to whole tiles of this zoom level: everyone looking
      // at the same part of town then asks the same URL, which the server
      // and the browser can answer from their caches, and the server's
      // cluster grid stays put while panning a little.
      var step = 360 / Math.pow(2, clamp(map.getZoom(), 0, 22));
      var down = function (x) { return Math.floor(x / step) * step; };
      var up = function (x) { return Math.ceil(x / step) * step; };
      var bbox = [
        clamp(down(bounds.getWest()), -180, 180), clamp(down(bounds.getSouth()), -90, 90),
        clamp(up(bounds.getEast()), -180, 180), clamp(up(bounds.getNorth()), -90, 90)
      ].map(function (x) { return x.toFixed(5); }).join(',');
      var url = withParams(placesUrl, { bbox: bbox, zoom: map.getZoom() });
      container.setAttribute('aria-busy', 'true');
      fetch(url, { headers: { Accept: 'application/geo+json, application/json' }, signal: own ? own.signal : undefined })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(function (data) {
          if (own !== controller) return;
          draw(data && data.features ? data.features : []);
        })
        .catch(function (err) {
          if (err && err.name === 'AbortError') return;
          if (own === controller) setStatus(t.placesFailed);
        })
        .then(function () {
          if (own === controller) container.removeAttribute('aria-busy');
        });
    }

    function draw(features) {
      var markers = [];
      var bubbles = [];
      var total = 0;
      features.forEach(function (f) {
        var g = f && f.geometry;
        if (!g || g.type !== 'Point' || !g.coordinates) return;
        var latlng = L.latLng(g.coordinates[1], g.coordinates[0]);
        var p = f.properties || {};
        if (p.cluster === true) {
          var n = Number(p.count) || 0;
          total += n;
          var bubble = L.marker(latlng, { icon: clusterIcon(n), title: t.cluster(n), keyboard: true });
          var zoomIn = function () {
            if (Array.isArray(p.bbox) && p.bbox.length === 4 && p.bbox[0] < p.bbox[2]) {
              map.fitBounds([[p.bbox[1], p.bbox[0]], [p.bbox[3], p.bbox[2]]]);
            } else {
              map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
            }
          };
          bubble.on('click', zoomIn);
          // Leaflet turns Enter on a focused marker into `keypress`, not `click`.
          bubble.on('keypress', function (e) {
            if (e.originalEvent && (e.originalEvent.key === 'Enter' || e.originalEvent.keyCode === 13)) zoomIn();
          });
          bubbles.push(bubble);
        } else {
          total += 1;
          var name = (p.name || '') + (typeLabel(p) ? ' (' + typeLabel(p) + ')' : '');
          var m = L.marker(latlng, { title: name, alt: name, keyboard: true, riseOnHover: true });
          m.bindPopup(placePopup(p));
          markers.push(m);
        }
      });
      serverClusters.clearLayers();
      points.clearLayers();
      bubbles.forEach(function (m) { serverClusters.addLayer(m); });
      if (points.addLayers) points.addLayers(markers);
      else markers.forEach(function (m) { points.addLayer(m); });
      // Announce once, not on every pan: a live region that talks on each
      // map move is noise.
      if (!announced) { setStatus(t.shown(total)); announced = true; } else { setStatus(''); }
      container.setAttribute('data-map-ready', String(total));
    }

    map.on('moveend', function () {
      clearTimeout(timer);
      timer = setTimeout(load, DEBOUNCE_MS);
    });
    load();
  }

  function failed(container) {
    container.hidden = false;
    container.classList.add('map-unavailable');
    container.textContent = '';
    container.appendChild(el('p', 'map-note', t.noLeaflet));
  }

  function start() {
    var containers = document.querySelectorAll('[data-map]');
    for (var i = 0; i < containers.length; i++) {
      var c = containers[i];
      try {
        if (typeof window.L === 'undefined' || !L.map) failed(c);
        else init(c);
      } catch (e) {
        try { failed(c); } catch (_) { /* the list is still there */ }
      }
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());

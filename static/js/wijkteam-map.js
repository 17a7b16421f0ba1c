/* Haarvaten wijkteam map: progressive enhancement of the dashboard list.
 *
 * The list on the page is the source: every `.wt-place` item carries
 * data-lat, data-lon, data-name, data-recency, data-recency-label,
 * data-symbol and data-url. This script puts one marker per item on the
 * map, drawn as the same sign as in the list (square, triangle, circle),
 * with the recency in its accessible name, so colour is never the only
 * cue. Without Leaflet or JavaScript the list and legend stay as they are.
 *
 *   <div class="map" data-wijkteam-map hidden data-tile-url="..."
 *     data-tile-attribution="..." data-label="..." data-history-label="..."
 *     data-unavailable="..."></div>
 */
(function () {
  'use strict';

  var NL_BOUNDS = [[50.7, 3.3], [53.6, 7.3]];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function popup(item) {
    return function () {
      var box = el('div', 'map-popup');
      box.appendChild(el('strong', null, item.name));
      box.appendChild(el('div', null, item.symbol + ' ' + item.label));
      if (item.url) {
        var a = el('a', null, item.linkText);
        a.href = item.url;
        box.appendChild(a);
      }
      return box;
    };
  }

  function readItems(container) {
    var linkText = container.getAttribute('data-history-label') || '';
    var nodes = document.querySelectorAll('.wt-place[data-lat][data-lon]');
    var items = [];
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      var lat = parseFloat(n.getAttribute('data-lat'));
      var lon = parseFloat(n.getAttribute('data-lon'));
      if (!isFinite(lat) || !isFinite(lon)) continue;
      items.push({
        lat: lat,
        lon: lon,
        name: n.getAttribute('data-name') || '',
        recency: n.getAttribute('data-recency') || 'nooit',
        label: n.getAttribute('data-recency-label') || '',
        symbol: n.getAttribute('data-symbol') || '',
        url: n.getAttribute('data-url') || '',
        linkText: linkText
      });
    }
    return items;
  }

  function icon(item) {
    var span = el('span', null, item.symbol);
    span.setAttribute('aria-hidden', 'true');
    var wrap = el('div');
    wrap.appendChild(span);
    return L.divIcon({
      html: wrap.innerHTML,
      className: 'wt-marker wt-' + item.recency.replace(/[^a-z-]/g, ''),
      iconSize: [30, 30],
      iconAnchor: [15, 15],
      popupAnchor: [0, -14]
    });
  }

  function init(container) {
    var items = readItems(container);
    container.hidden = false;
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', container.getAttribute('data-label') || 'Kaart');
    var map = L.map(container, { keyboard: true, zoomSnap: 1 });
    var tileUrl = container.getAttribute('data-tile-url');
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        attribution: container.getAttribute('data-tile-attribution') || '',
        maxZoom: 19
      }).addTo(map);
    }
    var markers = items.map(function (item) {
      var name = item.name + ': ' + item.label;
      var m = L.marker([item.lat, item.lon], { icon: icon(item), title: name, keyboard: true, riseOnHover: true });
      m.bindPopup(popup(item));
      m.on('add', function () {
        var node = m.getElement();
        if (node) {
          node.setAttribute('role', 'button');
          node.setAttribute('aria-label', name);
        }
      });
      return m.addTo(map);
    });
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds().pad(0.15), { maxZoom: 16 });
    } else {
      map.fitBounds(NL_BOUNDS);
    }
    container.setAttribute('data-map-ready', String(markers.length));
  }

  function failed(container) {
    container.hidden = false;
    container.classList.add('map-unavailable');
    container.textContent = '';
    container.appendChild(el('p', 'map-note', container.getAttribute('data-unavailable') || ''));
  }

  function start() {
    var containers = document.querySelectorAll('[data-wijkteam-map]');
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

/* Haarvaten place form: suggests addresses while typing in the address
 * field, through the app's own /api/adres (the browser never asks a third
 * party; the CSP stays 'self'). Choosing one fills address, postcode and
 * the point (lon/lat, which moves the map's marker). Progressive
 * enhancement: without JavaScript the address is looked up on submit.
 * Settings come from data- attributes on [data-address-suggest].
 * The list follows the ARIA combobox pattern: arrow keys move, Enter
 * chooses, Escape closes.
 */
(function () {
  'use strict';
  var box = document.querySelector('[data-address-suggest]');
  var input = document.getElementById('adres');
  if (!box || !input || !window.fetch) return;
  var postcode = document.getElementById('postcode');
  var lon = document.getElementById('lon');
  var lat = document.getElementById('lat');
  var url = box.getAttribute('data-url') || '/api/adres';
  var found = box.getAttribute('data-found') || '';

  var list = document.createElement('ul');
  list.id = 'adres-suggesties';
  list.className = 'address-suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', box.getAttribute('data-label') || '');
  list.hidden = true;
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  input.parentNode.insertBefore(list, input.nextSibling);
  input.parentNode.insertBefore(status, list.nextSibling);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('autocomplete', 'off');

  var items = [];
  var active = -1;
  var timer = null;
  var asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function mark(i) {
    var options = list.querySelectorAll('[role=option]');
    for (var k = 0; k < options.length; k++) {
      options[k].setAttribute('aria-selected', k === i ? 'true' : 'false');
    }
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function set(field, value) {
    if (!field) return;
    field.value = value;
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }

  function choose(i) {
    var a = items[i];
    if (!a) return;
    input.value = a.adres;
    set(postcode, a.postcode);
    set(lon, a.lon.toFixed(6));
    set(lat, a.lat.toFixed(6));
    // The choice was made here: the form need not ask again on submit.
    var chosen = document.querySelector('input[name=adres_keuze][value="' + CSS.escape(a.id) + '"]');
    if (chosen) chosen.checked = true;
    status.textContent = a.label;
    close();
  }

  function show(answer) {
    items = (answer && answer.adressen) || [];
    list.textContent = '';
    items.forEach(function (a, i) {
      var li = document.createElement('li');
      li.id = 'adres-suggestie-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = a.label;
      // mousedown, not click: the field keeps its focus.
      li.addEventListener('mousedown', function (e) {
        e.preventDefault();
        choose(i);
      });
      list.appendChild(li);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      status.textContent = items.length + ' ' + found;
    } else {
      close();
    }
    active = -1;
  }

  function ask() {
    var q = input.value.trim();
    if (q.length < 3) {
      close();
      return;
    }
    var mine = ++asked;
    fetch(url + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) {
        // A slower answer to an older question is dropped.
        if (mine === asked) show(answer);
      })
      .catch(function () { close(); });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
  input.addEventListener('keydown', function (e) {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      mark(Math.min(active + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      mark(Math.max(active - 1, 0));
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', function () { setTimeout(close, 150); });
  box.setAttribute('data-suggest-ready', '');
})();

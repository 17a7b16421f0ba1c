/* "In de buurt van mij": the near-address form sends the browser's
 * location (lon/lat) instead of a typed address. Progressive enhancement:
 * the button shows only where the browser can tell its location; the
 * form works without it.
 */
(function () {
  'use strict';
  if (!navigator.geolocation) return;
  var forms = document.querySelectorAll('[data-near-form]');
  Array.prototype.forEach.call(forms, function (form) {
    var button = form.querySelector('[data-near-me]');
    var lon = form.querySelector('[data-near-lon]');
    var lat = form.querySelector('[data-near-lat]');
    var status = form.querySelector('[data-near-status]');
    var address = form.querySelector('input[name=adres]');
    if (!button || !lon || !lat) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      if (status) status.textContent = status.getAttribute('data-waiting') || '';
      navigator.geolocation.getCurrentPosition(function (pos) {
        lon.value = pos.coords.longitude.toFixed(5);
        lat.value = pos.coords.latitude.toFixed(5);
        lon.disabled = false;
        lat.disabled = false;
        // The page then says "in de buurt van uw locatie".
        if (address) address.value = '';
        form.submit();
      }, function () {
        if (status) status.textContent = status.getAttribute('data-failed') || '';
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 });
    });
  });
})();

/* The "Afdrukken" button of the overview reports. It needs JavaScript
 * (window.print), so it stays hidden without it; the browser's own print
 * command gives the same A4 report then (static/css/print.css). */
(function () {
  'use strict';
  var buttons = document.querySelectorAll('[data-print]');
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();

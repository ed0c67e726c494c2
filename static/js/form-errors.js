// A page that comes back with errors puts the focus on the first of them, so a keyboard or
// screen-reader user meets it at once: a field in error (its aria-describedby names the message)
// or a message that belongs to no single field.
(function () {
  "use strict";
  var first = document.querySelector(
    "main [aria-invalid='true'], main .errorlist.nonfield, main .messages .error, main fieldset > .errorlist");
  if (!first) return;
  if (!first.matches("input, select, textarea, button, a[href]")) first.setAttribute("tabindex", "-1");
  first.focus();
})();

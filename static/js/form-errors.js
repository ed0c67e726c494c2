// A page that comes back with errors puts the focus on the first of them, so a keyboard or
// screen-reader user meets it at once: the first field in error (its aria-describedby names the
// message), else the summary of errors, else a message. Without this script the summary at the
// top of the form links to each field in error.
(function () {
  "use strict";
  var first = document.querySelector("main [aria-invalid='true']") ||
    document.querySelector("main .error-summary, main .errorlist.nonfield, main .messages .error");
  if (!first) return;
  if (!first.matches("input, select, textarea, button, a[href]")) first.setAttribute("tabindex", "-1");
  first.focus();
})();

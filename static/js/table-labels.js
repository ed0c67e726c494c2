// On a phone a list table shows each row as a small card and hides its header row (site.css);
// each cell then carries its column's name (data-label). Templates set it where they can; this
// fills in the rest from the header, so no value loses its meaning. The first column is the
// row's own title and needs none.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("table.list"), function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    var names = Array.prototype.map.call(head.cells, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        if (row.cells.length !== names.length) return;  // e.g. an "empty" row spanning all columns
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (i > 0 && names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
        });
      });
    });
  });
})();

// The org tree by keyboard: each node is a <details> whose <summary> opens with Enter or Space
// (the browser does that); this adds the arrow keys of a tree: Down/Up move to the next/previous
// visible item, Right opens a node (or goes to its first child), Left closes it (or goes to its
// parent), Home/End go to the first/last item.
(function () {
  "use strict";
  function items(tree) {
    return Array.prototype.filter.call(tree.querySelectorAll("summary, a[href]"), function (el) {
      return el.getClientRects().length > 0;
    });
  }
  function move(tree, from, step) {
    var list = items(tree);
    var i = list.indexOf(from);
    var next = step === "first" ? list[0] : step === "last" ? list[list.length - 1] : list[i + step];
    if (next) next.focus();
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var tree = target.closest && target.closest("[data-tree]");
    if (!tree || event.altKey || event.ctrlKey || event.metaKey) return;
    var details = target.tagName === "SUMMARY" ? target.parentElement : null;
    switch (event.key) {
      case "ArrowDown": move(tree, target, 1); break;
      case "ArrowUp": move(tree, target, -1); break;
      case "Home": move(tree, target, "first"); break;
      case "End": move(tree, target, "last"); break;
      case "ArrowRight":
        if (!details) return;
        if (!details.open) details.open = true; else move(tree, target, 1);
        break;
      case "ArrowLeft":
        if (details && details.open) { details.open = false; break; }
        var parent = (details || target).parentElement.closest("details");
        if (parent) parent.querySelector("summary").focus();
        break;
      default: return;
    }
    event.preventDefault();
  });
})();

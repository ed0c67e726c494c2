// Django admin's autocomplete (select2) builds its own combobox and search box, named only by the
// chosen value: give them the field's label as their accessible name (WCAG 4.1.2).
(function () {
  "use strict";

  function labelId(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = select.id + "_label";
    return label.id;
  }

  function name(select) {
    var id = labelId(select);
    var box = select.nextElementSibling;
    if (!id || !box || !box.classList.contains("select2")) return;
    var rendered = box.querySelector(".select2-selection__rendered[id]");
    box.querySelectorAll(".select2-selection").forEach(function (el) {
      // the label first, then what is chosen (select2 shows it in the rendered span)
      el.setAttribute("aria-labelledby", rendered ? id + " " + rendered.id : id);
    });
    if (rendered && rendered.getAttribute("role") === "textbox") rendered.setAttribute("aria-labelledby", id);
    box.querySelectorAll(".select2-search__field").forEach(function (el) {
      el.setAttribute("aria-labelledby", id);
    });
  }

  function nameAll(root) {
    (root || document).querySelectorAll("select.admin-autocomplete").forEach(name);
  }

  // select2 starts some time after the page is parsed (jQuery's ready, then a timeout), and anew
  // for each added inline row: name its boxes whenever select2 puts one in.
  function isBox(node) {
    return node.nodeType === 1 && (node.classList.contains("select2") || node.querySelector(".select2"));
  }
  new MutationObserver(function (records) {
    if (records.some(function (r) { return Array.prototype.some.call(r.addedNodes, isBox); })) nameAll();
  }).observe(document.body, {childList: true, subtree: true});
  nameAll();

  // the dropdown's own search box exists only while it is open
  if (window.django && window.django.jQuery) {
    window.django.jQuery(document).on("select2:open", function (event) {
      var id = labelId(event.target);
      var open = document.querySelector(".select2-container--open .select2-dropdown .select2-search__field");
      if (id && open) open.setAttribute("aria-labelledby", id);
    });
  }
})();

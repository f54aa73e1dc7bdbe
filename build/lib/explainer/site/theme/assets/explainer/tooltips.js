// Tooltips for citation numbers, glossary terms and permalinks: the element's title, shown on
// hover and on keyboard focus. One listener for the whole page and nothing done until a reader
// points at something, so a page with a hundred citations costs no start-up time (Material's
// content.tooltips sets up every titled element at load: 250-400 ms of main-thread work on a
// throttled phone). WCAG 1.4.13: the tooltip can be hovered, stays until the pointer or focus
// leaves, and Escape closes it.
(function () {
  "use strict";
  var SCOPE = ".md-content article";
  var tip = null;
  var owner = null;

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "explainer-tooltip";
      tip.className = "explainer-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseleave", function (event) {
        if (!owner || !owner.contains(event.relatedTarget)) hide();
      });
      // Inside the main landmark, so that no content lies outside a landmark (axe: region).
      (document.querySelector("main") || document.body).appendChild(tip);
    }
    return tip;
  }

  function target(node) {
    var element = node && node.closest ? node.closest("[title], [data-tooltip]") : null;
    return element && element.closest(SCOPE) ? element : null;
  }

  function show(element) {
    if (element.hasAttribute("title")) {
      // The native tooltip would show as well: keep the text in data-tooltip from now on.
      element.setAttribute("data-tooltip", element.getAttribute("title"));
      element.removeAttribute("title");
    }
    var text = element.getAttribute("data-tooltip");
    if (!text) return;
    var box = tooltip();
    if (owner && owner !== element) hide();
    owner = element;
    box.textContent = text;
    box.hidden = false;
    element.setAttribute("aria-describedby", box.id);
    var rect = element.getBoundingClientRect();
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.max(8, Math.min(rect.left + rect.width / 2 - width / 2, document.documentElement.clientWidth - width - 8));
    var top = rect.bottom + 6;
    if (top + height > window.innerHeight && rect.top - height - 6 > 0) top = rect.top - height - 6;
    // left/top are viewport coordinates; the box is placed relative to its offset parent.
    var base = (box.offsetParent || document.body).getBoundingClientRect();
    box.style.left = (left - base.left) + "px";
    box.style.top = (top - base.top) + "px";
  }

  function hide() {
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    if (tip) tip.hidden = true;
  }

  document.addEventListener("mouseover", function (event) {
    var element = target(event.target);
    if (element && element !== owner) show(element);
  });
  document.addEventListener("mouseout", function (event) {
    if (owner && owner.contains(event.target) && !owner.contains(event.relatedTarget) &&
        !(tip && tip.contains(event.relatedTarget))) hide();
  });
  document.addEventListener("focusin", function (event) {
    var element = target(event.target);
    if (element) show(element);
  });
  document.addEventListener("focusout", function (event) {
    if (owner && owner === event.target) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && owner) hide();
  });
})();

// Keep the reader's place when switching languages. The switcher's links already point at the
// twin page (mkdocs-static-i18n); heading and citation IDs are the same in every language, so the
// current #anchor is carried over too. Updating the links (instead of catching clicks) keeps
// "open in new tab" and "copy link" right as well.
(function () {
  "use strict";
  function carryHash() {
    var links = document.querySelectorAll("a.md-select__link[hreflang]");
    for (var i = 0; i < links.length; i++) {
      links[i].hash = location.hash;
    }
  }
  carryHash();
  window.addEventListener("hashchange", carryHash);
})();

// The 404 page in the reader's language. GitHub Pages answers every missing address with the one
// 404.html at the site's root, which holds every language's message (all of them shown without
// JavaScript). This picks the language whose folder the address is in (the longest matching
// prefix) and makes the page speak it: <html lang>, the title, only that language's message, the
// words of the header, search box and navigation, and search in that language's own index.
// It runs before Material's bundle, which reads the __config it points at that index.
// What to change comes from scripts/explainer/site/notfound.py (script_data); this knows no language.
(function () {
  "use strict";
  var CHANGEABLE = ["text", "last-text", "href", "title", "aria-label", "placeholder", "dir"];
  var source = document.getElementById("explainer-404");
  if (!source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var path = location.pathname;
  var lang = data["default"];
  var best = -1;
  Object.keys(data.languages).forEach(function (code) {
    var prefix = data.languages[code].prefix;
    if ((path.indexOf(prefix) === 0 || path + "/" === prefix) && prefix.length > best) {
      lang = code;
      best = prefix.length;
    }
  });
  var words = data.languages[lang];
  if (!words) {
    return;
  }
  document.documentElement.setAttribute("lang", lang);
  document.title = words.title;
  var sections = document.querySelectorAll("section.not-found[lang]");
  for (var i = 0; i < sections.length; i++) {
    sections[i].hidden = sections[i].getAttribute("lang") !== lang;
  }
  var config = document.getElementById("__config");
  if (config) {
    var settings = JSON.parse(config.textContent);
    settings.base = words.base;
    settings.translations = settings.translations || {};
    Object.keys(words.translations).forEach(function (key) {
      settings.translations[key] = words.translations[key];
    });
    config.textContent = JSON.stringify(settings);
  }
  words.changes.forEach(function (change) {
    var what = change[1];
    if (CHANGEABLE.indexOf(what) < 0) {
      return;
    }
    var elements = document.querySelectorAll(change[0]);
    for (var j = 0; j < elements.length; j++) {
      if (what === "text") {
        elements[j].textContent = change[2];
      } else if (what === "last-text") {
        // The element's own last piece of text (the menu title after its logo): children stay.
        var nodes = elements[j].childNodes;
        for (var k = nodes.length - 1; k >= 0; k--) {
          if (nodes[k].nodeType === 3 && nodes[k].data.trim()) {
            nodes[k].data = change[2];
            break;
          }
        }
      } else {
        elements[j].setAttribute(what, change[2]);
      }
    }
  });
})();

// Search with the page language's stemming, as you type.
//
// Material's search worker (loaded below, unchanged) appends a wildcard to every word so results
// appear while typing ("artis" → "artis*"). lunr does not run its pipeline on wildcard terms, so
// with a stemmed index ("artists" → "artist", "Künstlern" → "kunstl") the full word "artists*"
// would find nothing. That is why Material turns stemming off by default. This worker keeps it on
// (each language has its own index and stemmer, see scripts/explainer/search.py) and stems the
// word before its wildcard with the index's own search pipeline: "artists*" → "artist*",
// "Künstlern*" → "kunstl*", "Kün*" → "kun*". Only lunr's public API is used.
//
// Material tells a query's missing words ("Missing: le") from its stop words with lunr's English
// list (lunr.stopWordFilter) whatever the index's language. Here that becomes the filter of the
// index's own pipeline (lunr.fr.stopWordFilter for a French index; none: no word is a stop word).
//
// The page's __config points here with ?material=<Material's worker file>, in the same folder,
// so that Material's relative paths (../lunr/…) still resolve.
/* global lunr */
"use strict";

importScripts(new URL(self.location.href).searchParams.get("material"));

(function () {
  var searchPipeline = null;

  // The pipeline queries run through: the one of the index being built (one index per worker).
  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    searchPipeline = this.searchPipeline;
    var own = null;
    this.pipeline.toJSON().forEach(function (label) {
      var match = /^stopWordFilter(?:-(\w+))?$/.exec(label);
      if (match) {
        own = match[1] ? lunr[match[1]].stopWordFilter : lunr.stopWordFilter;
      }
    });
    lunr.stopWordFilter = own || function (token) { return token; };
    return build.apply(this, arguments);
  };

  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (c) {
    clause.call(this, c);
    var term = c.term;
    if (searchPipeline && typeof term === "string" && term.length > 1 && term.slice(-1) === "*" &&
        term.indexOf("*") === term.length - 1) {
      var stems = searchPipeline.runString(term.slice(0, -1));
      if (stems.length && stems[0]) {
        c.term = stems[0] + "*";
      }
    }
    return this;
  };
})();

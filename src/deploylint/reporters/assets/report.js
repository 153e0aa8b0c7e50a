"use strict";
// Filters by severity, rule and environment; the URL fragment keeps them
// (#severity=error&rule=DL205&env=production). Nothing is loaded: the file is the report.
(function () {
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var findings = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding-row"));
  var files = Array.prototype.slice.call(document.querySelectorAll("section.file"));
  var networks = Array.prototype.slice.call(document.querySelectorAll("div.network"));
  var shown = document.getElementById("shown");

  function wanted() {
    var out = {};
    selects.forEach(function (s) { out[s.getAttribute("data-filter")] = s.value; });
    return out;
  }

  function matches(el, w) {
    if (w.severity && el.getAttribute("data-severity") !== w.severity) { return false; }
    if (w.rule && el.getAttribute("data-rule") !== w.rule) { return false; }
    var envs = (el.getAttribute("data-envs") || "").split(" ").filter(Boolean);
    return !w.env || envs.length === 0 || envs.indexOf(w.env) >= 0;
  }

  function apply() {
    var w = wanted();
    var count = 0;
    findings.forEach(function (el) {
      var ok = matches(el, w);
      el.hidden = !ok;
      if (ok) { count += 1; }
    });
    rows.forEach(function (el) { el.hidden = !!w.rule && el.getAttribute("data-rule") !== w.rule; });
    files.forEach(function (sec) { sec.hidden = !sec.querySelector("li.finding:not([hidden])"); });
    networks.forEach(function (net) {
      net.hidden = !!w.env && net.getAttribute("data-env") !== w.env;
    });
    if (shown) {
      var template = shown.getAttribute("data-template") || "{shown} of {total} findings shown";
      shown.textContent = template.replace("{shown}", count).replace("{total}", findings.length);
    }
    var parts = [];
    Object.keys(w).forEach(function (k) {
      if (w[k]) { parts.push(k + "=" + encodeURIComponent(w[k])); }
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash && history.replaceState) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }

  function fromHash() {
    var pairs = location.hash.replace(/^#/, "").split("&");
    pairs.forEach(function (pair) {
      var kv = pair.split("=");
      var s = document.querySelector('select[data-filter="' + kv[0].replace(/[^a-z]/g, "") + '"]');
      if (!s || kv.length !== 2) { return; }
      var value = decodeURIComponent(kv[1]);
      for (var i = 0; i < s.options.length; i += 1) {
        if (s.options[i].value === value) { s.value = value; }
      }
    });
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
}());

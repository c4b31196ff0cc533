// Regie's only script of its own: draw the charts of a page, keep HTMX strict.
// Charts are Vega-Lite specs in <script type="application/json"> blocks (inert data),
// drawn with the expression interpreter so the page's CSP needs no 'unsafe-eval'.
(function () {
  "use strict";
  var LOCALES = {
    nl: { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] },
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""] },
  };

  function draw(root) {
    var lang = document.body.getAttribute("data-lang") || "en";
    (root || document).querySelectorAll(".chart[data-spec]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) return;
      var source = document.getElementById(el.getAttribute("data-spec"));
      if (!source || !window.vegaEmbed) return;
      el.setAttribute("data-drawn", "1");
      window.vegaEmbed(el, JSON.parse(source.textContent), {
        mode: "vega-lite", // every spec is Vega-Lite; some carry no $schema to guess from
        actions: false,
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
        renderer: "svg",
        ast: true,
        expr: window.vegaExpressionInterpreter,
        formatLocale: LOCALES[lang] || LOCALES.en,
      }).then(function () { el.setAttribute("data-ready", "1"); })
        .catch(function (error) { el.textContent = String(error); el.setAttribute("data-error", "1"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      htmx.config.responseHandling = [
        { code: "204", swap: false },
        { code: "[23]..", swap: true },
        { code: "[45]..", swap: true, error: true },
      ];
    }
    draw(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();

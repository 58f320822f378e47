/* Mi Certificado: small progressive enhancements (no build step, no inline script).
   - [data-enfocar]: the error summary takes the focus when the page shows it.
   - <dialog data-abrir>: dialogs that htmx swaps in open themselves as modals.
   - [data-cerrar-dialogo]: buttons that close their dialog.
   - [data-marcar-todos="name"]: a checkbox that ticks every checkbox named "name". */
(function () {
  "use strict";
  function preparar(raiz) {
    var resumen = raiz.querySelector("[data-enfocar]");
    if (resumen) { resumen.focus(); }
    raiz.querySelectorAll("dialog[data-abrir]").forEach(function (d) {
      if (!d.open && d.showModal) { d.showModal(); }
    });
  }
  document.addEventListener("click", function (e) {
    var cerrar = e.target.closest("[data-cerrar-dialogo]");
    if (cerrar) {
      var dialogo = cerrar.closest("dialog");
      if (dialogo) { e.preventDefault(); dialogo.close(); dialogo.remove(); }
    }
  });
  document.addEventListener("change", function (e) {
    var nombre = e.target.getAttribute && e.target.getAttribute("data-marcar-todos");
    if (nombre) {
      document.querySelectorAll('input[type=checkbox][name="' + nombre + '"]').forEach(function (c) {
        if (!c.disabled) { c.checked = e.target.checked; }
      });
    }
  });
  document.addEventListener("DOMContentLoaded", function () { preparar(document); });
  document.addEventListener("htmx:afterSettle", function (e) { preparar(e.target); });
})();

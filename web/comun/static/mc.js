/* Mi Certificado: small progressive enhancements (no build step, no inline script).
   - [data-enfocar]: the error summary takes the focus when the page shows it.
   - <dialog data-abrir>: dialogs that htmx swaps in open themselves as modals.
   - [data-cerrar-dialogo]: buttons that close their dialog.
   - [data-marcar-todos="name"]: a checkbox that ticks every checkbox named "name".
   - .grilla: Enter in a cell goes to the next cell (as Tab does); in the last one it saves.
   - [data-permitidas]: shows the allowed grades of the focused cell (from its .permitidas).
   - [data-archivo-nombre]: beside a file picker (macro campo), the name of the chosen file. */
(function () {
  "use strict";
  var NINGUNO = "Ningún archivo elegido";
  function nombrarArchivo(entrada) {
    var nombre = document.getElementById(entrada.id + "-nombre");
    if (!nombre || !nombre.hasAttribute("data-archivo-nombre")) { return; }
    var archivos = Array.prototype.map.call(entrada.files || [], function (f) { return f.name; });
    nombre.textContent = archivos.length ? archivos.join(", ") : NINGUNO;
    nombre.hidden = false;
  }
  function preparar(raiz) {
    raiz.querySelectorAll("input[type=file]").forEach(nombrarArchivo);
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
    if (e.target.matches && e.target.matches("input[type=file]")) { nombrarArchivo(e.target); }
    var nombre = e.target.getAttribute && e.target.getAttribute("data-marcar-todos");
    if (nombre) {
      document.querySelectorAll('input[type=checkbox][name="' + nombre + '"]').forEach(function (c) {
        if (!c.disabled) { c.checked = e.target.checked; }
      });
    }
  });
  document.addEventListener("keydown", function (e) {
    var celda = e.target;
    if (e.key !== "Enter" || !celda.matches || !celda.matches(".grilla td input[type=text]")) {
      return;
    }
    var celdas = Array.prototype.slice.call(
      celda.form.querySelectorAll("td input[type=text]"));
    var siguiente = celdas[celdas.indexOf(celda) + 1];
    if (siguiente) { e.preventDefault(); siguiente.focus(); siguiente.select(); }
  });
  document.addEventListener("focusin", function (e) {
    var fila = e.target.closest && e.target.closest(".grilla tr");
    var destino = document.querySelector("[data-permitidas]");
    if (!fila || !destino) { return; }
    var texto = fila.querySelector(".permitidas");
    destino.textContent = texto ? texto.textContent : "";
  });
  document.addEventListener("DOMContentLoaded", function () { preparar(document); });
  document.addEventListener("htmx:afterSettle", function (e) { preparar(e.target); });
})();

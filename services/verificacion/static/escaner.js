/* Reads a certificate's QR with the device's camera (jsQR, vendored) and opens its
   verification on this same site. Frames never leave the device: only the decoded code
   (and the seal the QR carries) goes into the address of this site's own page. */
(function () {
  "use strict";
  var caja = document.getElementById("escaner");
  var iniciar = document.getElementById("iniciar-escaner");
  var detener = document.getElementById("detener-escaner");
  var estado = document.getElementById("estado-escaner");
  var video = document.getElementById("video-escaner");
  var lienzo = document.getElementById("lienzo-escaner");
  if (!caja || !window.jsQR || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return; // no camera API: the typed code form above still works
  }
  var flujo = null;
  var CODIGO = /^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/;

  function decir(texto) { estado.textContent = texto; }

  function destino(texto) {
    /* This site's page for what the QR says, or null when it is not one of our QRs. */
    texto = (texto || "").trim();
    if (CODIGO.test(texto)) {
      return "/v/?codigo=" + encodeURIComponent(texto);
    }
    var url;
    try { url = new URL(texto); } catch (e) { return null; }
    var partes = url.pathname.match(/\/v\/([0-9A-Za-z-]{16,19})$/);
    if (!partes || !CODIGO.test(partes[1])) { return null; }
    var sello = url.searchParams.get("s");
    return "/v/" + encodeURIComponent(partes[1]) + (sello ? "?s=" + encodeURIComponent(sello) : "");
  }

  function parar() {
    if (flujo) { flujo.getTracks().forEach(function (p) { p.stop(); }); }
    flujo = null;
    video.classList.add("oculto");
    detener.classList.add("oculto");
    iniciar.classList.remove("oculto");
  }

  function leerCuadro() {
    if (!flujo) { return; }
    if (video.readyState >= 2 && video.videoWidth > 0) {
      lienzo.width = video.videoWidth;
      lienzo.height = video.videoHeight;
      var ctx = lienzo.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, lienzo.width, lienzo.height);
      var imagen = ctx.getImageData(0, 0, lienzo.width, lienzo.height);
      var leido = window.jsQR(imagen.data, imagen.width, imagen.height);
      if (leido && leido.data) {
        var ir = destino(leido.data);
        if (ir) {
          decir(caja.dataset.mensajeLeido);
          parar();
          window.location.assign(ir);
          return;
        }
        decir(caja.dataset.mensajeAjeno);
      }
    }
    window.setTimeout(leerCuadro, 150);
  }

  iniciar.addEventListener("click", function () {
    decir(caja.dataset.mensajeLeyendo);
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        flujo = s;
        video.srcObject = s;
        video.classList.remove("oculto");
        detener.classList.remove("oculto");
        iniciar.classList.add("oculto");
        return video.play();
      })
      .then(leerCuadro)
      .catch(function () { parar(); decir(caja.dataset.mensajeSinCamara); });
  });
  detener.addEventListener("click", function () { parar(); decir(""); });
  iniciar.classList.remove("oculto");
}());

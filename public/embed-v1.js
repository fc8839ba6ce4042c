// idv-capture embed helper, version 1 (the messages it reads are envelope version 1).
// No build step: load it from the platform that serves the app, then
//
//   <script src="https://idv.example.com/embed-v1.js"></script>
//   <script>
//     const flow = IdvCapture.open({
//       url: startUrlFromYourBackend,          // the session's start_url
//       onComplete: (m) => ...,                // m.status: completed | successful | rejected
//       onCancel: (m) => ...,
//       onError: (m) => ...,                   // m.code: token_expired | invalid_token | network | ...
//       onEvent: (m) => ...,                   // every message: ready, screen, step_completed, layout, ...
//     });
//     flow.close();                            // asks the app to stop, then removes the frame
//   </script>
//
// It opens the flow in a modal <iframe allow="camera">, tells the app this page's origin (the
// app posts to that origin only), accepts messages only from the app's origin and frame, sizes
// the frame from the app's layout messages, and closes on Escape. See docs/embedding.md.
(function () {
  'use strict';
  var SOURCE = 'idv-capture';
  var VERSION = 1;

  function call(fn, message) {
    if (typeof fn === 'function') {
      try { fn(message); } catch (e) { setTimeout(function () { throw e; }); }
    }
  }

  function open(options) {
    if (!options || !options.url) {
      throw new Error('IdvCapture.open: options.url (the session start_url) is required');
    }
    var url = new URL(options.url, location.href);
    var appOrigin = url.origin;
    url.searchParams.set('embed_origin', location.origin);

    var overlay = document.createElement('div');
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', options.title || 'Identity verification');
    overlay.setAttribute('data-idv-capture', 'overlay');
    var s = overlay.style;
    s.position = 'fixed'; s.inset = '0'; s.zIndex = '2147483000'; s.display = 'flex';
    s.alignItems = 'center'; s.justifyContent = 'center'; s.background = 'rgba(0,0,0,0.55)';

    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = options.title || 'Identity verification';
    frame.setAttribute('allow', 'camera; fullscreen');
    frame.setAttribute('data-idv-capture', 'frame');
    var f = frame.style;
    f.border = '0'; f.width = 'min(480px, 100vw)'; f.height = 'min(720px, 100vh)';
    f.maxHeight = '100vh'; f.background = '#fff'; f.borderRadius = '12px';
    overlay.appendChild(frame);
    (options.container || document.body).appendChild(overlay);

    var closed = false;
    function cleanup() {
      if (closed) return;
      closed = true;
      window.removeEventListener('message', onMessage);
      document.removeEventListener('keydown', onKey);
      if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
    }
    function onMessage(e) {
      // Only the app's own frame, from the app's origin, in the app's envelope.
      if (e.origin !== appOrigin || e.source !== frame.contentWindow) return;
      var m = e.data;
      if (!m || typeof m !== 'object' || m.source !== SOURCE || m.version !== VERSION) return;
      if (m.type === 'layout' && typeof m.height === 'number') {
        f.height = 'min(' + Math.max(320, Math.ceil(m.height)) + 'px, 100vh)';
      }
      call(options.onEvent, m);
      if (m.type === 'completed') call(options.onComplete, m);
      else if (m.type === 'cancelled') call(options.onCancel, m);
      else if (m.type === 'error') call(options.onError, m);
      else if (m.type === 'closed') cleanup();
    }
    function close() {
      if (closed) return;
      try {
        frame.contentWindow.postMessage({ source: 'idv-host', version: VERSION, type: 'close' }, appOrigin);
      } catch (e) { /* the frame is gone already */ }
      // The app answers `closed`; if it cannot (still loading), the frame goes anyway.
      setTimeout(cleanup, 1000);
    }
    function onKey(e) {
      if (e.key === 'Escape') close();
    }
    window.addEventListener('message', onMessage);
    document.addEventListener('keydown', onKey);
    return { frame: frame, close: close };
  }

  window.IdvCapture = { version: VERSION, open: open };
})();

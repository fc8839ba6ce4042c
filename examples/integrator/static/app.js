// Example Bank's page: asks its backend for a session, opens the flow with idv-capture's embed
// helper (loaded from the app's origin), lists the events the helper passes on, and, when the
// flow says it is done, asks its backend for the outcome, which the backend reads from the
// platform. The page never takes a message's word for the result.
(function () {
  'use strict';

  var $ = function (id) { return document.querySelector('[data-testid="' + id + '"]'); };
  var form = $('start-form');
  var start = $('start');
  var workflow = $('workflow');
  var status = $('status');
  var finalStatus = $('final-status');
  var events = $('events');
  var ignored = $('ignored');

  var flow = null;
  var sessionId = null;
  // Messages the helper passed to onEvent, until they are listed with their origin.
  var accepted = new Set();
  // Only the newest outcome request may write the result (answers can cross).
  var asked = 0;

  function say(text) { status.textContent = text; }

  function getJson(response) {
    return response.json().then(function (body) {
      if (!response.ok) {
        var e = body && body.error;
        throw new Error(e ? e.code + ': ' + e.message : 'HTTP ' + response.status);
      }
      return body;
    });
  }

  function details(m) {
    var parts = [];
    ['screen', 'step', 'step_count', 'status', 'code', 'reason', 'height', 'dir'].forEach(function (k) {
      if (m[k] !== undefined) parts.push(k + '=' + m[k]);
    });
    return parts.join(' ');
  }

  function list(into, testid, m, origin) {
    var li = document.createElement('li');
    li.setAttribute('data-testid', testid);
    li.setAttribute('data-type', String(m.type));
    li.setAttribute('data-origin', origin);
    li.textContent = m.type + ' from ' + origin + (details(m) ? ' (' + details(m) + ')' : '');
    into.appendChild(li);
  }

  // For the demonstration only: every message that reaches this window, with its origin. The
  // helper's onEvent runs in the same task as this listener (before or after it), so a moment
  // later each message is known as accepted (listed with the events) or ignored.
  window.addEventListener('message', function (e) {
    var m = e.data;
    if (!m || typeof m !== 'object' || m.source !== 'idv-capture') return;
    setTimeout(function () {
      if (accepted.delete(m)) list(events, 'event', m, e.origin);
      else list(ignored, 'ignored-message', m, e.origin);
    }, 0);
  });

  function readOutcome() {
    var mine = ++asked;
    return fetch('/api/verifications/' + encodeURIComponent(sessionId))
      .then(getJson)
      .then(function (o) {
        if (mine !== asked) return;
        finalStatus.textContent = 'Session ' + o.session_id + ': ' + o.status +
          (o.decided ? '' : ' (not decided yet)');
        finalStatus.setAttribute('data-status', o.status);
        finalStatus.setAttribute('data-decided', String(o.decided));
      })
      .catch(function (e) { say('Could not read the result: ' + e.message); });
  }

  function finished(text) {
    say(text);
    start.disabled = false;
    if (flow) flow.close();
    flow = null;
  }

  function open(session) {
    sessionId = session.session_id;
    finalStatus.textContent = 'Nothing yet.';
    finalStatus.removeAttribute('data-status');
    finalStatus.removeAttribute('data-decided');
    say('Session ' + sessionId + ' is open in the dialog.');
    flow = IdvCapture.open({
      url: session.start_url,
      title: 'Verify your identity with Example Bank',
      onEvent: function (m) { accepted.add(m); },
      onComplete: function (m) {
        // `completed` first (all submitted), then the decision; the backend has the truth.
        readOutcome();
        if (m.status !== 'completed') finished('The flow has ended; the result is the platform\'s.');
      },
      onCancel: function () {
        readOutcome();
        finished('The flow was cancelled.');
      },
      onError: function (m) {
        if (m.code === 'camera_denied') {
          // Not the end: the app offers an upload instead. `reason: frame` means this page did
          // not let the frame use the camera (allow="camera", Permissions-Policy).
          say('The camera was refused (' + (m.reason || 'unknown') + '); the flow offers an upload.');
          return;
        }
        finished('The flow cannot go on (' + m.code + '): start again for a new link.');
      }
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    start.disabled = true;
    say('Creating a session\u2026');
    fetch('/api/verifications', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ workflow: workflow.value })
    })
      .then(getJson)
      .then(open)
      .catch(function (e) {
        start.disabled = false;
        say('Could not start: ' + e.message);
      });
  });

  // The helper comes from the app's origin, so it always matches the app it opens.
  fetch('/api/config')
    .then(getJson)
    .then(function (config) {
      return new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = config.app_origin + '/embed-v1.js';
        script.onload = resolve;
        script.onerror = function () { reject(new Error('cannot load ' + script.src)); };
        document.head.appendChild(script);
      });
    })
    .then(function () {
      start.disabled = false;
      say('Ready.');
    })
    .catch(function (e) { say('The embed helper did not load: ' + e.message); });
})();

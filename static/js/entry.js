// The one-line timeline form of an incident page: Enter logs from any of its fields without leaving the page, a
// letter typed on a select goes to the text, and a preview says how the line will be read (the server reads it: one
// grammar, see EntryLine.java). New rows are placed by timeline.js, loaded before this file.
(function () {
  'use strict';

  var timeline = window.hindsightTimeline;
  if (!timeline || !window.fetch) {
    return;
  }
  var parse = timeline.parse;
  var place = timeline.place;
  var markDays = timeline.markDays;
  var arrived = timeline.arrived;
  var list = timeline.list;

  var form = document.getElementById('timeline-entry');
  var feedback = document.getElementById('entry-feedback');
  var preview = document.getElementById('entry-preview');
  if (form && feedback) {
    var textField = form.querySelector('[name=text]');

    // Enter logs from every control of the form. In a select, a typed letter goes to the text instead of
    // choosing an option by its first letter, so "S..." never sets the key moment Start without a look.
    form.addEventListener('keydown', function (event) {
      var target = event.target;
      if (target.tagName !== 'SELECT' || event.isComposing) {
        return;
      }
      if (event.key === 'Enter') {
        event.preventDefault();
        // a held key repeats: one event per press
        if (!event.repeat) {
          form.requestSubmit();
        }
      } else if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        textField.focus();
        var end = textField.value.length;
        textField.setRangeText(event.key, end, end, 'end');
        textField.dispatchEvent(new Event('input', {bubbles: true}));
      }
    });

    // How the line will be read, asked from the server (the one reader of the grammar) while typing.
    var previewTimer = null;
    var previewSeq = 0;
    function askPreview() {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(function () {
        var seq = ++previewSeq;
        if (!textField.value.trim()) {
          preview.replaceChildren();
          return;
        }
        fetch(form.getAttribute('data-preview-url'), {method: 'POST', body: new FormData(form),
          headers: {'HX-Request': 'true'}, credentials: 'same-origin'})
          .then(function (response) {
            if (!response.ok || response.redirected) {
              throw new Error('HTTP ' + response.status);
            }
            return response.text();
          })
          .then(function (html) {
            var fresh = parse(html).querySelector('#entry-preview');
            if (seq === previewSeq && fresh) {
              preview.replaceChildren.apply(preview, Array.prototype.slice.call(fresh.childNodes));
            }
          })
          .catch(function () {
            // a hint only: logging still says how the line was read
          });
      }, 200);
    }
    if (preview) {
      form.addEventListener('input', askPreview);
      form.addEventListener('change', askPreview);
    }

    var sending = false;
    function value(name) {
      var field = form.querySelector('[name=' + name + ']');
      return field ? field.value : null;
    }
    // after a logged event, a field is emptied only if it still holds what was sent: what the responder typed
    // meanwhile (the next line, another kind) stays
    function clearSent(name, sent, empty) {
      var field = form.querySelector('[name=' + name + ']');
      if (!field || sent === null) {
        return;
      }
      if (field.value === sent) {
        field.value = empty;
      } else if (name === 'text' && sent && field.value.indexOf(sent) === 0) {
        field.value = field.value.substring(sent.length).replace(/^\s+/, '');
      }
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      // one request at a time: a second Enter while the first is on its way logs nothing twice
      if (sending) {
        return;
      }
      sending = true;
      var sent = {text: value('text'), at: value('at'), kind: value('kind'), keyMoment: value('keyMoment')};
      var button = form.querySelector('button[type=submit]');
      button.disabled = true;
      fetch(form.action, {method: 'POST', body: new FormData(form), headers: {'HX-Request': 'true'},
        credentials: 'same-origin'})
        .then(function (response) {
          return response.text().then(function (html) {
            var fragment = parse(html);
            feedback.replaceChildren();
            if (response.status === 201) {
              fragment.querySelectorAll('li.event').forEach(function (row) {
                if (place(row, true)) {
                  arrived(row);
                }
              });
              markDays();
              clearTimeout(previewTimer);
              previewSeq++;
              preview.replaceChildren();
              var understood = fragment.querySelector('.entry-understood');
              if (understood) {
                feedback.appendChild(understood);
              }
              var pending = fragment.querySelector('.pending-changes');
              if (pending) {
                feedback.appendChild(pending);
              }
              clearSent('text', sent.text, '');
              clearSent('at', sent.at, '');
              clearSent('kind', sent.kind, 'NOTE');
              // offered only to those who may set key moments
              clearSent('keyMoment', sent.keyMoment, '');
            } else if (response.status === 401 || response.status === 403 || response.redirected) {
              var ended = document.createElement('p');
              ended.className = 'field-error';
              ended.textContent = list.getAttribute('data-not-logged') ||
                'Not logged: your session ended. Your text is still here; sign in again in another tab, then retry.';
              feedback.appendChild(ended);
            } else if (response.status === 422 || fragment.querySelector('.entry-errors .field-error')) {
              // what was wrong with the entry, or (503) that the incident was busy: nothing logged, text kept
              fragment.querySelectorAll('.field-error').forEach(function (error) {
                feedback.appendChild(error);
                var field = form.querySelector('[name="' + error.getAttribute('data-field') + '"]');
                if (field) {
                  field.classList.add('invalid');
                }
              });
            } else {
              var p = document.createElement('p');
              p.className = 'field-error';
              p.textContent = 'Not logged (HTTP ' + response.status + '). Your text is still here; try again.';
              feedback.appendChild(p);
            }
          });
        })
        .catch(function () {
          var p = document.createElement('p');
          p.className = 'field-error';
          p.textContent = 'Not logged: the server did not answer. Your text is still here; try again.';
          feedback.replaceChildren(p);
        })
        .finally(function () {
          sending = false;
          button.disabled = false;
          form.querySelectorAll('.invalid').forEach(function (field) {
            if (!feedback.querySelector('[data-field="' + field.name + '"]')) {
              field.classList.remove('invalid');
            }
          });
          form.querySelector('[name=text]').focus();
        });
    });
  }

})();

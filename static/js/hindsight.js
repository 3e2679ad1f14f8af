// Small progressive enhancements. No inline scripts anywhere (the Content-Security-Policy forbids them).
(function () {
  'use strict';

  // <form data-confirm="Question?">: ask before a destructive submit.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // <input data-multiple list="…">: names separated by commas. The browser matches a datalist against the whole
  // field, so each suggestion is given what was typed up to the last comma in front of its name (data-username):
  // the suggestions then complete the name being typed and keep the ones before it.
  document.addEventListener('input', function (event) {
    var input = event.target;
    if (!input.hasAttribute || !input.hasAttribute('data-multiple')) {
      return;
    }
    var list = document.getElementById(input.getAttribute('list'));
    if (!list) {
      return;
    }
    var start = input.value.lastIndexOf(',') + 1;
    while (start > 0 && start < input.value.length && /\s/.test(input.value.charAt(start))) {
      start++;
    }
    var before = input.value.slice(0, start);
    var options = list.querySelectorAll('option[data-username]');
    for (var i = 0; i < options.length; i++) {
      options[i].value = before + options[i].getAttribute('data-username');
    }
  });

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button') : null;
    if (!button) {
      return;
    }
    // <button data-fill-timezone="fieldId">: select the browser's own time zone in that <select>.
    var fieldId = button.getAttribute('data-fill-timezone');
    if (fieldId) {
      var select = document.getElementById(fieldId);
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (select && zone) {
        for (var i = 0; i < select.options.length; i++) {
          if (select.options[i].value === zone) {
            select.selectedIndex = i;
            break;
          }
        }
      }
    }
    // <button data-copy="elementId">: copy that element's text.
    var copyId = button.getAttribute('data-copy');
    if (copyId && navigator.clipboard) {
      var source = document.getElementById(copyId);
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = '\u2713';
      });
    }
  });
})();

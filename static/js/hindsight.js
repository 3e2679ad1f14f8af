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

  // <button data-confirm="Question?"> (a button of a shared form, as the timeline rows' Delete): ask before it submits.
  // On the click, which Enter and Space on the button also give, so no browser depends on event.submitter.
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-confirm]');
    if (button && !window.confirm(button.getAttribute('data-confirm'))) {
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

  // <form id="f" data-bulk="ticked">: a panel for the checkboxes of that form (form="f", anywhere on the page),
  // shown only while one of them is ticked, or while it shows an error. Without script it simply stays visible.
  // <p id="f-jump"> holds a link to it, shown (with the number ticked) while the panel is shown but out of view.
  var panelInView = {};

  function showWhenTicked(panel) {
    var ticked = Array.prototype.filter.call(document.querySelectorAll('input[type=checkbox][name=selected]'),
      function (box) { return box.form === panel && box.checked; }).length;
    panel.hidden = ticked === 0 && !panel.querySelector('.field-error, .flash-error');
    var jump = document.getElementById(panel.id + '-jump');
    if (jump) {
      var count = jump.querySelector('.ticked-count');
      if (count) {
        count.textContent = String(ticked);
      }
      jump.hidden = panel.hidden || ticked === 0 || panelInView[panel.id] === true;
    }
  }

  function bulkPanels() {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-bulk=ticked]'), function (panel) {
      if (window.IntersectionObserver && !panel.hasAttribute('data-watched')) {
        panel.setAttribute('data-watched', '');
        new IntersectionObserver(function (entries) {
          panelInView[panel.id] = entries[entries.length - 1].isIntersecting;
          showWhenTicked(panel);
        }).observe(panel);
      }
      showWhenTicked(panel);
    });
  }

  document.addEventListener('change', function (event) {
    var box = event.target;
    if (box.type === 'checkbox' && box.name === 'selected' && box.form && box.form.getAttribute('data-bulk') === 'ticked') {
      showWhenTicked(box.form);
    }
  });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', bulkPanels);
  } else {
    bulkPanels();
  }
  // a page restored from the back/forward cache keeps its ticks: the panel follows them
  window.addEventListener('pageshow', bulkPanels);
})();

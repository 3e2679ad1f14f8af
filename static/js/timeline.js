// The live timeline of an incident page: logging without leaving the page, and new events from others
// appearing without a reload. Works on any number of app instances: it asks the server for everything after
// the revision it shows (GET .../timeline/changes?since=n), and stops asking while the tab is hidden.
(function () {
  'use strict';

  var list = document.getElementById('timeline');
  if (!list || !window.fetch) {
    return;
  }
  var POLL_MS = 3000;
  var MAX_BACKOFF_MS = 30000;
  var changesUrl = list.getAttribute('data-changes-url');
  var revision = Number(list.getAttribute('data-revision'));
  var timer = null;
  var delay = POLL_MS;
  var polling = false;

  function parse(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    return template.content;
  }

  // The order rows are shown in: the viewer's choice; AUTO is newest first on a phone-sized screen.
  var order = list.getAttribute('data-order');
  var newestFirst = order === 'NEWEST_FIRST' ||
    (order === 'AUTO' && window.matchMedia && window.matchMedia('(max-width: 40rem)').matches);
  if (newestFirst && order === 'AUTO') {
    // the server sent them oldest first: turn them round, with the way to earlier events after them
    var shown = Array.prototype.slice.call(list.querySelectorAll('li.event'));
    shown.reverse().forEach(function (row) { list.appendChild(row); });
    var earlierLink = document.getElementById('timeline-earlier');
    if (earlierLink) {
      list.after(earlierLink);
    }
    var toggle = document.getElementById('timeline-order-toggle');
    if (toggle) {
      toggle.textContent = toggle.getAttribute('data-show-oldest');
      toggle.form.querySelector('[name=order]').value = 'OLDEST_FIRST';
    }
  }
  list.setAttribute('data-shown-order', newestFirst ? 'newest' : 'oldest');

  function key(row) {
    return {at: row.getAttribute('data-at'), logged: Number(row.getAttribute('data-logged')),
      id: Number(row.id.replace('event-', ''))};
  }

  // whether a is later than b: in time, then (the same second) in when it was logged, then in id; as the server orders
  // them (ids alone are not in logging order across instances)
  function later(a, b) {
    if (a.at !== b.at) {
      return a.at > b.at;
    }
    return a.logged !== b.logged ? a.logged > b.logged : a.id > b.id;
  }

  // Rows are ordered by time, then when logged, then id (in the viewer's order); a row that is already there is replaced.
  // Answers whether the row is new on the page.
  function place(row, keepOutOfWindow) {
    var existing = document.getElementById(row.id);
    if (row.getAttribute('data-removed')) {
      if (existing) {
        existing.remove();
      }
      return false;
    }
    var mine = key(row);
    var rows = list.querySelectorAll('li.event');
    // a change to an event older than the window shown stays out of it (its page shows it when loaded)
    if (!existing && !keepOutOfWindow && document.getElementById('timeline-earlier') && rows.length > 0) {
      var oldest = key(rows[newestFirst ? rows.length - 1 : 0]);
      if (later(oldest, mine)) {
        return false;
      }
    }
    if (existing) {
      existing.remove();
      rows = list.querySelectorAll('li.event');
    }
    var before = null;
    for (var i = 0; i < rows.length && !before; i++) {
      var other = key(rows[i]);
      if (newestFirst ? later(mine, other) : later(other, mine)) {
        before = rows[i];
      }
    }
    list.insertBefore(row, before);
    if (existing && unseen.indexOf(row.id) >= 0) {
      showUnseen(); // an updated row stays unseen: it is kept by id
    }
    return !existing;
  }

  // "n new events": rows that arrived out of view, by id (a row replaced by an update stays unseen), until they
  // are seen below the sticky form or the button is pressed.
  var newEvents = document.getElementById('new-events');
  var entryForm = document.getElementById('timeline-entry');
  var unseen = [];

  // the top of what the reader sees: below the form that stays in view at the top of the window
  function viewTop() {
    return entryForm ? Math.max(0, entryForm.getBoundingClientRect().bottom) : 0;
  }

  function inView(row) {
    var rect = row.getBoundingClientRect();
    return rect.bottom > viewTop() && rect.top < (window.innerHeight || document.documentElement.clientHeight);
  }

  function checkSeen() {
    var before = unseen.length;
    unseen = unseen.filter(function (id) {
      var row = document.getElementById(id);
      return row && !inView(row);
    });
    if (unseen.length !== before) {
      showUnseen();
    }
  }

  function arrived(row) {
    if (!newEvents || inView(row) || unseen.indexOf(row.id) >= 0) {
      return;
    }
    unseen.push(row.id);
    showUnseen();
  }

  function newestUnseen() {
    var rows = unseen.map(function (id) { return document.getElementById(id); }).filter(Boolean);
    return rows.reduce(function (a, b) { return later(key(a), key(b)) ? a : b; }, rows[0]);
  }

  function showUnseen() {
    if (!newEvents) {
      return;
    }
    var newest = newestUnseen();
    if (!newest) {
      unseen = [];
      newEvents.hidden = true;
      return;
    }
    var below = newest.getBoundingClientRect().top > viewTop();
    var label = unseen.length === 1 ? newEvents.getAttribute('data-one')
      : newEvents.getAttribute('data-many').replace('%n', String(unseen.length));
    newEvents.textContent = label + (below ? ' \u2193' : ' \u2191');
    newEvents.hidden = false;
  }

  if (newEvents) {
    window.addEventListener('scroll', function () {
      if (unseen.length > 0) {
        checkSeen();
      }
    }, {passive: true});
    newEvents.addEventListener('click', function () {
      var newest = newestUnseen();
      if (newest) {
        newest.scrollIntoView({block: 'center'});
      }
      unseen = [];
      showUnseen();
    });
  }

  // A day heading shows on the first row of each day (in the viewer's zone).
  function markDays() {
    var previous = null;
    list.querySelectorAll('li.event').forEach(function (row) {
      var day = row.getAttribute('data-day');
      row.classList.toggle('same-day', day === previous);
      previous = day;
    });
    var empty = document.getElementById('timeline-empty');
    if (empty) {
      empty.hidden = list.querySelector('li.event') !== null;
    }
  }

  function apply(fragment) {
    fragment.querySelectorAll('li[id^="event-"]').forEach(function (row) {
      if (place(row, false)) {
        arrived(row);
      }
    });
    ['incident-summary', 'incident-head'].forEach(function (id) {
      var fresh = fragment.getElementById ? fragment.getElementById(id) : fragment.querySelector('#' + id);
      var current = document.getElementById(id);
      // keep a status choice the user is making right now
      if (fresh && current && !current.contains(document.activeElement)) {
        current.replaceWith(fresh);
      }
    });
    markDays();
  }

  // "Show the n earlier events": the next page of them goes above the rows shown, with the link to the page
  // after it; without script the link opens a page of its own.
  function earlier(event) {
    var link = event.target.closest('#timeline-earlier a');
    if (!link) {
      return;
    }
    event.preventDefault();
    fetch(link.href, {headers: {'HX-Request': 'true'}, credentials: 'same-origin'})
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fragment = parse(html);
        fragment.querySelectorAll('li.event').forEach(function (row) {
          if (!document.getElementById(row.id)) {
            place(row, true);
          }
        });
        var current = document.getElementById('timeline-earlier');
        var next = fragment.querySelector('#timeline-earlier');
        if (next) {
          current.replaceWith(next);
        } else {
          current.remove();
        }
        markDays();
      })
      .catch(function () {
        window.location.href = link.href;
      });
  }
  document.addEventListener('click', earlier);

  function schedule() {
    clearTimeout(timer);
    if (!document.hidden) {
      timer = setTimeout(poll, delay);
    }
  }

  function poll() {
    if (polling || document.hidden || stopped) {
      return;
    }
    polling = true;
    fetch(changesUrl + '?since=' + revision, {headers: {'HX-Request': 'true'}, credentials: 'same-origin'})
      .then(function (response) {
        if (response.status === 401) {
          signedOut();
          return null;
        }
        if (response.status === 204) {
          return null;
        }
        if (!response.ok || response.redirected) {
          throw new Error('HTTP ' + response.status);
        }
        var next = Number(response.headers.get('X-Timeline-Revision'));
        return response.text().then(function (html) {
          apply(parse(html));
          if (next > revision) {
            revision = next;
          }
        });
      })
      .then(function () {
        delay = POLL_MS;
        document.body.classList.remove('live-offline');
      })
      .catch(function () {
        delay = Math.min(delay * 2, MAX_BACKOFF_MS);
        document.body.classList.add('live-offline');
      })
      .finally(function () {
        polling = false;
        if (!stopped) {
          schedule();
        }
      });
  }

  // The session ended: stop asking, and say how to continue (nothing typed is lost).
  var stopped = false;
  function signedOut() {
    stopped = true;
    clearTimeout(timer);
    document.body.classList.add('live-offline');
    var status = document.getElementById('live-status');
    if (status) {
      status.textContent = list.getAttribute('data-signed-out') || 'Signed out: reload the page to sign in again.';
    }
  }

  document.addEventListener('visibilitychange', function () {
    if (document.hidden) {
      clearTimeout(timer);
    } else {
      delay = POLL_MS;
      poll();
    }
  });

  // for entry.js, the one-line form on the same page
  window.hindsightTimeline = {parse: parse, place: place, markDays: markDays, arrived: arrived, list: list};

  markDays();
  schedule();
})();

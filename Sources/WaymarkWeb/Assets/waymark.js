document.addEventListener('DOMContentLoaded', function () {
  var summary = document.querySelector('[data-module="error-summary"]');
  if (summary) { summary.focus(); }
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
    });
  });
  document.querySelectorAll('form[data-module="person-picker"]').forEach(personPicker);
  var narrow = window.matchMedia && window.matchMedia('(max-width: 40em)').matches;
  var navigation = document.querySelector('nav.wm-navigation');
  if (navigation) { collapsibleNavigation(navigation); }
  if (narrow) { document.querySelectorAll('form.wm-filter').forEach(foldFilters); }
  var wraps = document.querySelectorAll('.wm-table-wrap');
  wraps.forEach(sayWhenItScrolls);
  window.addEventListener('resize', function () { wraps.forEach(sayWhenItScrolls); });
});

// A table wider than the screen scrolls sideways inside its wrapper. When it does, the wrapper
// says so, to the eye (a line above it) and to a screen reader (a labelled region), and can be
// scrolled from the keyboard (it takes the focus).
function sayWhenItScrolls(wrap) {
  var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
  var note = wrap.previousElementSibling && wrap.previousElementSibling.classList.contains('wm-scroll-note')
    ? wrap.previousElementSibling : null;
  if (scrolls) {
    var caption = wrap.querySelector('caption');
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('tabindex', '0');
    wrap.setAttribute('aria-label', (caption ? caption.textContent.trim() : 'Table') + ', scrolls sideways');
    if (!note) {
      note = document.createElement('p');
      note.className = 'wm-scroll-note';
      note.setAttribute('aria-hidden', 'true');
      note.textContent = 'Scroll sideways to see the whole table.';
      wrap.parentNode.insertBefore(note, wrap);
    }
  } else {
    wrap.removeAttribute('role');
    wrap.removeAttribute('tabindex');
    wrap.removeAttribute('aria-label');
    if (note) { note.parentNode.removeChild(note); }
  }
}

// On a small screen the main navigation folds behind a Menu button (without JavaScript, its
// links wrap onto as many lines as they need). On a wide screen the button is not shown.
function collapsibleNavigation(navigation) {
  var list = navigation.querySelector('.wm-navigation__list');
  if (!list) { return; }
  list.id = list.id || 'main-navigation-list';
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'wm-navigation__toggle';
  button.textContent = 'Menu';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', list.id);
  button.addEventListener('click', function () {
    var open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    navigation.classList.toggle('wm-navigation--open', open);
  });
  navigation.insertBefore(button, list);
  navigation.classList.add('wm-navigation--collapsible');
}

// On a small screen a list's filters fold into a details element, saying how many are set, so
// the results come first; opening it shows the form as it was.
function foldFilters(form) {
  var chosen = 0;
  form.querySelectorAll('select, input[type=search], input[type=text], input[type=checkbox]').forEach(function (field) {
    if (field.type === 'checkbox' ? field.checked : (field.value && field.name !== 'sort' && field.name !== 'order' && field.name !== 'per_page')) { chosen += 1; }
  });
  var details = document.createElement('details');
  details.className = 'wm-filter-fold';
  var summary = document.createElement('summary');
  summary.className = 'wm-filter-fold__summary';
  summary.textContent = (form.getAttribute('aria-label') || 'Filters') + (chosen ? ' (' + chosen + ' set)' : '');
  form.parentNode.insertBefore(details, form);
  details.appendChild(summary);
  details.appendChild(form);
}

// The people picker's search box as a combobox (WAI-ARIA 1.2, list autocomplete): matches are
// offered as the person types; arrows move through them, Enter or a click chooses one, Escape
// closes the list. Choosing searches for that person's email address, so the page's own form
// (which works without JavaScript) shows them chosen, ready for a role.
function personPicker(form) {
  var input = form.querySelector('input[name="find"]');
  var url = form.getAttribute('data-candidates');
  if (!input || !url || !window.fetch) { return; }
  var listID = input.id + '-options';
  var list = document.createElement('ul');
  list.id = listID;
  list.className = 'wm-combobox__list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'People who match');
  list.hidden = true;
  var status = document.createElement('p');
  status.className = 'wm-visually-hidden';
  status.setAttribute('role', 'status');
  var group = input.parentNode;
  group.classList.add('wm-combobox');
  group.appendChild(list);
  group.appendChild(status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listID);
  var people = [];
  var active = -1;
  var timer = null;
  var asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }
  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (option, place) {
      option.setAttribute('aria-selected', place === index ? 'true' : 'false');
    });
    var option = list.children[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  }
  function choose(index) {
    var person = people[index];
    if (!person) { return; }
    input.value = person.email;
    close();
    form.submit();
  }
  function show(found) {
    people = found.people;
    list.textContent = '';
    people.forEach(function (person, index) {
      var option = document.createElement('li');
      option.id = listID + '-' + index;
      option.className = 'wm-combobox__option';
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.textContent = person.name + ', ' + person.organisation + ' (' + person.email + ')' +
        (person.role ? ': already on the team as ' + person.role.toLowerCase() : '');
      option.addEventListener('mousedown', function (event) { event.preventDefault(); choose(index); });
      list.appendChild(option);
    });
    active = -1;
    list.hidden = people.length === 0;
    input.setAttribute('aria-expanded', people.length ? 'true' : 'false');
    input.removeAttribute('aria-activedescendant');
    status.textContent = people.length === 0 ? 'No active person matches.'
      : (found.total > people.length ? 'The first ' + people.length + ' of ' + found.total + ' people who match'
        : people.length + (people.length === 1 ? ' person matches' : ' people match')) + '. Use the up and down arrows to choose.';
  }

  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { close(); status.textContent = ''; return; }
    timer = window.setTimeout(function () {
      var ask = ++asked;
      fetch(url + '?q=' + encodeURIComponent(text), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (found) { if (found && ask === asked) { show(found); } })
        .catch(function () { /* the search button still works */ });
    }, 200);
  });
  input.addEventListener('keydown', function (event) {
    if (list.hidden) { return; }
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      highlight(Math.min(active + 1, people.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', function () { window.setTimeout(close, 150); });
}

document.addEventListener('DOMContentLoaded', function () {
  var summary = document.querySelector('[data-module="error-summary"]');
  if (summary) { summary.focus(); }
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
    });
  });
});

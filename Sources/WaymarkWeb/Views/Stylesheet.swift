/// Waymark's stylesheet, written for Waymark in the NHS.UK visual language (NHS blue header,
/// Arial type scale, generous spacing, a visible yellow focus ring). No third-party CSS.
enum Stylesheet {
    static let css = """
    :root {
      --nhs-blue: #005eb8; --nhs-dark-blue: #003087; --nhs-black: #212b32; --nhs-grey-1: #4c6272;
      --nhs-grey-3: #aeb7bd; --nhs-grey-4: #d8dde0; --nhs-grey-5: #f0f4f5; --nhs-white: #ffffff;
      --nhs-green: #007f3b; --nhs-dark-green: #00401e; --nhs-red: #d5281b; --nhs-yellow: #ffeb3b;
      --nhs-warm-yellow: #ffb81c; --nhs-purple: #330072; --nhs-orange: #ed8b00; --focus: #ffeb3b;
    }
    *, *::before, *::after { box-sizing: border-box; }
    html { font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 100%; -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--nhs-grey-5); color: var(--nhs-black); font-size: 1rem; line-height: 1.5; }
    @media (min-width: 40.0625em) { body { font-size: 1.1875rem; line-height: 1.47; } }
    a { color: var(--nhs-blue); text-decoration: underline; }
    a:visited { color: #330072; }
    a:hover { color: #7c2855; text-decoration: none; }
    a:focus, button:focus, input:focus, select:focus, textarea:focus, [tabindex]:focus {
      outline: 4px solid transparent; box-shadow: 0 -2px var(--focus), 0 4px var(--nhs-black);
      background-color: var(--focus); color: var(--nhs-black); text-decoration: none;
    }
    input:focus, select:focus, textarea:focus { background-color: var(--nhs-white); box-shadow: inset 0 0 0 2px var(--nhs-black); outline: 4px solid var(--focus); outline-offset: 0; }
    .wm-skip-link { position: absolute; left: -9999px; top: 0; padding: 12px 16px; background: var(--focus); color: var(--nhs-black); z-index: 10; }
    .wm-skip-link:focus { left: 16px; top: 16px; }
    .wm-visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important; border: 0 !important; }
    .wm-width-container { max-width: 1100px; margin: 0 16px; }
    @media (min-width: 48.0625em) { .wm-width-container { margin: 0 32px; } }
    @media (min-width: 1164px) { .wm-width-container { margin: 0 auto; } }
    .wm-header { background: var(--nhs-blue); color: var(--nhs-white); }
    .wm-header__container { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; padding: 12px 0; gap: 8px; }
    .wm-header__service { display: inline-flex; align-items: center; gap: 10px; color: var(--nhs-white); text-decoration: none; font-weight: bold; font-size: 1.5rem; }
    .wm-header__service:visited, .wm-header__service:hover { color: var(--nhs-white); }
    .wm-header__logo { display: inline-block; width: 40px; height: 40px; line-height: 40px; text-align: center; background: var(--nhs-white); color: var(--nhs-blue); font-weight: bold; border-radius: 4px; }
    .wm-header__account { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; font-size: 1rem; }
    .wm-header__role { opacity: .9; }
    .wm-header__signout { margin: 0; }
    .wm-link-button { background: none; border: 0; padding: 4px; color: var(--nhs-white); text-decoration: underline; font: inherit; cursor: pointer; }
    .wm-navigation { background: var(--nhs-white); border-bottom: 1px solid var(--nhs-grey-4); }
    .wm-navigation__list { list-style: none; display: flex; flex-wrap: wrap; padding: 0; gap: 0 24px; }
    .wm-navigation__link { display: block; padding: 12px 0; font-weight: bold; text-decoration: none; color: var(--nhs-blue); border-bottom: 4px solid transparent; }
    .wm-navigation__link:visited { color: var(--nhs-blue); }
    .wm-navigation__link[aria-current="page"] { border-bottom-color: var(--nhs-blue); color: var(--nhs-black); }
    .wm-breadcrumb { padding: 16px 0 0; font-size: 1rem; }
    .wm-breadcrumb__list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; }
    .wm-breadcrumb__item::after { content: "›"; margin: 0 8px; color: var(--nhs-grey-1); }
    .wm-main-wrapper { display: block; padding: 32px 0 48px; }
    .wm-main-wrapper:focus { background: none; box-shadow: none; outline: none; }
    .wm-footer { background: var(--nhs-grey-4); border-top: 4px solid var(--nhs-blue); padding: 24px 0; font-size: 1rem; }
    .wm-heading-xl { font-size: 2rem; line-height: 1.2; margin: 0 0 32px; }
    .wm-heading-l { font-size: 1.75rem; line-height: 1.25; margin: 0 0 24px; }
    .wm-heading-m { font-size: 1.375rem; line-height: 1.3; margin: 32px 0 16px; }
    .wm-heading-s { font-size: 1.1875rem; margin: 24px 0 8px; }
    @media (min-width: 40.0625em) { .wm-heading-xl { font-size: 3rem; } .wm-heading-l { font-size: 2.25rem; } .wm-heading-m { font-size: 1.625rem; } }
    .wm-caption { display: block; color: var(--nhs-grey-1); font-size: 1.1875rem; margin-bottom: 4px; }
    .wm-body { margin: 0 0 16px; }
    .wm-secondary { color: var(--nhs-grey-1); }
    .wm-list { margin: 0 0 16px; padding-left: 20px; }
    .wm-card { background: var(--nhs-white); border: 1px solid var(--nhs-grey-4); padding: 24px; margin-bottom: 32px; }
    .wm-card > :last-child { margin-bottom: 0; }
    .wm-layout { display: grid; gap: 32px; }
    @media (min-width: 64em) { .wm-layout--sidebar { grid-template-columns: 18rem 1fr; } .wm-layout--two { grid-template-columns: 1fr 1fr; } }
    .wm-form-group { margin-bottom: 24px; }
    .wm-form-group--error { border-left: 4px solid var(--nhs-red); padding-left: 16px; }
    .wm-label { display: block; font-weight: bold; margin-bottom: 4px; }
    .wm-hint { color: var(--nhs-grey-1); margin-bottom: 8px; }
    .wm-error-message { color: var(--nhs-red); font-weight: bold; margin: 0 0 8px; }
    .wm-input, .wm-select, .wm-textarea { font: inherit; width: 100%; max-width: 40em; padding: 6px 8px; border: 2px solid var(--nhs-grey-1); border-radius: 0; background: var(--nhs-white); color: var(--nhs-black); min-height: 40px; }
    .wm-input--short { max-width: 12em; }
    .wm-input--error, .wm-select--error, .wm-textarea--error { border-color: var(--nhs-red); }
    .wm-select { width: auto; min-width: 12em; }
    .wm-fieldset { border: 0; margin: 0; padding: 0; }
    .wm-fieldset__legend { font-weight: bold; margin-bottom: 8px; padding: 0; }
    .wm-choice { display: flex; align-items: flex-start; gap: 8px; margin-bottom: 8px; }
    .wm-choice__input { width: 24px; height: 24px; margin: 2px 0 0; flex: none; accent-color: var(--nhs-blue); }
    .wm-choice__label { font-weight: normal; margin: 0; }
    .wm-choices--small { columns: 2 16em; }
    .wm-button { font: inherit; font-weight: bold; border: 0; border-radius: 4px; padding: 10px 16px; cursor: pointer; box-shadow: 0 4px 0 var(--nhs-dark-green); background: var(--nhs-green); color: var(--nhs-white); margin: 0 12px 16px 0; }
    .wm-button:hover { background: var(--nhs-dark-green); }
    .wm-button--secondary { background: var(--nhs-white); color: var(--nhs-blue); border: 2px solid var(--nhs-blue); box-shadow: 0 4px 0 var(--nhs-blue); }
    .wm-button--secondary:hover { background: #dbe7f3; }
    .wm-button--warning { background: var(--nhs-red); box-shadow: 0 4px 0 #6b140e; }
    .wm-button--warning:hover { background: #aa2016; }
    .wm-button--small { padding: 4px 10px; font-size: 1rem; margin: 0; }
    .wm-button-link { display: inline-block; font-weight: bold; background: var(--nhs-green); color: var(--nhs-white); padding: 10px 16px; border-radius: 4px; text-decoration: none; box-shadow: 0 4px 0 var(--nhs-dark-green); margin-bottom: 16px; }
    .wm-button-link:visited, .wm-button-link:hover { color: var(--nhs-white); }
    .wm-error-summary { border: 4px solid var(--nhs-red); background: var(--nhs-white); padding: 16px 24px; margin-bottom: 32px; }
    .wm-error-summary__title { margin-top: 0; font-size: 1.375rem; }
    .wm-error-summary__list a { color: var(--nhs-red); font-weight: bold; }
    .wm-notice { border-left: 8px solid var(--nhs-green); background: var(--nhs-white); padding: 12px 16px; margin-bottom: 24px; }
    .wm-notice__text { margin: 0; font-weight: bold; }
    .wm-inset { border-left: 8px solid var(--nhs-blue); background: var(--nhs-white); padding: 12px 16px; margin: 0 0 24px; }
    .wm-tag { display: inline-block; padding: 2px 8px; font-size: .875rem; font-weight: bold; border: 1px solid currentColor; border-radius: 2px; white-space: nowrap; }
    .wm-tag--green { color: #005a2a; background: #cce5d8; }
    .wm-tag--yellow { color: #5e4400; background: #fff9c4; }
    .wm-tag--blue { color: #003087; background: #dbe7f3; }
    .wm-tag--grey { color: #2f3c46; background: #e2e7ea; }
    .wm-tag--white { color: var(--nhs-black); background: var(--nhs-white); }
    .wm-tag--purple { color: #330072; background: #e5dcef; }
    .wm-tag--orange { color: #6b3a00; background: #fde7cc; }
    .wm-tag--red { color: #6b140e; background: #f7d4d1; }
    .wm-table { width: 100%; border-collapse: collapse; background: var(--nhs-white); margin-bottom: 24px; font-size: 1rem; }
    .wm-table caption { text-align: left; font-weight: bold; padding: 8px 0; }
    .wm-table th, .wm-table td { text-align: left; vertical-align: top; padding: 10px 12px; border-bottom: 1px solid var(--nhs-grey-4); }
    .wm-table th { background: var(--nhs-grey-5); }
    .wm-table-wrap { overflow-x: auto; }
    .wm-summary-list { margin: 0 0 24px; background: var(--nhs-white); }
    .wm-summary-list__row { display: grid; border-bottom: 1px solid var(--nhs-grey-4); padding: 8px 12px; }
    @media (min-width: 40.0625em) { .wm-summary-list__row { grid-template-columns: 14em 1fr; gap: 16px; } }
    .wm-summary-list__key { font-weight: bold; }
    .wm-summary-list__value { margin: 0; overflow-wrap: anywhere; }
    .wm-filter { background: var(--nhs-white); border: 1px solid var(--nhs-grey-4); padding: 16px; }
    .wm-filter .wm-select, .wm-filter .wm-input { width: 100%; min-width: 0; }
    .wm-filter .wm-form-group { margin-bottom: 16px; }
    .wm-results { list-style: none; margin: 0 0 16px; padding: 0; }
    .wm-result { background: var(--nhs-white); border: 1px solid var(--nhs-grey-4); padding: 16px 20px; margin-bottom: 12px; }
    .wm-result__title { margin: 0 0 4px; font-size: 1.1875rem; }
    .wm-result__meta { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 0; font-size: 1rem; color: var(--nhs-grey-1); }
    .wm-result__summary { margin: 4px 0 0; }
    .wm-pagination { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 8px; }
    .wm-pagination__list { list-style: none; display: flex; gap: 24px; padding: 0; margin: 0; }
    .wm-inline-form { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; }
    .wm-inline-form .wm-form-group { margin-bottom: 16px; }
    .wm-history__item { border-left: 4px solid var(--nhs-grey-3); padding: 4px 0 4px 16px; margin-bottom: 16px; }
    .wm-history__changes { font-size: 1rem; margin: 4px 0 0; padding-left: 20px; }
    .wm-token { font-family: "Courier New", monospace; background: var(--nhs-white); border: 2px dashed var(--nhs-blue); padding: 12px; overflow-wrap: anywhere; }
    .wm-actions { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-bottom: 24px; }
    .wm-actions form { margin: 0; }
    @media print {
      body { background: #fff; font-size: 11pt; }
      .wm-header, .wm-navigation, .wm-skip-link, .wm-footer, .wm-breadcrumb, form, .wm-button, .wm-button-link, .wm-pagination__list { display: none !important; }
      .wm-card, .wm-result, .wm-summary-list, .wm-table { border: 1px solid #000; break-inside: avoid; }
      .wm-main-wrapper { padding: 0; }
      a { color: #000; text-decoration: none; }
      .wm-tag { border: 1px solid #000; background: #fff !important; color: #000 !important; }
      @page { size: A4; margin: 15mm; }
    }
    """
}

/// Progressive enhancement only: every page works without it.
enum Script {
    static let javascript = """
    document.addEventListener('DOMContentLoaded', function () {
      var summary = document.querySelector('[data-module="error-summary"]');
      if (summary) { summary.focus(); }
      document.querySelectorAll('form[data-confirm]').forEach(function (form) {
        form.addEventListener('submit', function (event) {
          if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
        });
      });
    });
    """
}

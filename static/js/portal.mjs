// Marks the page as scripted (GOV.UK Frontend's hooks) and starts its components.
// An external module, so the content security policy needs no inline script.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Elements with data-poll-url refresh their contents from that URL until it says stop.
for (const element of document.querySelectorAll("[data-poll-url]")) {
  const poll = async () => {
    try {
      const response = await fetch(element.dataset.pollUrl, { headers: { Accept: "text/html" } });
      if (response.ok) {
        element.innerHTML = await response.text();
      }
    } catch (error) {
      // A network blip: try again on the next tick.
    }
    if (!element.querySelector("[data-poll-stop]")) {
      window.setTimeout(poll, Number(element.dataset.pollInterval || 2000));
    }
  };
  window.setTimeout(poll, Number(element.dataset.pollInterval || 2000));
}

// The filter pattern: on a wide screen the filters start open; on a phone the results come
// first and the filters open from "Filter". Without JavaScript "Filter" still opens them.
if (window.matchMedia("(min-width: 641px)").matches) {
  for (const details of document.querySelectorAll("details[data-portal-filter]")) {
    details.open = true;
  }
}

// Choosing among 159 councils: alphagov's accessible autocomplete over the select. Without
// JavaScript (or before it loads) the select itself works; the form posts the same value.
if (window.accessibleAutocomplete) {
  for (const select of document.querySelectorAll("select[data-autocomplete]")) {
    window.accessibleAutocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: select.value ? undefined : "",
      showAllValues: true,
      dropdownArrow: () => "",
      tNoResults: () => "No council matches",
    });
  }
}

import { h, hydrate, type ComponentType } from 'preact';
import { SlotPicker } from '../modules/booking/islands/slot-picker.island.js';

/**
 * The site's only script: hydrates the islands the server rendered, and keeps forms
 * from being sent twice. Every page works without it.
 */
const islands: Record<string, ComponentType<any>> = { SlotPicker };

for (const element of document.querySelectorAll<HTMLElement>('[data-island]')) {
  const component = islands[element.dataset.island ?? ''];
  if (!component) continue;
  const props = JSON.parse(element.dataset.props ?? '{}') as Record<string, unknown>;
  hydrate(h(component, props), element);
}

// A double click sends a form once; the server also deduplicates with the form's idempotency key.
const onceForms = document.querySelectorAll<HTMLFormElement>('form[data-submit-once]');
for (const form of onceForms) {
  form.addEventListener('submit', (event) => {
    if (form.dataset.submitting === 'true') {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = 'true';
    for (const button of form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')) button.setAttribute('aria-disabled', 'true');
  });
}

// Back to a page kept in the back/forward cache (say the connection dropped while sending): the
// submission it remembers is over, so the form must be sendable again (the same idempotency key
// still keeps it to one booking).
addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  for (const form of onceForms) {
    delete form.dataset.submitting;
    for (const button of form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')) button.removeAttribute('aria-disabled');
  }
});

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
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-submit-once]')) {
  form.addEventListener('submit', (event) => {
    if (form.dataset.submitting === 'true') {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = 'true';
    for (const button of form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')) button.setAttribute('aria-disabled', 'true');
  });
}

import type { ComponentType } from 'preact';

/**
 * Renders an island on the server: the component's HTML, which works without JavaScript,
 * plus its name and JSON props, from which src/client/main.tsx hydrates it in the browser.
 */
export function Island<P extends object>({ name, component: Component, props }: { name: string; component: ComponentType<P>; props: P }) {
  return (
    <div data-island={name} data-props={JSON.stringify(props)}>
      <Component {...props} />
    </div>
  );
}

import { expect, it } from 'vitest';
import { createSingleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

it('shares a read in flight between callers of the same key, and of that key only', async () => {
  const flights = createSingleFlight();
  const pending = deferred<string>();
  let loads = 0;
  const load = () => (loads++, pending.promise);
  const both = [flights.run('hours', load), flights.run('hours', load)];
  const other = flights.run('closures', async () => 'other');
  pending.resolve('09:00–12:30');
  expect(await Promise.all(both)).toEqual(['09:00–12:30', '09:00–12:30']);
  expect(await other).toBe('other');
  expect(loads).toBe(1);
});

it('keeps nothing once the read has settled, a failure included', async () => {
  const flights = createSingleFlight();
  let loads = 0;
  await expect(flights.run('k', async () => (loads++, Promise.reject(new Error('down'))))).rejects.toThrow('down');
  expect(await flights.run('k', async () => (loads++, 'up'))).toBe('up');
  expect(await flights.run('k', async () => (loads++, 'again'))).toBe('again');
  expect(loads).toBe(3);
});

it('does not let a read that began before a change answer a caller who came after it', async () => {
  const flights = createSingleFlight();
  const before = deferred<string>();
  const early = flights.run('closures', () => before.promise);
  flights.changed();
  const late = flights.run('closures', async () => 'after the change');
  before.resolve('before the change');
  expect(await early).toBe('before the change');
  expect(await late).toBe('after the change');
});
